package io.laas.projector.transaction.rest;

import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.projector.common.JsonText;
import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.transaction.Transaction;
import io.laas.projector.transaction.repository.TransactionRepository;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/transactions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Transactions", description = "Transactions of a ledger: posted, pending and voided (read model)")
public class TransactionResource {

    static final String CURSOR_KIND = "txn1";
    private static final Set<String> STATUSES = Set.of(Transaction.POSTED, Transaction.PENDING, Transaction.VOIDED);

    private final TransactionRepository transactions;
    private final ProjectorConfig config;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;

    public TransactionResource(TransactionRepository transactions, ProjectorConfig config, JsonWebToken jwt,
            ObjectMapper mapper) {
        this.transactions = transactions;
        this.config = config;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    /** Transactions newest first (by ledger sequence); with {@code status}, only those with it. */
    @GET
    public Uni<Page<TransactionResponse>> list(@PathParam("ledger_id") String ledgerId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("status") String status) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        PageRequest page = PageRequest.of(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().maxLimit());
        Long before = page.after() == null ? null : PageRequest.numericKey(page.after());
        return transactions.list(ledger, status(status), before, page.limit() + 1)
                .map(found -> page.page(found, tx -> PageRequest.encode(CURSOR_KIND, Long.toString(tx.sequence()))))
                .map(p -> new Page<>(p.data().stream().map(this::response).toList(), p.nextCursor()));
    }

    @GET
    @Path("/{transaction_id}")
    public Uni<TransactionResponse> get(@PathParam("ledger_id") String ledgerId,
            @PathParam("transaction_id") String transactionId) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        UUID id = uuid(transactionId);
        Uni<Transaction> found = id == null ? Uni.createFrom().nullItem() : transactions.find(ledger, id);
        return found
                .onItem().ifNull().failWith(() -> ProblemException.notFound("TRANSACTION_NOT_FOUND",
                        "Transaction " + transactionId + " was not found in ledger " + ledgerId + "."))
                .map(this::response);
    }

    private TransactionResponse response(Transaction tx) {
        return TransactionResponse.of(tx, JsonText.tree(mapper, tx.metadataJson(), "metadata of transaction " + tx.id()));
    }

    /** {@code null} for all statuses. */
    private static String status(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!STATUSES.contains(raw)) {
            throw ProblemException.validation("status", "must be one of posted, pending, voided");
        }
        return raw;
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
