package io.laas.ledger.asset.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.ledger.asset.service.AssetService;
import io.laas.web.consistency.LedgerSequence;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Declares an asset of a ledger ({@code PUT}, idempotent): 201 when declared now, 200 when it was declared
 * before with the same scale.
 */
@Path("/v1/ledgers/{ledger_id}/assets/{code}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AssetResource {

    private final AssetService assets;
    private final JsonWebToken jwt;

    public AssetResource(AssetService assets, JsonWebToken jwt) {
        this.assets = assets;
        this.jwt = jwt;
    }

    @PUT
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> declare(@PathParam("ledger_id") String ledgerId,
            @PathParam("code") @Pattern(regexp = "[A-Z][A-Z0-9]{1,15}",
                    message = "must be 2-16 characters of A-Z 0-9, starting with a letter") String code,
            @Valid @NotNull(message = "a JSON body is required") DeclareAssetRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return assets.declare(ledger, code, request.scale())
                .map(declared -> (declared.value().created()
                        ? Response.created(URI.create("/v1/ledgers/" + ledger + "/assets/" + code))
                        : Response.ok())
                        .entity(AssetResponse.of(declared.value().asset()))
                        .header(LedgerSequence.HEADER, declared.ledgerSequence())
                        .build());
    }
}
