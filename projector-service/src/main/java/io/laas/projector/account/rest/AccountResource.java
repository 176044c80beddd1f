package io.laas.projector.account.rest;

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

import io.laas.projector.account.Account;
import io.laas.projector.account.AccountFilter;
import io.laas.projector.account.repository.AccountRepository;
import io.laas.projector.balance.AsOf;
import io.laas.projector.balance.rest.TimeParams;
import io.laas.projector.balance.service.BalanceService;
import io.laas.projector.common.JsonText;
import io.laas.projector.common.ListFilters;
import io.laas.projector.config.ProjectorConfig;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.query.QueryValues;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Accounts", description = "Account balances of a ledger (read model)")
public class AccountResource {

    static final String CURSOR_KIND = "acc1";
    private static final List<String> STATUSES = List.of("open", "frozen", "closed");
    private static final List<String> TYPES = List.of("asset", "liability", "equity", "revenue", "expense");

    private final AccountRepository accounts;
    private final BalanceService balances;
    private final ProjectorConfig config;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;

    public AccountResource(AccountRepository accounts, BalanceService balances, ProjectorConfig config,
            JsonWebToken jwt, ObjectMapper mapper) {
        this.accounts = accounts;
        this.balances = balances;
        this.config = config;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    /**
     * Accounts by code (byte order) that pass every filter given: {@code code_prefix}, {@code type},
     * {@code parent} (direct children), {@code status}, {@code currency} and {@code metadata[key]=value}. A
     * filter given empty is none; an unknown parameter is refused. A granted ledger without any event yet simply
     * has no accounts. With {@code as_of}, their balances as of that time on {@code basis} (effective or
     * recorded).
     */
    @GET
    @KnownQueryParameters(maps = "metadata")
    public Uni<Page<AccountResponse>> list(@PathParam("ledger_id") String ledgerId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @QueryParam("code_prefix") String codePrefix,
            @QueryParam("type") String type, @QueryParam("parent") String parent, @QueryParam("status") String status,
            @QueryParam("currency") String currency, @QueryParam("as_of") String asOf,
            @QueryParam("basis") String basis, @Context UriInfo uri) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        QueryValues query = new QueryValues();
        PageRequest page = query.page(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().ledgerListMaxLimit());
        AccountFilter filter = new AccountFilter(
                query.matching("code_prefix", codePrefix, ListFilters.ACCOUNT_CODE, ListFilters.ACCOUNT_CODE_MESSAGE),
                query.oneOf("type", type, TYPES),
                query.matching("parent", parent, ListFilters.ACCOUNT_CODE, ListFilters.ACCOUNT_CODE_MESSAGE),
                query.oneOf("status", status, STATUSES),
                query.matching("currency", currency, ListFilters.CURRENCY, ListFilters.CURRENCY_MESSAGE),
                ListFilters.metadata(query, uri));
        query.check();
        AsOf at = TimeParams.asOf(asOf, basis);
        return accounts.list(ledger, filter, page.after(), page.limit() + 1)
                .chain(found -> at == null ? Uni.createFrom().item(found)
                        : balances.asOf(ledger, found, at.at(), at.basis()))
                .map(found -> page.page(found, account -> PageRequest.encode(CURSOR_KIND, account.code())))
                .map(p -> new Page<>(p.data().stream().map(this::response).toList(), p.nextCursor()));
    }

    /** With {@code as_of}, its balances as of that time on {@code basis} (effective or recorded). */
    @GET
    @Path("/{code}")
    public Uni<AccountResponse> get(@PathParam("ledger_id") String ledgerId, @PathParam("code") String code,
            @QueryParam("as_of") String asOf, @QueryParam("basis") String basis) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        AsOf at = TimeParams.asOf(asOf, basis);
        return accounts.findByCode(ledger, code)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("ACCOUNT_NOT_FOUND",
                        "Account " + code + " was not found in ledger " + ledgerId + "."))
                .chain(account -> at == null ? Uni.createFrom().item(account)
                        : balances.asOf(ledger, List.of(account), at.at(), at.basis()).map(list -> list.get(0)))
                .map(this::response);
    }

    private AccountResponse response(Account account) {
        return AccountResponse.of(account, JsonText.tree(mapper, account.metadataJson(),
                "metadata of account " + account.id()));
    }

}
