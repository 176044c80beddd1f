package io.laas.iam.apikey.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.apikey.ApiKey;
import io.laas.iam.apikey.service.ApiKeyService;
import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.credential.service.CredentialGrants;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.security.ApiKeyFormat;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The API keys of one project of the organisation the {@code iam:admin} token belongs to. A raw key is in
 * the answer to its creation or rotation only, with {@code Cache-Control: no-store}.
 */
@Path("/v1/projects/{project_id}/api-keys")
@Tag(name = "API keys")
@RolesAllowed(Scopes.IAM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final JsonWebToken jwt;
    private final Initiators initiators;

    public ApiKeyResource(ApiKeyService keys, JsonWebToken jwt, Initiators initiators) {
        this.keys = keys;
        this.jwt = jwt;
        this.initiators = initiators;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key (the key is in this answer only)")
    public Uni<Response> create(@PathParam("project_id") String projectId, @Valid @NotNull CreateApiKey request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        UUID project = projectId(projectId);
        var spec = new ApiKeyService.KeySpec(blankToNull(request.description()), request.scopes(), request.ledgers(),
                request.expiresAt());
        return keys.create(initiators.current(), organizationId, project, !"test".equals(request.environment()), spec)
                .map(issued -> secret(Response.created(location(project, issued.key().id()))
                        .entity(CreatedApiKey.of(issued, null))).build());
    }

    @GET
    @Operation(summary = "The project's API keys, newest first (never the keys themselves)")
    public Uni<ApiKeyList> list(@PathParam("project_id") String projectId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return keys.list(organizationId, projectId(projectId))
                .map(list -> new ApiKeyList(list.stream().map(ApiKeyView::of).toList()));
    }

    @GET
    @Path("/{key_id}")
    @Operation(summary = "One API key (never the key itself)")
    public Uni<ApiKeyView> get(@PathParam("project_id") String projectId, @PathParam("key_id") String keyId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return keys.get(organizationId, projectId(projectId), keyId(keyId)).map(ApiKeyView::of);
    }

    @DELETE
    @Path("/{key_id}")
    @Operation(summary = "Revoke an API key at once")
    public Uni<Response> revoke(@PathParam("project_id") String projectId, @PathParam("key_id") String keyId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return keys.revoke(initiators.current(),
                organizationId, projectId(projectId), keyId(keyId)).map(key -> Response.noContent().build());
    }

    @POST
    @Path("/{key_id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an API key by a new one; the old one keeps working during the overlap")
    public Uni<Response> rotate(@PathParam("project_id") String projectId, @PathParam("key_id") String keyId,
            @Valid RotateApiKey request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        UUID project = projectId(projectId);
        UUID id = keyId(keyId);
        RotateApiKey body = request == null ? new RotateApiKey(null, null) : request;
        return Uni.createFrom().item(() -> CredentialGrants.overlap(body.overlapSeconds()))
                .chain(overlap -> keys.rotate(initiators.current(),
                        organizationId, project, id, overlap, body.expiresAt()))
                .map(rotation -> secret(Response.created(location(project, rotation.issued().key().id()))
                        .entity(CreatedApiKey.of(rotation.issued(), ApiKeyView.of(rotation.previous())))).build());
    }

    /** A raw key must not be kept by any cache between the server and the person who asked for it. */
    static Response.ResponseBuilder secret(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }

    private static URI location(UUID projectId, UUID keyId) {
        return URI.create("/v1/projects/" + projectId + "/api-keys/" + keyId);
    }

    /** A malformed id names no project: 404, as for any project that is not the caller's. */
    private static UUID projectId(String value) {
        UUID id = canonical(value);
        if (id == null) {
            throw ProjectService.notFound(value);
        }
        return id;
    }

    private static UUID keyId(String value) {
        UUID id = canonical(value);
        if (id == null) {
            throw ApiKeyService.notFound(value);
        }
        return id;
    }

    static UUID canonical(String value) {
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? id : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * {@code key} is named so that an attempt to choose the key is refused, not ignored.
     *
     * @param environment {@code live} (the default) or {@code test}: the key starts with {@code sk_live_} or
     *        {@code sk_test_}
     */
    @RegisterForReflection
    public record CreateApiKey(
            @Size(max = 200) String description,
            @NotNull @Size(min = 1, max = 10) List<@NotNull String> scopes,
            @NotNull @Size(min = 1, max = CredentialGrants.MAX_LEDGERS) List<@NotNull UUID> ledgers,
            OffsetDateTime expiresAt,
            @Pattern(regexp = "live|test", message = "must be live or test") String environment,
            @Null(message = "is generated by the server") String key) {
    }

    /** @param overlapSeconds how long the old key keeps working: 0 to 604800 (7 days), 86400 when absent */
    @RegisterForReflection
    public record RotateApiKey(Long overlapSeconds, OffsetDateTime expiresAt) {
    }

    @RegisterForReflection
    public record ApiKeyList(List<ApiKeyView> data) {
    }

    @RegisterForReflection
    public record ApiKeyView(UUID id, UUID projectId, String prefix, String lastFour, String environment,
            String description, List<String> scopes, List<UUID> ledgers, String status, OffsetDateTime createdAt,
            OffsetDateTime lastUsedAt, OffsetDateTime expiresAt, OffsetDateTime revokedAt, UUID replacedBy) {
        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id(), key.projectId(), key.prefix(), key.lastFour(),
                    key.prefix().startsWith(ApiKeyFormat.LIVE) ? "live" : "test", key.description(), key.scopes(),
                    key.ledgers(), key.status(OffsetDateTime.now(ZoneOffset.UTC)), key.createdAt(), key.lastUsedAt(),
                    key.expiresAt(), key.revokedAt(), key.replacedBy());
        }
    }

    /**
     * A key as created or rotated in: {@code key} is the raw API key, shown here once.
     *
     * @param previous on rotation, the key replaced, with the end of its overlap as {@code expires_at}
     */
    @RegisterForReflection
    public record CreatedApiKey(UUID id, UUID projectId, String key, String prefix, String lastFour,
            String environment, String description, List<String> scopes, List<UUID> ledgers, String status,
            OffsetDateTime createdAt, OffsetDateTime expiresAt, ApiKeyView previous) {
        static CreatedApiKey of(ApiKeyService.IssuedKey issued, ApiKeyView previous) {
            ApiKeyView view = ApiKeyView.of(issued.key());
            return new CreatedApiKey(view.id(), view.projectId(), issued.secret(), view.prefix(), view.lastFour(),
                    view.environment(), view.description(), view.scopes(), view.ledgers(), view.status(),
                    view.createdAt(), view.expiresAt(), previous);
        }
    }
}
