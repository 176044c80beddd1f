package io.laas.ledger.asset.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.asset.Asset;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AssetRepository {

    /** Inserts the asset unless the ledger declared that code already; returns whether it was new. */
    public Uni<Boolean> insertIfAbsent(SqlClient client, Asset asset) {
        return client.preparedQuery("""
                INSERT INTO ledger_assets (ledger_id, code, scale, declared_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (ledger_id, code) DO NOTHING""")
                .execute(Tuple.of(asset.ledgerId(), asset.code(), asset.scale(), asset.declaredAt()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The asset the ledger declared under {@code code}, or {@code null}. */
    public Uni<Asset> find(SqlClient client, UUID ledgerId, String code) {
        return client.preparedQuery("SELECT ledger_id, code, scale, declared_at FROM ledger_assets"
                + " WHERE ledger_id = $1 AND code = $2")
                .execute(Tuple.of(ledgerId, code))
                .map(rows -> rows.size() == 0 ? null : toAsset(rows.iterator().next()));
    }

    private static Asset toAsset(Row row) {
        return new Asset(row.getUUID("ledger_id"), row.getString("code"), row.getInteger("scale"),
                row.getOffsetDateTime("declared_at"));
    }
}
