package io.laas.iam.people.rest;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.people.service.SignupService;
import io.laas.iam.session.rest.SourceAddress;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Open sign-up: a person and the organisation they own. */
@Path("/v1/signup")
@Tag(name = "People")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SignupResource {

    private final SignupService signups;
    private final SourceAddress sources;

    public SignupResource(SignupService signups, SourceAddress sources) {
        this.signups = signups;
        this.sources = sources;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign up: create a person, their organisation, and make them its owner")
    public Uni<Response> signup(@Valid @NotNull SignupRequest request, @Context HttpServerRequest http) {
        return signups.signup(request.email().strip(), request.password(), request.organizationName().strip(),
                Initiators.sourceOf(http, sources))
                .map(done -> Response.status(201)
                        .entity(new SignupView(new PersonView(done.person().id(), done.person().email()),
                                new OrganizationView(done.organizationId(), done.organizationName()), done.role().value()))
                        .build());
    }

    @RegisterForReflection
    public record SignupRequest(
            @NotNull @Email(regexp = ".+@.+\\..+", message = "must be an email address") @Size(max = 254) String email,
            @NotNull String password,
            @NotNull @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String organizationName) {
    }

    @RegisterForReflection
    public record PersonView(UUID id, String email) {
    }

    @RegisterForReflection
    public record OrganizationView(UUID id, String name) {
    }

    @RegisterForReflection
    public record SignupView(PersonView user, OrganizationView organization, String role) {
    }
}
