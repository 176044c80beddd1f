package io.laas.ledger.transaction.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.ledger.transaction.PostingReceipt;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.service.PostingMetrics;
import io.laas.ledger.transaction.service.PostingService;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/transactions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TransactionResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final PostingService postings;
    private final PostingMetrics metrics;
    private final JsonWebToken jwt;

    public TransactionResource(PostingService postings, PostingMetrics metrics, JsonWebToken jwt) {
        this.postings = postings;
        this.metrics = metrics;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> post(@PathParam("ledger_id") String ledgerId, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            PostTransactionRequest request) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        TransactionCommand command;
        try {
            command = TransactionRequests.toCommand(ledger, idempotencyKey, request);
        } catch (ProblemException e) {
            metrics.rejected(e.code());
            throw e;
        }
        return postings.post(command).map(outcome -> {
            PostingReceipt receipt = outcome.receipt();
            Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new PostedTransactionResponse(receipt.transactionId(), "accepted", receipt.ledgerSequence()))
                    .location(URI.create("/v1/ledgers/" + ledger + "/transactions/" + receipt.transactionId()));
            if (outcome.replayed()) {
                response.header(IDEMPOTENT_REPLAYED, "true");
            }
            return response.build();
        });
    }
}
