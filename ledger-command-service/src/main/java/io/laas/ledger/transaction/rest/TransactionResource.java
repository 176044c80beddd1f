package io.laas.ledger.transaction.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import io.laas.ledger.common.rest.RequestFields;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.PostingReceipt;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.service.BulkPosting;
import io.laas.ledger.transaction.service.PostingMetrics;
import io.laas.ledger.transaction.service.PostingService;
import io.laas.ledger.transaction.service.TransactionLifecycle;
import io.laas.web.consistency.LedgerSequence;
import io.laas.web.logging.LogFields;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

@Path("/v1/ledgers/{ledger_id}/transactions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TransactionResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final PostingService postings;
    private final TransactionLifecycle lifecycle;
    private final BulkPosting bulk;
    private final PostingMetrics metrics;
    private final JsonWebToken jwt;

    public TransactionResource(PostingService postings, TransactionLifecycle lifecycle, BulkPosting bulk,
            PostingMetrics metrics, JsonWebToken jwt) {
        this.postings = postings;
        this.lifecycle = lifecycle;
        this.bulk = bulk;
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
        String status = command.pending() ? "pending" : "accepted";
        return postings.post(command).map(outcome -> created(ledger, outcome, status, null));
    }

    /**
     * Posts up to 1,000 transactions: each on its own (200, one result per item, each with the status a
     * single post would have had), or with {@code "atomic": true} all together (201) or none (the first
     * refused item's problem, with its {@code index}).
     */
    @POST
    @Path("/bulk")
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> bulk(@PathParam("ledger_id") String ledgerId, BulkRequest request) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        if (request == null || request.transactions() == null || request.transactions().isEmpty()
                || request.transactions().size() > BulkPosting.MAX_ITEMS) {
            throw RequestFields.invalid(List.of(RequestFields.error("transactions",
                    "must hold 1-" + BulkPosting.MAX_ITEMS + " transactions")));
        }
        boolean atomic = Boolean.TRUE.equals(request.atomic());
        String path = "/v1/ledgers/" + ledger + "/transactions/bulk";
        List<TransactionCommand> commands = new ArrayList<>(request.transactions().size());
        Map<Integer, ProblemException> invalid = new java.util.TreeMap<>();
        for (int i = 0; i < request.transactions().size(); i++) {
            try {
                commands.add(TransactionRequests.toCommand(ledger, null, request.transactions().get(i)));
            } catch (ProblemException e) {
                metrics.rejected(e.code());
                if (atomic) {
                    throw BulkPosting.itemRefused(i, e);
                }
                invalid.put(i, e);
            }
        }
        if (atomic) {
            return bulk.postAtomically(ledger, commands).map(outcomes -> {
                List<BulkResponse.Item> items = new ArrayList<>(outcomes.size());
                for (int i = 0; i < outcomes.size(); i++) {
                    items.add(item(i, outcomes.get(i), null, path));
                }
                return withSequence(Response.status(Response.Status.CREATED), items)
                        .entity(new BulkResponse(true, items)).build();
            });
        }
        return bulk.postEach(commands).map(results -> {
            List<BulkResponse.Item> items = new ArrayList<>(request.transactions().size());
            int next = 0;
            for (int i = 0; i < request.transactions().size(); i++) {
                if (invalid.containsKey(i)) {
                    items.add(item(i, null, invalid.get(i), path));
                } else {
                    BulkPosting.ItemResult result = results.get(next++);
                    items.add(item(i, result.outcome(), result.problem(), path));
                }
            }
            return withSequence(Response.ok(), items).entity(new BulkResponse(false, items)).build();
        });
    }

    /**
     * A bulk answers the highest sequence of its items that were recorded or replayed, the ledger's sequence after
     * all of them; none when every item was refused, since nothing was written.
     */
    private static Response.ResponseBuilder withSequence(Response.ResponseBuilder response, List<BulkResponse.Item> items) {
        items.stream().map(BulkResponse.Item::ledgerSequence).filter(java.util.Objects::nonNull)
                .max(Long::compare).ifPresent(sequence -> response.header(LedgerSequence.HEADER, sequence));
        return response;
    }

    private static BulkResponse.Item item(int index, PostingOutcome outcome, ProblemException problem, String path) {
        if (problem != null) {
            return new BulkResponse.Item(index, problem.status(), null, null, null, problem.toProblem(path).toJson());
        }
        PostingReceipt receipt = outcome.receipt();
        return new BulkResponse.Item(index, 201, receipt.transactionId(), receipt.ledgerSequence(), outcome.replayed(),
                null);
    }

    /** Commits a pending transaction: all of it, or the amounts given per posting (the rest is released). */
    @POST
    @Path("/{transaction_id}/post")
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> commit(@PathParam("ledger_id") String ledgerId, @PathParam("transaction_id") String transactionId,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, LifecycleRequest request) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        Lifecycle parsed = Lifecycle.parse(transactionId, idempotencyKey, request, false);
        return lifecycle.commit(ledger, parsed.transactionId(), parsed.key(), parsed.amounts())
                .map(outcome -> resolved(outcome, "posted"));
    }

    /** Voids a pending transaction: its whole hold is released. */
    @POST
    @Path("/{transaction_id}/void")
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> voidPending(@PathParam("ledger_id") String ledgerId,
            @PathParam("transaction_id") String transactionId, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            LifecycleRequest request) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        Lifecycle parsed = Lifecycle.parse(transactionId, idempotencyKey, request, false);
        if (parsed.amounts() != null) {
            throw RequestFields.invalid(List.of(RequestFields.error("postings", "a void releases everything; give no amounts")));
        }
        return lifecycle.voidPending(ledger, parsed.transactionId(), parsed.key(), false)
                .map(outcome -> resolved(outcome, "voided"));
    }

    /** Posts the mirror of a posted transaction: all that is left of it, or the amounts given per posting. */
    @POST
    @Path("/{transaction_id}/reversal")
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> reverse(@PathParam("ledger_id") String ledgerId, @PathParam("transaction_id") String transactionId,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, LifecycleRequest request) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        Lifecycle parsed = Lifecycle.parse(transactionId, idempotencyKey, request, true);
        return lifecycle.reverse(ledger, parsed.transactionId(), parsed.key(), parsed.amounts(), parsed.metadata())
                .map(outcome -> created(ledger, outcome, "accepted", parsed.transactionId()));
    }

    private static Response created(UUID ledger, PostingOutcome outcome, String status, UUID reversalOf) {
        PostingReceipt receipt = outcome.receipt();
        Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON)
                .entity(new PostedTransactionResponse(receipt.transactionId(), status, receipt.ledgerSequence(),
                        reversalOf))
                .location(URI.create("/v1/ledgers/" + ledger + "/transactions/" + receipt.transactionId()));
        return replayed(response, outcome);
    }

    private static Response resolved(PostingOutcome outcome, String status) {
        PostingReceipt receipt = outcome.receipt();
        return replayed(Response.ok(new PostedTransactionResponse(receipt.transactionId(), status,
                receipt.ledgerSequence(), null), MediaType.APPLICATION_JSON), outcome);
    }

    /** A replay answers the sequence of the write it replays, as its body does. */
    private static Response replayed(Response.ResponseBuilder response, PostingOutcome outcome) {
        LogFields.put(LogFields.TRANSACTION_ID, outcome.receipt().transactionId());
        response.header(LedgerSequence.HEADER, outcome.receipt().ledgerSequence());
        if (outcome.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.build();
    }

    /** A lifecycle request read and checked: every problem is reported at once as 400 VALIDATION_FAILED. */
    private record Lifecycle(UUID transactionId, String key, List<BigDecimal> amounts, JsonObject metadata) {

        static Lifecycle parse(String transactionId, String header, LifecycleRequest body, boolean metadataAllowed) {
            UUID id;
            try {
                id = UUID.fromString(transactionId);
            } catch (IllegalArgumentException e) {
                throw ProblemException.notFound("TRANSACTION_NOT_FOUND", "Transaction " + transactionId + " was not found.");
            }
            List<Map<String, String>> errors = new ArrayList<>();
            String key = TransactionRequests.idempotencyKey(header, body == null ? null : body.idempotencyKey(), errors);
            List<BigDecimal> amounts = null;
            JsonObject metadata = null;
            if (body != null && body.postings() != null) {
                amounts = new ArrayList<>();
                for (int i = 0; i < body.postings().size(); i++) {
                    LifecycleRequest.AmountRequest posting = body.postings().get(i);
                    if (posting == null || posting.amount() == null || posting.amount().isNull()) {
                        errors.add(RequestFields.error("postings[" + i + "].amount", "is required"));
                    } else {
                        amounts.add(RequestFields.decimal("postings[" + i + "].amount", posting.amount(), errors));
                    }
                }
            }
            if (body != null && body.metadata() != null) {
                if (metadataAllowed) {
                    metadata = RequestFields.metadata("metadata", body.metadata(), errors);
                } else {
                    errors.add(RequestFields.error("metadata", "is only accepted by a reversal"));
                }
            }
            if (!errors.isEmpty()) {
                throw RequestFields.invalid(errors);
            }
            return new Lifecycle(id, key, amounts, metadata);
        }
    }
}
