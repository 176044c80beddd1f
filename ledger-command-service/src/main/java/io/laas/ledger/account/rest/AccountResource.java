package io.laas.ledger.account.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.ledger.account.AccountChanges;
import io.laas.ledger.account.AccountDraft;
import io.laas.ledger.account.AccountStatus;
import io.laas.ledger.account.AccountType;
import io.laas.ledger.account.BalanceLimits;
import io.laas.ledger.account.service.AccountService;
import io.laas.ledger.common.rest.RequestFields;
import io.laas.ledger.transaction.Direction;
import io.laas.web.consistency.LedgerSequence;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

@Path("/v1/ledgers/{ledger_id}/accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final JsonWebToken jwt;

    public AccountResource(AccountService accounts, JsonWebToken jwt) {
        this.accounts = accounts;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> create(@PathParam("ledger_id") String ledgerId,
            @Valid @NotNull(message = "a JSON body is required") CreateAccountRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        List<Map<String, String>> errors = new ArrayList<>();
        JsonObject metadata = RequestFields.metadata("metadata", request.metadata(), errors);
        BalanceLimits limits = BalanceLimits.NONE;
        if (request.limits() != null) {
            limits = new BalanceLimits(bound("limits.min_balance", request.limits().minBalance(), errors)
                    .orElse(null), bound("limits.max_balance", request.limits().maxBalance(), errors).orElse(null));
        }
        if (!errors.isEmpty()) {
            throw RequestFields.invalid(errors);
        }
        AccountDraft draft = new AccountDraft(request.code(), request.name().strip(), AccountType.fromWire(request.type()),
                Direction.fromWire(request.normalBalance()), request.currency(), request.parentCode(), limits, metadata);
        return accounts.create(ledger, draft)
                .map(created -> Response
                        .created(URI.create("/v1/ledgers/" + ledger + "/accounts/" + created.value().code()))
                        .entity(AccountResponse.of(created.value(), 0))
                        .header(LedgerSequence.HEADER, created.ledgerSequence())
                        .build());
    }

    @PATCH
    @Path("/{code}")
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> update(@PathParam("ledger_id") String ledgerId, @PathParam("code") String code,
            @Valid @NotNull(message = "a JSON body is required") UpdateAccountRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        List<Map<String, String>> errors = new ArrayList<>();
        JsonObject metadata = request.metadata() == null ? null
                : RequestFields.metadata("metadata", request.metadata(), errors);
        Optional<BigDecimal> min = null;
        Optional<BigDecimal> max = null;
        if (request.limits() != null) {
            min = request.limits().minBalance() == null ? null
                    : bound("limits.min_balance", request.limits().minBalance(), errors);
            max = request.limits().maxBalance() == null ? null
                    : bound("limits.max_balance", request.limits().maxBalance(), errors);
        }
        AccountChanges changes = new AccountChanges(request.name() == null ? null : request.name().strip(),
                AccountStatus.fromWire(request.status()), min, max, metadata);
        if (errors.isEmpty() && changes.isEmpty()) {
            errors.add(RequestFields.error("body", "must change at least one of name, status, limits, metadata"));
        }
        if (!errors.isEmpty()) {
            throw RequestFields.invalid(errors);
        }
        return accounts.update(ledger, code, changes)
                .map(updated -> Response.ok(AccountResponse.of(updated.value().account(), updated.value().version()))
                        .header(LedgerSequence.HEADER, updated.ledgerSequence())
                        .build());
    }

    /** A bound: empty when {@code null} (unbounded), else its decimal value; empty after recording an error. */
    private static Optional<BigDecimal> bound(String field, JsonNode value, List<Map<String, String>> errors) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(RequestFields.decimal(field, value, errors));
    }
}
