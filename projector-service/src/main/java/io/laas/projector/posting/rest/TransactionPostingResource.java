package io.laas.projector.posting.rest;

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

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.posting.repository.PostingRepository;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.query.QueryValues;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/transactions/{transaction_id}/postings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Transactions", description = "Transactions of a ledger: posted, pending and voided (read model)")
public class TransactionPostingResource {

    static final String CURSOR_KIND = "tpo1";

    private final PostingRepository postings;
    private final ProjectorConfig config;
    private final JsonWebToken jwt;

    public TransactionPostingResource(PostingRepository postings, ProjectorConfig config, JsonWebToken jwt) {
        this.postings = postings;
        this.config = config;
        this.jwt = jwt;
    }

    /**
     * The transaction's postings in its order (all share its sequence and times); 404 for no such transaction,
     * also when the id is not a UUID.
     */
    @GET
    @KnownQueryParameters
    public Uni<Page<PostingResponse>> list(@PathParam("ledger_id") String ledgerId,
            @PathParam("transaction_id") String transactionId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        QueryValues query = new QueryValues();
        PageRequest page = query.page(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().ledgerListMaxLimit());
        query.check();
        Integer afterPosition = null;
        if (page.after() != null) {
            long position = PageRequest.numericKey(page.after());
            if (position < 0 || position > Integer.MAX_VALUE) {
                throw PageRequest.invalidCursor();
            }
            afterPosition = (int) position;
        }
        UUID id = uuid(transactionId);
        Uni<PostingRepository.Found> found = id == null ? Uni.createFrom().nullItem()
                : postings.ofTransaction(ledger, id, afterPosition, page.limit() + 1);
        return found
                .onItem().ifNull().failWith(() -> ProblemException.notFound("TRANSACTION_NOT_FOUND",
                        "Transaction " + transactionId + " was not found in ledger " + ledgerId + "."))
                .map(f -> page.page(f.postings(),
                        line -> PageRequest.encode(CURSOR_KIND, Integer.toString(line.position()))))
                .map(p -> new Page<>(p.data().stream().map(PostingResponse::of).toList(), p.nextCursor()));
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
