package io.laas.iam.keys.rest;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.config.IamConfig;
import io.laas.iam.keys.repository.SigningKeyRepository.KeyRow;
import io.laas.iam.keys.service.SigningKeyService;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The operator's view of the token signing keys, and rotation on demand ({@code ops:admin}). */
@Path("/v1/ops/signing-keys")
@Tag(name = "Operations")
@RolesAllowed(Scopes.OPS_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SigningKeyResource {

    private final SigningKeyService keys;
    private final IamConfig config;

    public SigningKeyResource(SigningKeyService keys, IamConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Operation(summary = "Every signing key with its status (next, active, retired), newest first")
    public Uni<KeyList> list() {
        return keys.keys().map(rows -> new KeyList(rows.stream().map(this::view).toList()));
    }

    /**
     * Starts a rotation: a next key is published now and signs once it has been published for the lead time
     * (the active one then retires). Asking again while a key waits changes nothing and answers that key.
     */
    @POST
    @Path("/rotation")
    @Operation(summary = "Publish the next signing key; it signs after the lead time")
    public Uni<Response> rotate() {
        return keys.prepareNextKey().map(row -> Response.accepted(view(row)).build());
    }

    private KeyView view(KeyRow row) {
        OffsetDateTime signsFrom = row.status().equals("next") ? row.createdAt().plus(config.signingKeys().leadTime())
                : row.activatedAt();
        OffsetDateTime publishedUntil = row.retiredAt() == null ? null : row.retiredAt().plus(config.jwksRetiredRetention());
        return new KeyView(row.key().kid(), row.status(), row.createdAt(), signsFrom, row.retiredAt(), publishedUntil);
    }

    /**
     * @param signsFrom when it started (or, for the next key, will start at the earliest) signing
     * @param publishedUntil for a retired key, when it leaves the JWKS
     */
    @RegisterForReflection
    public record KeyView(String kid, String status, OffsetDateTime createdAt, OffsetDateTime signsFrom,
            OffsetDateTime retiredAt, OffsetDateTime publishedUntil) {
    }

    @RegisterForReflection
    public record KeyList(List<KeyView> data) {
    }
}
