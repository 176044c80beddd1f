package io.laas.iam.ledger.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.ledger.service.LedgerService;
import io.laas.iam.project.rest.ProjectResource;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The ledgers of one project of the organisation the {@code iam:admin} token belongs to. */
@Path("/v1/projects/{project_id}/ledgers")
@Tag(name = "Ledgers")
@RolesAllowed(Scopes.IAM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ProjectLedgerResource {

    private final LedgerService ledgers;
    private final JsonWebToken jwt;
    private final Initiators initiators;

    public ProjectLedgerResource(LedgerService ledgers, JsonWebToken jwt, Initiators initiators) {
        this.ledgers = ledgers;
        this.jwt = jwt;
        this.initiators = initiators;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a ledger in the project")
    public Uni<Response> create(@PathParam("project_id") String projectId, @Valid @NotNull CreateLedger request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        UUID project = ids(projectId);
        return ledgers.create(initiators.current(),
                organizationId, project, request.code(), request.name().strip(), request.currency())
                .map(ledger -> Response.created(URI.create("/v1/ledgers/" + ledger.id()))
                        .entity(LedgerDetails.of(ledger)).build());
    }

    @GET
    @Operation(summary = "The project's ledgers, ordered by code, archived ones included")
    public Uni<LedgerDetailsList> list(@PathParam("project_id") String projectId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return ledgers.listOfProject(organizationId, ids(projectId))
                .map(list -> new LedgerDetailsList(list.stream().map(LedgerDetails::of).toList()));
    }

    private static UUID ids(String projectId) {
        UUID id = CanonicalIds.parse(projectId);
        if (id == null) {
            throw ProjectService.notFound(projectId);
        }
        return id;
    }

    @RegisterForReflection
    public record CreateLedger(
            @NotNull @Pattern(regexp = ProjectResource.CODE_PATTERN, message = "must be 1 to 63 lower-case letters, digits or dashes, not starting with a dash") String code,
            @NotNull @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String name,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code") String currency) {
    }

    @RegisterForReflection
    public record LedgerDetailsList(List<LedgerDetails> data) {
    }
}
