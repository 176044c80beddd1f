package io.laas.iam.session.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.session.service.SessionService;
import io.laas.web.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Console sessions. The session token is the secret of the session: the gateway keeps it in an HttpOnly
 * cookie and sends it back here in {@value #SESSION_HEADER}; it never reaches a browser's scripts.
 */
@Path("/v1/sessions")
@Tag(name = "Sessions")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** Where the gateway passes the session token of its cookie. */
    public static final String SESSION_HEADER = "X-Session-Token";

    private final SessionService sessions;

    private final SourceAddress sources;

    public SessionResource(SessionService sessions, SourceAddress sources) {
        this.sessions = sessions;
        this.sources = sources;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with email and password")
    public Uni<Response> login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        return sessions.login(request.email().strip(), request.password(), Optional.ofNullable(request.organizationId()),
                Initiators.sourceOf(http, sources))
                .map(SessionResource::opened);
    }

    /** The session's secret is in the answer for the gateway, which moves it into the HttpOnly cookie. */
    private static Response opened(SessionService.Login login) {
        return Response.created(URI.create("/v1/sessions/current"))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(new LoginView(login.token(), login.session().expiresAt(), login.session().idleExpiresAt(),
                        new UserView(login.member().userId(), login.member().email()),
                        new OrganizationView(login.session().organizationId(), login.organizationName()),
                        login.member().role().value(), login.member().role().scopes()))
                .build();
    }

    @GET
    @Path("/current/organizations")
    @Operation(summary = "The organisations the session's person belongs to, with their role in each")
    public Uni<OrganizationsView> organizations(@HeaderParam(SESSION_HEADER) String sessionToken) {
        return sessions.organizations(requireToken(sessionToken)).map(list -> new OrganizationsView(list.stream()
                .map(one -> new MembershipView(one.organizationId(), one.organizationName(), one.role().value(),
                        one.joinedAt()))
                .toList()));
    }

    @POST
    @Path("/current/organization")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End this session and open one for the same person in another of their organisations")
    public Uni<Response> switchOrganization(@HeaderParam(SESSION_HEADER) String sessionToken,
            @Valid @NotNull SwitchRequest request, @Context HttpServerRequest http) {
        return sessions.switchOrganization(requireToken(sessionToken), request.organizationId(),
                Initiators.sourceOf(http, sources)).map(SessionResource::opened);
    }

    @GET
    @Path("/current")
    @Operation(summary = "The signed-in person, organisation and role of this session")
    public Uni<CurrentView> current(@HeaderParam(SESSION_HEADER) String sessionToken) {
        return sessions.current(requireToken(sessionToken)).map(current -> new CurrentView(
                new UserView(current.member().userId(), current.member().email()),
                new OrganizationView(current.session().organizationId(), current.organizationName()),
                current.member().role().value(), current.member().role().scopes(), current.session().expiresAt(),
                current.session().idleExpiresAt()));
    }

    @DELETE
    @Path("/current")
    @Operation(summary = "Sign out of this session")
    public Uni<Response> logout(@HeaderParam(SESSION_HEADER) String sessionToken) {
        return sessions.logout(requireToken(sessionToken)).map(done -> Response.noContent().build());
    }

    @DELETE
    @Operation(summary = "Sign out of every session of this person, and revoke the access tokens issued to them")
    public Uni<Response> logoutEverywhere(@HeaderParam(SESSION_HEADER) String sessionToken,
            @Context HttpServerRequest http) {
        return sessions.logoutEverywhere(requireToken(sessionToken), Initiators.sourceOf(http, sources)).map(ended -> Response.noContent().build());
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new ProblemException(401, SessionService.SESSION_INVALID, "Unauthorized",
                    "This operation needs a session.");
        }
        return token.strip();
    }

    @RegisterForReflection
    public record LoginRequest(@NotNull @Size(max = 254) String email, @NotNull @Size(max = 1024) String password,
            UUID organizationId) {
    }

    @RegisterForReflection
    public record SwitchRequest(@NotNull UUID organizationId) {
    }

    @RegisterForReflection
    public record MembershipView(UUID id, String name, String role, OffsetDateTime joinedAt) {
    }

    @RegisterForReflection
    public record OrganizationsView(java.util.List<MembershipView> data) {
    }

    @RegisterForReflection
    public record UserView(UUID id, String email) {
    }

    @RegisterForReflection
    public record OrganizationView(UUID id, String name) {
    }

    @RegisterForReflection
    public record CurrentView(UserView user, OrganizationView organization, String role, java.util.List<String> scopes,
            OffsetDateTime expiresAt, OffsetDateTime idleExpiresAt) {
    }

    @RegisterForReflection
    public record LoginView(String sessionToken, OffsetDateTime expiresAt, OffsetDateTime idleExpiresAt, UserView user,
            OrganizationView organization, String role, java.util.List<String> scopes) {
    }
}
