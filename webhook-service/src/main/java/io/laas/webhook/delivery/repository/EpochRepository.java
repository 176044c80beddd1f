package io.laas.webhook.delivery.repository;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.events.Epochs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/** The epochs and the restores' cuts the epoch script recorded in this schema ({@code epochs}, {@code epoch_cuts}). */
@ApplicationScoped
public class EpochRepository {

    public Uni<Epochs> load(SqlClient client) {
        Uni<Long> current = client.query("SELECT max(epoch) AS epoch FROM epochs").execute()
                .map(rows -> rows.iterator().next().getLong("epoch"));
        Uni<TreeMap<Long, Map<UUID, Long>>> cuts = client.query(
                "SELECT epoch, ledger_id, last_sequence FROM epoch_cuts").execute()
                .map(rows -> {
                    TreeMap<Long, Map<UUID, Long>> byEpoch = new TreeMap<>();
                    for (Row row : rows) {
                        byEpoch.computeIfAbsent(row.getLong("epoch"), epoch -> new HashMap<>())
                                .put(row.getUUID("ledger_id"), row.getLong("last_sequence"));
                    }
                    return byEpoch;
                });
        return Uni.combine().all().unis(current, cuts)
                .with((epoch, cutsByEpoch) -> new Epochs(epoch == null ? Epochs.FIRST : epoch, cutsByEpoch));
    }
}
