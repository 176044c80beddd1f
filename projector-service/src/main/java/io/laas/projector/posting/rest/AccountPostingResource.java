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
import io.laas.projector.posting.PostingLine;
import io.laas.projector.posting.repository.PostingRepository;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.query.QueryValues;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/accounts/{code}/postings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Accounts", description = "Account balances of a ledger (read model)")
public class AccountPostingResource {

    static final String CURSOR_KIND = "apo1";

    private final PostingRepository postings;
    private final ProjectorConfig config;
    private final JsonWebToken jwt;

    public AccountPostingResource(PostingRepository postings, ProjectorConfig config, JsonWebToken jwt) {
        this.postings = postings;
        this.config = config;
        this.jwt = jwt;
    }

    /** The account's postings, newest first (by sequence, then position, descending); 404 for no such account. */
    @GET
    @KnownQueryParameters
    public Uni<Page<PostingResponse>> list(@PathParam("ledger_id") String ledgerId, @PathParam("code") String code,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        QueryValues query = new QueryValues();
        PageRequest page = query.page(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().ledgerListMaxLimit());
        query.check();
        Long beforeSequence = null;
        Integer beforePosition = null;
        if (page.after() != null) {
            int colon = page.after().indexOf(':');
            if (colon < 0) {
                throw PageRequest.invalidCursor();
            }
            beforeSequence = PageRequest.numericKey(page.after().substring(0, colon));
            long position = PageRequest.numericKey(page.after().substring(colon + 1));
            if (position < 0 || position > Integer.MAX_VALUE) {
                throw PageRequest.invalidCursor();
            }
            beforePosition = (int) position;
        }
        return postings.ofAccount(ledger, code, beforeSequence, beforePosition, page.limit() + 1)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("ACCOUNT_NOT_FOUND",
                        "Account " + code + " was not found in ledger " + ledgerId + "."))
                .map(found -> page.page(found.postings(), AccountPostingResource::key))
                .map(p -> new Page<>(p.data().stream().map(PostingResponse::of).toList(), p.nextCursor()));
    }

    private static String key(PostingLine line) {
        return PageRequest.encode(CURSOR_KIND, line.sequence() + ":" + line.position());
    }
}
