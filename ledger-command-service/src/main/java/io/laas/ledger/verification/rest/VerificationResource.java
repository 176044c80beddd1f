package io.laas.ledger.verification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.ledger.verification.Verification;
import io.laas.ledger.verification.service.ChainVerifier;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/ledgers/{ledger_id}/verify}: recomputes the ledger's hash chain over every event, checks the
 * sequence has no gap and replays the postings against the write model's balances. 200 with
 * {@code verified: false} and the first mismatch when something does not match.
 */
@Path("/v1/ledgers/{ledger_id}/verify")
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    private final ChainVerifier verifier;
    private final JsonWebToken jwt;

    public VerificationResource(ChainVerifier verifier, JsonWebToken jwt) {
        this.verifier = verifier;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed(Scopes.LEDGER_READ)
    public Uni<Verification> verify(@PathParam("ledger_id") String ledgerId) {
        return verifier.verify(LedgerAccess.require(jwt, ledgerId));
    }
}
