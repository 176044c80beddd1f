package io.laas.iam.client.rest;

import java.net.URI;
import java.time.OffsetDateTime;
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

import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.client.OAuthClient;
import io.laas.iam.client.service.OAuthClientService;
import io.laas.iam.credential.service.CredentialGrants;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The OAuth2 clients of one project of the organisation the {@code iam:admin} token belongs to. A secret is
 * in the answer to the creation or rotation only, with {@code Cache-Control: no-store}.
 */
@Path("/v1/projects/{project_id}/clients")
@Tag(name = "OAuth2 clients")
@RolesAllowed(Scopes.IAM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class OAuthClientResource {

    private final OAuthClientService clients;
    private final JsonWebToken jwt;
    private final Initiators initiators;

    public OAuthClientResource(OAuthClientService clients, JsonWebToken jwt, Initiators initiators) {
        this.clients = clients;
        this.jwt = jwt;
        this.initiators = initiators;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an OAuth2 client (the secret is in this answer only)")
    public Uni<Response> create(@PathParam("project_id") String projectId, @Valid @NotNull CreateClient request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        UUID project = projectId(projectId);
        var spec = new OAuthClientService.ClientSpec(request.name().strip(), request.scopes(),
                request.ledgers() == null ? List.of() : request.ledgers());
        return clients.create(initiators.current(), organizationId, project, spec)
                .map(created -> secret(Response.created(URI.create("/v1/projects/" + project + "/clients/"
                        + created.client().id())).entity(ClientWithSecretView.of(created))).build());
    }

    @GET
    @Operation(summary = "The project's OAuth2 clients, by name (never their secrets)")
    public Uni<ClientList> list(@PathParam("project_id") String projectId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return clients.list(organizationId, projectId(projectId))
                .map(list -> new ClientList(list.stream().map(ClientView::of).toList()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One OAuth2 client (never its secret)")
    public Uni<ClientView> get(@PathParam("project_id") String projectId, @PathParam("id") String id) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return clients.get(organizationId, projectId(projectId), clientId(id)).map(ClientView::of);
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give the client a new secret; the old one keeps working during the overlap")
    public Uni<Response> rotateSecret(@PathParam("project_id") String projectId, @PathParam("id") String id,
            RotateSecret request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        UUID project = projectId(projectId);
        UUID client = clientId(id);
        Long overlap = request == null ? null : request.overlapSeconds();
        return Uni.createFrom().item(() -> CredentialGrants.overlap(overlap))
                .chain(duration -> clients.rotateSecret(initiators.current(),
                        organizationId, project, client, duration))
                .map(rotated -> secret(Response.ok(ClientWithSecretView.of(rotated))).build());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an OAuth2 client and revoke its tokens")
    public Uni<Response> delete(@PathParam("project_id") String projectId, @PathParam("id") String id) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return clients.delete(initiators.current(), organizationId, projectId(projectId), clientId(id))
                .map(done -> Response.noContent().build());
    }

    private static Response.ResponseBuilder secret(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }

    private static UUID projectId(String value) {
        UUID id = canonical(value);
        if (id == null) {
            throw ProjectService.notFound(value);
        }
        return id;
    }

    private static UUID clientId(String value) {
        UUID id = canonical(value);
        if (id == null) {
            throw OAuthClientService.notFound(value);
        }
        return id;
    }

    private static UUID canonical(String value) {
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? id : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** {@code client_id} and {@code client_secret} are named so that an attempt to choose them is refused, not ignored. */
    @RegisterForReflection
    public record CreateClient(
            @NotNull @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String name,
            @NotNull @Size(min = 1, max = 10) List<@NotNull String> scopes,
            @Size(max = CredentialGrants.MAX_LEDGERS) List<@NotNull UUID> ledgers,
            @Null(message = "is generated by the server") String clientId,
            @Null(message = "is generated by the server") String clientSecret) {
    }

    /** @param overlapSeconds how long the old secret keeps working: 0 to 604800 (7 days), 86400 when absent */
    @RegisterForReflection
    public record RotateSecret(Long overlapSeconds) {
    }

    @RegisterForReflection
    public record ClientList(List<ClientView> data) {
    }

    @RegisterForReflection
    public record ClientView(UUID id, String clientId, UUID projectId, String name, List<String> scopes,
            List<UUID> ledgers, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime secretRotatedAt,
            OffsetDateTime previousSecretExpiresAt, OffsetDateTime lastUsedAt) {
        static ClientView of(OAuthClient c) {
            return new ClientView(c.id(), c.clientId(), c.projectId(), c.name(), c.scopes(), c.ledgers(), c.createdAt(),
                    c.updatedAt(), c.secretRotatedAt(), c.previousSecretExpiresAt(), c.lastUsedAt());
        }
    }

    /** A client as created or rotated: {@code client_secret} is shown here once. */
    @RegisterForReflection
    public record ClientWithSecretView(UUID id, String clientId, String clientSecret, UUID projectId, String name,
            List<String> scopes, List<UUID> ledgers, OffsetDateTime createdAt, OffsetDateTime secretRotatedAt,
            OffsetDateTime previousSecretExpiresAt) {
        static ClientWithSecretView of(OAuthClientService.ClientWithSecret created) {
            OAuthClient c = created.client();
            return new ClientWithSecretView(c.id(), c.clientId(), created.secret(), c.projectId(), c.name(), c.scopes(),
                    c.ledgers(), c.createdAt(), c.secretRotatedAt(), c.previousSecretExpiresAt());
        }
    }
}
