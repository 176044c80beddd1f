package io.laas.projector.asset.rest;

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

import io.laas.projector.asset.repository.AssetRepository;
import io.laas.projector.config.ProjectorConfig;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/assets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Assets", description = "Assets a ledger declared besides the ISO 4217 currencies (read model)")
public class AssetResource {

    static final String CURSOR_KIND = "ast1";

    private final AssetRepository assets;
    private final ProjectorConfig config;
    private final JsonWebToken jwt;

    public AssetResource(AssetRepository assets, ProjectorConfig config, JsonWebToken jwt) {
        this.assets = assets;
        this.config = config;
        this.jwt = jwt;
    }

    /** The ledger's declared assets, ordered by code. */
    @GET
    public Uni<Page<AssetResponse>> list(@PathParam("ledger_id") String ledgerId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        PageRequest page = PageRequest.of(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().maxLimit());
        return assets.list(ledger, page.after(), page.limit() + 1)
                .map(found -> page.page(found, asset -> PageRequest.encode(CURSOR_KIND, asset.code())))
                .map(p -> new Page<>(p.data().stream().map(AssetResponse::of).toList(), p.nextCursor()));
    }
}
