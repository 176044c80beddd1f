package io.laas.iam.people.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
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
import io.laas.iam.people.Invitation;
import io.laas.iam.people.Member;
import io.laas.iam.people.Role;
import io.laas.iam.people.service.InvitationService;
import io.laas.iam.people.service.MemberService;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The members of the caller's organisation and the invitations into it (owners: {@code iam:admin}). */
@Path("/v1/organizations/current")
@Tag(name = "People")
@RolesAllowed(Scopes.IAM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationPeopleResource {

    static final String ROLE_PATTERN = "owner|developer";

    private final MemberService members;
    private final InvitationService invitations;
    private final JsonWebToken jwt;
    private final Initiators initiators;

    public OrganizationPeopleResource(MemberService members, InvitationService invitations, JsonWebToken jwt,
            Initiators initiators) {
        this.members = members;
        this.invitations = invitations;
        this.jwt = jwt;
        this.initiators = initiators;
    }

    @GET
    @Path("/members")
    @Operation(summary = "The organisation's members, ordered by email")
    public Uni<MemberList> listMembers() {
        return members.list(AdministeredOrganization.of(jwt))
                .map(list -> new MemberList(list.stream().map(MemberView::of).toList()));
    }

    @PATCH
    @Path("/members/{user_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a member's role (the organisation keeps at least one owner)")
    public Uni<MemberView> changeRole(@PathParam("user_id") String userId, @Valid @NotNull RoleChange request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return members.changeRole(initiators.current(), organizationId, parseId(userId, MemberService.notFound(userId)),
                Role.parse(request.role()).orElseThrow()).map(MemberView::of);
    }

    @DELETE
    @Path("/members/{user_id}")
    @Operation(summary = "Remove a member and end their sessions in the organisation (the last owner stays)")
    public Uni<Response> removeMember(@PathParam("user_id") String userId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return members.remove(initiators.current(), organizationId, parseId(userId, MemberService.notFound(userId)))
                .map(done -> Response.noContent().build());
    }

    @POST
    @Path("/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite someone; the single-use token is in this response only")
    public Uni<Response> invite(@Valid @NotNull InvitationRequest request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return invitations.create(initiators.current(),
                organizationId, subjectAsId(), request.email().strip(), Role.parse(request.role()).orElseThrow())
                .map(created -> Response.created(URI.create("/v1/organizations/current/invitations/" + created.invitation().id()))
                        .header("Cache-Control", "no-store")
                        .header("Pragma", "no-cache")
                        .entity(CreatedInvitationView.of(created))
                        .build());
    }

    @GET
    @Path("/invitations")
    @Operation(summary = "The organisation's invitations, newest first (never their tokens)")
    public Uni<InvitationList> listInvitations() {
        return invitations.list(AdministeredOrganization.of(jwt))
                .map(list -> new InvitationList(list.stream().map(InvitationView::of).toList()));
    }

    @DELETE
    @Path("/invitations/{invitation_id}")
    @Operation(summary = "Revoke a pending invitation")
    public Uni<Response> revokeInvitation(@PathParam("invitation_id") String invitationId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return invitations.revoke(initiators.current(), organizationId, parseId(invitationId,
                io.laas.web.problem.ProblemException.notFound(InvitationService.INVITATION_NOT_FOUND, "No such invitation.")))
                .map(revoked -> Response.noContent().build());
    }

    /** The person who invites, when the token is a person's; a client's subject records no one. */
    private UUID subjectAsId() {
        try {
            return jwt.getSubject() == null ? null : UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID parseId(String value, RuntimeException notFound) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw notFound;
    }

    @RegisterForReflection
    public record RoleChange(@NotNull @Pattern(regexp = ROLE_PATTERN, message = "must be owner or developer") String role) {
    }

    @RegisterForReflection
    public record InvitationRequest(
            @NotNull @Email(regexp = ".+@.+\\..+", message = "must be an email address") @Size(max = 254) String email,
            @NotNull @Pattern(regexp = ROLE_PATTERN, message = "must be owner or developer") String role) {
    }

    @RegisterForReflection
    public record MemberView(UUID userId, String email, String role, OffsetDateTime joinedAt) {
        static MemberView of(Member member) {
            return new MemberView(member.userId(), member.email(), member.role().value(), member.joinedAt());
        }
    }

    @RegisterForReflection
    public record MemberList(List<MemberView> data) {
    }

    @RegisterForReflection
    public record InvitationView(UUID id, String email, String role, String status, UUID invitedBy,
            OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime acceptedAt, UUID acceptedBy) {
        static InvitationView of(Invitation invitation) {
            return new InvitationView(invitation.id(), invitation.email(), invitation.role().value(),
                    invitation.status(OffsetDateTime.now()), invitation.invitedBy(), invitation.createdAt(),
                    invitation.expiresAt(), invitation.acceptedAt(), invitation.acceptedBy());
        }
    }

    @RegisterForReflection
    public record InvitationList(List<InvitationView> data) {
    }

    /** The one answer that carries the token, and the path that accepts it. */
    @RegisterForReflection
    public record CreatedInvitationView(UUID id, String email, String role, String status, OffsetDateTime expiresAt,
            String token, String acceptPath) {
        static CreatedInvitationView of(InvitationService.Created created) {
            Invitation invitation = created.invitation();
            return new CreatedInvitationView(invitation.id(), invitation.email(), invitation.role().value(),
                    invitation.status(OffsetDateTime.now()), invitation.expiresAt(), created.token(),
                    "/v1/invitations/" + created.token() + "/accept");
        }
    }
}
