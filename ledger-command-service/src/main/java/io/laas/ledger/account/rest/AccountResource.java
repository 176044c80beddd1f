package io.laas.ledger.account.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.ledger.account.AccountType;
import io.laas.ledger.account.service.AccountService;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

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
        return accounts.create(ledger, request.code(), request.name().strip(), AccountType.fromWire(request.type()),
                request.currency())
                .map(account -> Response
                        .created(URI.create("/v1/ledgers/" + ledger + "/accounts/" + account.code()))
                        .entity(AccountResponse.of(account))
                        .build());
    }
}
