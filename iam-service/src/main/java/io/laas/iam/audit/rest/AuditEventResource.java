package io.laas.iam.audit.rest;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.AuditEvent;
import io.laas.iam.audit.AuditQuery;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.query.QueryValues;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The audit log of the caller's organisation, newest first, for its owners ({@code iam:admin}). Read-only:
 * nothing here or anywhere changes an event.
 */
@Path("/v1/organizations/current/audit-events")
@Tag(name = "Audit events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventResource {

    static final String CURSOR_KIND = "aud1";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** An action ({@code api_key.revoked}) or the prefix of a family of them ({@code api_key.}). */
    private static final Pattern ACTION = Pattern.compile("[a-z_]{1,64}\\.([a-z_]{1,64})?");
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    private final AuditLog audit;
    private final JsonWebToken jwt;

    public AuditEventResource(AuditLog audit, JsonWebToken jwt) {
        this.jwt = jwt;
        this.audit = audit;
    }

    @GET
    @RolesAllowed(Scopes.IAM_ADMIN)
    @KnownQueryParameters
    @Operation(summary = "The organisation's audit events, newest first, filtered and paged")
    public Uni<Page<AuditEventView>> list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("actor_id") String actorId, @QueryParam("action") String action,
            @QueryParam("target_type") String targetType, @QueryParam("target_id") String targetId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return find(audit, AdministeredOrganization.of(jwt), from, to, actorId, action, targetType, targetId, limit, cursor);
    }

    static Uni<Page<AuditEventView>> find(AuditLog audit, UUID organizationId, String from, String to, String actorId, String action,
            String targetType, String targetId, String limit, String cursor) {
        QueryValues query = new QueryValues();
        Instant fromTime = query.instant("from", from);
        Instant toTime = query.instant("to", to);
        query.range("from", fromTime, "to", toTime);
        String actor = query.matching("actor_id", actorId, TEXT, "must be 1 to 200 printable characters");
        String actionFilter = query.matching("action", action, ACTION,
                "must be an action such as api_key.revoked, or a prefix such as api_key.");
        String type = query.matching("target_type", targetType, TEXT, "must be 1 to 200 printable characters");
        String target = query.matching("target_id", targetId, TEXT, "must be 1 to 200 printable characters");
        PageRequest page = query.page(limit, cursor, CURSOR_KIND, DEFAULT_LIMIT, MAX_LIMIT);
        query.check();
        Long beforeSeq = page.after() == null ? null : PageRequest.numericKey(page.after());
        return audit.find(new AuditQuery(organizationId, fromTime, toTime, actor, actionFilter, type, target, beforeSeq,
                page.limit() + 1))
                .map(events -> page.page(events, event -> PageRequest.encode(CURSOR_KIND, Long.toString(event.seq()))))
                .map(p -> new Page<>(p.data().stream().map(AuditEventView::of).toList(), p.nextCursor()));
    }

    @RegisterForReflection
    public record ActorView(String type, String id, String display) {
    }

    @RegisterForReflection
    public record TargetView(String type, String id) {
    }

    @RegisterForReflection
    public record SourceView(String ip, String userAgent, String requestId) {
    }

    @RegisterForReflection
    public record AuditEventView(UUID id, Instant occurredAt, UUID organizationId, ActorView actor, String action,
            TargetView target, SourceView source, JsonObject before, JsonObject after, String service) {
        static AuditEventView of(AuditEvent event) {
            return new AuditEventView(event.id(), event.occurredAt(), event.organizationId(),
                    new ActorView(event.actor().type(), event.actor().id(), event.actor().display()), event.action(),
                    new TargetView(event.targetType(), event.targetId()),
                    new SourceView(event.source().ip(), event.source().userAgent(), event.source().requestId()),
                    event.before(), event.after(), event.service());
        }
    }
}
