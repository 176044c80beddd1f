package io.laas.iam.project.rest;

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
import jakarta.ws.rs.PATCH;
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
import io.laas.iam.project.Project;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The projects of the organisation the {@code iam:admin} token belongs to. */
@Path("/v1/projects")
@Tag(name = "Projects")
@RolesAllowed(Scopes.IAM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    /** Lower-case letters, digits and dashes, starting with a letter or digit: safe in URLs and logs. */
    public static final String CODE_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

    private final ProjectService projects;
    private final JsonWebToken jwt;
    private final Initiators initiators;

    public ProjectResource(ProjectService projects, JsonWebToken jwt, Initiators initiators) {
        this.projects = projects;
        this.jwt = jwt;
        this.initiators = initiators;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a project")
    public Uni<Response> create(@Valid @NotNull CreateProject request) {
        return projects.create(initiators.current(),
                AdministeredOrganization.of(jwt), request.code(), request.name().strip())
                .map(project -> Response.created(URI.create("/v1/projects/" + project.id()))
                        .entity(ProjectView.of(project)).build());
    }

    @GET
    @Operation(summary = "The organisation's projects, ordered by code")
    public Uni<ProjectList> list() {
        return projects.list(AdministeredOrganization.of(jwt))
                .map(list -> new ProjectList(list.stream().map(ProjectView::of).toList()));
    }

    @GET
    @Path("/{project_id}")
    @Operation(summary = "One project")
    public Uni<ProjectView> get(@PathParam("project_id") String projectId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return projects.get(organizationId, parseId(projectId)).map(ProjectView::of);
    }

    @PATCH
    @Path("/{project_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a project (its code never changes)")
    public Uni<ProjectView> update(@PathParam("project_id") String projectId, @Valid @NotNull UpdateProject request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return projects.rename(initiators.current(),
                organizationId, parseId(projectId), request.name().strip()).map(ProjectView::of);
    }

    @DELETE
    @Path("/{project_id}")
    @Operation(summary = "Delete an empty project")
    public Uni<Response> delete(@PathParam("project_id") String projectId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return projects.delete(initiators.current(),
                organizationId, parseId(projectId)).map(done -> Response.noContent().build());
    }

    /** A malformed id names no project: 404, as for any project that is not the caller's. */
    private static UUID parseId(String projectId) {
        try {
            UUID id = UUID.fromString(projectId);
            if (id.toString().equalsIgnoreCase(projectId)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProjectService.notFound(projectId);
    }

    @RegisterForReflection
    public record CreateProject(
            @NotNull @Pattern(regexp = CODE_PATTERN, message = "must be 1 to 63 lower-case letters, digits or dashes, not starting with a dash") String code,
            @NotNull @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String name) {
    }

    /** Only the name changes; {@code code} is named so that an attempt to change it is refused, not ignored. */
    @RegisterForReflection
    public record UpdateProject(
            @NotNull @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String name,
            @Null(message = "cannot be changed") String code) {
    }

    @RegisterForReflection
    public record ProjectList(List<ProjectView> data) {
    }

    @RegisterForReflection
    public record ProjectView(UUID id, String code, String name, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static ProjectView of(Project project) {
            return new ProjectView(project.id(), project.code(), project.name(), project.createdAt(),
                    project.updatedAt());
        }
    }
}
