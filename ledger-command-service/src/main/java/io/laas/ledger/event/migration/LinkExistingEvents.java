package io.laas.ledger.event.migration;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jboss.logging.Logger;

import io.laas.ledger.event.EventChain;
import io.vertx.core.json.JsonObject;

/**
 * Migration 5.1: links the events written before the hash chain existed (V5), once, at start-up and before
 * the service takes requests. For each ledger with events and no {@code last_hash}, under its row lock, the
 * events are hashed in sequence order from the genesis, a page at a time; each stored payload, and the outbox
 * row of an event not yet published, gets its {@code hash}; the ledger gets its {@code last_hash}. Events
 * already published to Kafka before the upgrade went out without a hash; the event store (and
 * {@code GET /v1/ledgers/{id}/events}) has it.
 * <p>
 * Every replica of the command service must run V5 or later: an older one would append events without
 * moving {@code last_hash}, and the next linked event would then not follow the event before it.
 */
public class LinkExistingEvents implements JavaMigration {

    private static final Logger LOG = Logger.getLogger(LinkExistingEvents.class);
    private static final int PAGE = 1000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.1");
    }

    @Override
    public String getDescription() {
        return "link existing events";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        linkAll(context.getConnection());
    }

    /** Links every ledger that has events and no last hash; returns how many events it linked. */
    public static long linkAll(Connection conn) throws SQLException {
        List<UUID> ledgers = new ArrayList<>();
        try (PreparedStatement select = conn.prepareStatement(
                "SELECT id FROM ledgers WHERE last_hash IS NULL AND last_sequence > 0 ORDER BY id FOR UPDATE");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ledgers.add(rows.getObject(1, UUID.class));
            }
        }
        long linked = 0;
        for (UUID ledger : ledgers) {
            linked += link(conn, ledger);
        }
        if (!ledgers.isEmpty()) {
            LOG.infof("Linked %d existing events of %d ledgers into their hash chains", linked, ledgers.size());
        }
        return linked;
    }

    private static long link(Connection conn, UUID ledger) throws SQLException {
        String previous = EventChain.genesis(ledger);
        long after = 0;
        long count = 0;
        try (PreparedStatement page = conn.prepareStatement("""
                SELECT id, sequence, payload::text FROM events WHERE ledger_id = ? AND sequence > ?
                ORDER BY sequence LIMIT ?""");
                PreparedStatement events = conn.prepareStatement("""
                        UPDATE events e SET payload = e.payload || jsonb_build_object('hash', h.hash)
                        FROM unnest(?::uuid[], ?::text[]) AS h (id, hash) WHERE e.id = h.id""");
                PreparedStatement outbox = conn.prepareStatement("""
                        UPDATE outbox o SET payload = o.payload || jsonb_build_object('hash', h.hash)
                        FROM unnest(?::uuid[], ?::text[]) AS h (id, hash) WHERE o.id = h.id""")) {
            while (true) {
                List<UUID> ids = new ArrayList<>(PAGE);
                List<String> hashes = new ArrayList<>(PAGE);
                page.setObject(1, ledger);
                page.setLong(2, after);
                page.setInt(3, PAGE);
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        long sequence = rows.getLong(2);
                        if (sequence != after + 1) {
                            LOG.warnf("Ledger %s: no event %d before event %d; linked over the gap, which verification"
                                    + " reports", ledger, after + 1, sequence);
                        }
                        previous = EventChain.hash(previous, new JsonObject(rows.getString(3)));
                        ids.add(rows.getObject(1, UUID.class));
                        hashes.add(previous);
                        after = sequence;
                    }
                }
                if (ids.isEmpty()) {
                    break;
                }
                Array idArray = conn.createArrayOf("uuid", ids.toArray());
                Array hashArray = conn.createArrayOf("text", hashes.toArray());
                for (PreparedStatement update : List.of(events, outbox)) {
                    update.setArray(1, idArray);
                    update.setArray(2, hashArray);
                    update.executeUpdate();
                }
                count += ids.size();
                if (ids.size() < PAGE) {
                    break;
                }
            }
        }
        try (PreparedStatement head = conn.prepareStatement("UPDATE ledgers SET last_hash = ? WHERE id = ?")) {
            head.setString(1, previous);
            head.setObject(2, ledger);
            head.executeUpdate();
        }
        return count;
    }
}
