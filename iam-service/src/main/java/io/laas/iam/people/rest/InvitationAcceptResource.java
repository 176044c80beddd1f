package io.laas.iam.people.rest;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.people.service.InvitationService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Accepting an invitation: the token is the credential, so no bearer token is needed. */
@Path("/v1/invitations/{token}/accept")
@Tag(name = "People")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class InvitationAcceptResource {

    private final InvitationService invitations;

    public InvitationAcceptResource(InvitationService invitations) {
        this.invitations = invitations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept an invitation: a new person sets a password, an existing one gives theirs")
    public Uni<Response> accept(@PathParam("token") String token, @Valid @NotNull AcceptRequest request,
            @Context HttpServerRequest http) {
        return invitations.accept(token, request.password(), io.laas.iam.session.rest.SourceAddress.of(http))
                .map(accepted -> Response.ok(new Accepted(new SignupResource.PersonView(accepted.person().id(),
                        accepted.person().email()), accepted.organizationId(), accepted.role().value(),
                        accepted.newAccount())).build());
    }

    @RegisterForReflection
    public record AcceptRequest(@NotNull @Size(max = 1024) String password) {
    }

    @RegisterForReflection
    public record Accepted(SignupResource.PersonView user, UUID organizationId, String role, boolean newAccount) {
    }
}
