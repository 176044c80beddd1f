package io.laas.webhook.message.rest;

import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.query.QueryValues;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.endpoint.rest.AttemptResponse;
import io.laas.webhook.message.MessageFilter;
import io.laas.webhook.message.service.MessageService;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/webhook-messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook messages")
public class MessageResource {

    /** An event type ({@code transaction.posted}) or a family of them ({@code transaction.*}). */
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\.\\*)?");
    private static final int MAX_EVENT_TYPE = 100;

    private final MessageService service;
    private final JsonWebToken jwt;
    private final WebhookConfig config;

    public MessageResource(MessageService service, JsonWebToken jwt, WebhookConfig config) {
        this.service = service;
        this.jwt = jwt;
        this.config = config;
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "The ledger's messages, newest first, by event type and time received")
    public Uni<Page<MessageResponse>> list(@PathParam("ledger_id") String ledgerId,
            @QueryParam("event_type") String eventType, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        QueryValues query = new QueryValues();
        String type = query.text(eventType);
        if (type != null && (type.length() > MAX_EVENT_TYPE || !EVENT_TYPE.matcher(type).matches())) {
            query.add("event_type", "must be an event type such as transaction.posted, or a family such as"
                    + " transaction.*");
            type = null;
        }
        Instant from = query.instant("since", since);
        Instant to = query.instant("until", until);
        query.range("since", from, "until", to);
        PageRequest page = query.page(limit, cursor, MessageService.messagesCursorKind(),
                config.pagination().defaultLimit(), config.pagination().maxLimit());
        query.check();
        MessageFilter filter = type != null && type.endsWith(".*")
                ? new MessageFilter(null, type.substring(0, type.length() - 2), from, to)
                : new MessageFilter(type, null, from, to);
        return service.list(ledger, filter, page)
                .map(p -> new Page<>(p.data().stream().map(MessageResponse::of).toList(), p.nextCursor()));
    }

    @GET
    @Path("/{message_id}")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "One message and its delivery to each endpoint")
    public Uni<MessageDetailResponse> get(@PathParam("ledger_id") String ledgerId,
            @PathParam("message_id") String messageId) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.get(ledger, messageId).map(MessageDetailResponse::of);
    }

    @GET
    @Path("/{message_id}/attempts")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "The attempts to deliver a message, to all its endpoints, newest first")
    public Uni<Page<AttemptResponse>> attempts(@PathParam("ledger_id") String ledgerId,
            @PathParam("message_id") String messageId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        PageRequest page = PageRequest.of(limit, cursor, MessageService.messageAttemptsCursorKind(),
                config.pagination().defaultLimit(), config.pagination().maxLimit());
        return service.attempts(ledger, messageId, page)
                .map(p -> new Page<>(p.data().stream().map(AttemptResponse::of).toList(), p.nextCursor()));
    }

    @GET
    @Path("/{message_id}/attempts/{attempt_id}")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "One attempt whole: the request sent and, for a failure, the answer")
    public Uni<AttemptDetailResponse> attempt(@PathParam("ledger_id") String ledgerId,
            @PathParam("message_id") String messageId, @PathParam("attempt_id") String attemptId) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.attempt(ledger, messageId, attemptId).map(AttemptDetailResponse::of);
    }

    @POST
    @Path("/{message_id}/endpoints/{endpoint_id}/resend")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Deliver the message to the endpoint again, now, with a fresh retry schedule")
    public Uni<Response> resend(@PathParam("ledger_id") String ledgerId, @PathParam("message_id") String messageId,
            @PathParam("endpoint_id") String endpointId) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.resend(ledger, messageId, endpointId)
                .map(state -> Response.accepted(DeliveryResponse.of(state)).build());
    }
}
