package io.laas.iam.session.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.session.service.SessionService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's exchange of a session (from its cookie) for a short-lived access token of the person. Not
 * routed by the gateway: the session token is the credential, and the access token stays between the
 * gateway and the services.
 */
@Path("/internal/session-tokens")
@Tag(name = "Sessions")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SessionTokenResource {

    private final SessionService sessions;

    public SessionTokenResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a session for an access token of its person (gateway only)")
    public Uni<Response> exchange(@Valid @NotNull ExchangeRequest request) {
        return sessions.exchange(request.sessionToken())
                .map(issued -> Response.ok(new SessionToken(issued.token().accessToken(), issued.token().tokenType(),
                        issued.token().expiresIn(), issued.token().scope(), issued.session().userId(),
                        issued.session().organizationId(), issued.member().role().value(), issued.session().expiresAt()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @RegisterForReflection
    public record ExchangeRequest(@NotNull @Size(max = 200) String sessionToken) {
    }

    @RegisterForReflection
    public record SessionToken(String accessToken, String tokenType, long expiresIn, String scope, UUID userId,
            UUID organizationId, String role, OffsetDateTime sessionExpiresAt) {
    }
}
