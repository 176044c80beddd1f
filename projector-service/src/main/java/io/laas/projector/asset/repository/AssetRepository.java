package io.laas.projector.asset.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.asset.Asset;
import io.laas.projector.asset.NewAsset;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AssetRepository {

    private static final String COLUMNS = "ledger_id, code, scale, sequence, declared_at";

    private final Pool pool;

    public AssetRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the declared assets in one statement; one declared already (a replayed event) stays as it is. */
    public Uni<Void> insert(SqlConnection conn, List<NewAsset> assets) {
        if (assets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = assets.size();
        UUID[] ledgers = new UUID[n];
        String[] codes = new String[n];
        Integer[] scales = new Integer[n];
        Long[] sequences = new Long[n];
        OffsetDateTime[] declaredAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewAsset asset = assets.get(i);
            ledgers[i] = asset.ledgerId();
            codes[i] = asset.data().code();
            scales[i] = asset.data().scale();
            sequences[i] = asset.sequence();
            declaredAt[i] = asset.data().declaredAt();
        }
        return conn.preparedQuery("INSERT INTO assets (" + COLUMNS + ") "
                + "SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[], $5::timestamptz[]) "
                + "ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] { ledgers, codes, scales, sequences, declaredAt }))
                .replaceWithVoid();
    }

    /** Up to {@code limit} assets of the ledger ordered by code, starting after {@code afterCode} (if any). */
    public Uni<List<Asset>> list(UUID ledgerId, String afterCode, int limit) {
        return (afterCode == null
                ? LedgerScope.query(pool, ledgerId,
                        "SELECT " + COLUMNS + " FROM assets WHERE ledger_id = $1 ORDER BY code LIMIT $2",
                        Tuple.of(ledgerId, limit))
                : LedgerScope.query(pool, ledgerId,
                        "SELECT " + COLUMNS + " FROM assets WHERE ledger_id = $1 AND code > $2 ORDER BY code LIMIT $3",
                        Tuple.of(ledgerId, afterCode, limit))).map(set -> {
            List<Asset> assets = new ArrayList<>(set.size());
            set.forEach(row -> assets.add(new Asset(row.getUUID("ledger_id"), row.getString("code"),
                    row.getInteger("scale"), row.getLong("sequence"), row.getOffsetDateTime("declared_at"))));
            return assets;
        });
    }
}
