package io.laas.projector.transaction.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.projector.common.JsonText;
import io.laas.projector.common.ListFilters;
import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.transaction.Transaction;
import io.laas.projector.transaction.TransactionCursor;
import io.laas.projector.transaction.TransactionFilter;
import io.laas.projector.transaction.TransactionFilter.Order;
import io.laas.projector.transaction.repository.TransactionRepository;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.query.QueryValues;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/transactions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Transactions", description = "Transactions of a ledger: posted, pending and voided (read model)")
public class TransactionResource {

    static final String CURSOR_KIND = "txn1";
    private static final List<String> STATUSES = Arrays.stream(TransactionFilter.Status.values())
            .map(TransactionFilter.Status::value).toList();

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

    /**
     * Transactions that pass every filter given, newest first: by sequence, or by the time filtered on (see
     * {@link TransactionFilter#order()}). A filter given empty is none; an unknown parameter is refused.
     */
    @GET
    @KnownQueryParameters(maps = "metadata")
    public Uni<Page<TransactionResponse>> list(@PathParam("ledger_id") String ledgerId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("occurred_from") String occurredFrom, @QueryParam("occurred_to") String occurredTo,
            @QueryParam("recorded_from") String recordedFrom, @QueryParam("recorded_to") String recordedTo,
            @QueryParam("account") String account, @QueryParam("external_id") String externalId,
            @QueryParam("status") String status, @QueryParam("currency") String currency, @Context UriInfo uri) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        QueryValues query = new QueryValues();
        PageRequest page = query.page(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().ledgerListMaxLimit());
        Instant occurredAfter = query.instant("occurred_from", occurredFrom);
        Instant occurredBefore = query.instant("occurred_to", occurredTo);
        query.range("occurred_from", occurredAfter, "occurred_to", occurredBefore);
        Instant recordedAfter = query.instant("recorded_from", recordedFrom);
        Instant recordedBefore = query.instant("recorded_to", recordedTo);
        query.range("recorded_from", recordedAfter, "recorded_to", recordedBefore);
        String statusValue = query.oneOf("status", status, STATUSES);
        TransactionFilter filter = new TransactionFilter(occurredAfter, occurredBefore, recordedAfter, recordedBefore,
                query.matching("account", account, ListFilters.ACCOUNT_CODE, ListFilters.ACCOUNT_CODE_MESSAGE),
                query.text(externalId), TransactionFilter.Status.of(statusValue),
                query.matching("currency", currency, ListFilters.CURRENCY, ListFilters.CURRENCY_MESSAGE),
                ListFilters.metadata(query, uri));
        query.check();
        Order order = filter.order();
        TransactionCursor after = page.after() == null ? null : TransactionCursor.parse(page.after(), order);
        return transactions.list(ledger, filter, after, page.limit() + 1)
                .map(found -> page.page(found,
                        tx -> PageRequest.encode(CURSOR_KIND, TransactionCursor.of(tx, order).key())))
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

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
