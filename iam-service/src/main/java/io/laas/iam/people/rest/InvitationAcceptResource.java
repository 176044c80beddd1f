package io.laas.iam.people.rest;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.people.service.InvitationService;
import io.laas.iam.session.rest.SessionResource;
import io.laas.iam.session.rest.SourceAddress;
import io.laas.iam.session.service.SessionService;
import io.laas.web.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Accepting an invitation: the token is the credential, so no bearer token is needed. The person proves who
 * they are with a new password (no account yet), their password, or their console session (the gateway
 * passes it in {@value SessionResource#SESSION_HEADER}).
 */
@Path("/v1/invitations/{token}/accept")
@Tag(name = "People")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class InvitationAcceptResource {

    private final InvitationService invitations;
    private final SessionService sessions;

    private final SourceAddress sources;

    public InvitationAcceptResource(InvitationService invitations, SessionService sessions, SourceAddress sources) {
        this.sources = sources;
        this.invitations = invitations;
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept an invitation: a new person sets a password, an existing one gives theirs or is signed in")
    public Uni<Response> accept(@PathParam("token") String token, @Valid AcceptRequest request,
            @HeaderParam(SessionResource.SESSION_HEADER) String sessionToken, @Context HttpServerRequest http) {
        Uni<InvitationService.Accepted> accepting;
        if (sessionToken != null && !sessionToken.isBlank()) {
            accepting = sessions.live(sessionToken.strip())
                    .chain(session -> invitations.acceptAsPerson(token, session.userId(), Initiators.sourceOf(http, sources)));
        } else if (request == null || request.password() == null) {
            throw ProblemException.validation("password", "must not be null");
        } else {
            accepting = invitations.accept(token, request.password(), Initiators.sourceOf(http, sources));
        }
        return accepting
                .map(accepted -> Response.ok(new Accepted(new SignupResource.PersonView(accepted.person().id(),
                        accepted.person().email()), accepted.organizationId(), accepted.role().value(),
                        accepted.newAccount())).build());
    }

    @RegisterForReflection
    public record AcceptRequest(@Size(max = 1024) String password) {
    }

    @RegisterForReflection
    public record Accepted(SignupResource.PersonView user, UUID organizationId, String role, boolean newAccount) {
    }
}
