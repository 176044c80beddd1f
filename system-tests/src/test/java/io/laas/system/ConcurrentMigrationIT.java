package io.laas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.laas.local.LocalInfra;
import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * A rolling deployment starts several replicas at once, and each runs its Flyway migrations at start. Two replicas of
 * each of the four services with a schema start at the same moment against an empty database: every one becomes
 * ready, each migration is recorded once and successful, and the schemas come out exactly as one replica alone
 * makes them (the stack's own database, migrated by one process of each service).
 * <p>
 * What makes it safe: before it reads {@code flyway_schema_history} and applies what is pending, Flyway takes a
 * PostgreSQL advisory lock keyed by the history table (a session-level {@code pg_advisory_lock}, held on Flyway's
 * own JDBC connection, never on the services' pools). The second replica waits on that lock, then finds the
 * migrations recorded and applies nothing, or only what is still pending. The lock needs a direct connection to the
 * primary, which is why Flyway never goes through a transaction-mode pooler.
 */
class ConcurrentMigrationIT {

    private static final String DATABASE = "laas_concurrent";

    @Test
    void twoReplicasOfEachServiceMigrateAnEmptyDatabaseAtOnceAsOneReplicaWould() throws Exception {
        LocalStack stack = RunningStack.get();
        SchemaService.dropDatabase(stack, DATABASE);
        stack.infra().postgres().createDatabase(DATABASE);
        Instant begin = Instant.now();
        List<CompletableFuture<ServiceProcess>> starts = new ArrayList<>();
        // a thread per replica: the common pool of a two-core machine would start them one after the other
        ExecutorService launcher = Executors.newFixedThreadPool(2 * SchemaService.values().length);
        for (SchemaService service : SchemaService.values()) {
            for (int replica = 1; replica <= 2; replica++) {
                String name = service.service + "-concurrent-" + replica;
                // both replicas of a service share a consumer group, as in a Deployment
                starts.add(CompletableFuture.supplyAsync(() -> service.start(stack, name, service.service + "-concurrent",
                        DATABASE, Map.of()), launcher));
            }
        }
        List<ServiceProcess> replicas = new ArrayList<>();
        try {
            for (CompletableFuture<ServiceProcess> start : starts) {
                replicas.add(start.join());
            }
            System.out.printf("Eight replicas migrated one empty database and became ready in %d s%n",
                    Duration.between(begin, Instant.now()).toSeconds());
            replicas.forEach(replica -> assertTrue(replica.isAlive(), replica.name()));

            try (Connection concurrent = SchemaService.superuser(stack, DATABASE);
                    Connection single = SchemaService.superuser(stack, LocalInfra.DATABASE)) {
                for (SchemaService service : SchemaService.values()) {
                    String history = "SELECT version || ' ' || count(*) || ' ' || bool_and(success) FROM " + service.schema
                            + ".flyway_schema_history WHERE version IS NOT NULL GROUP BY version ORDER BY version";
                    List<String> applied = SchemaService.column(concurrent, history);
                    assertFalse(applied.isEmpty(), service.schema);
                    applied.forEach(line -> assertTrue(line.endsWith(" 1 true"), service.schema + ": " + line));
                    assertEquals(SchemaService.column(single, history), applied,
                            service.schema + ": the same migrations as one replica applied");
                }
                List<String> expected = SchemaService.catalogue(single, SchemaService.schemas());
                List<String> actual = SchemaService.catalogue(concurrent, SchemaService.schemas());
                assertTrue(expected.size() > 300, "the catalogue describes the schemas: " + expected.size());
                assertEquals(expected, actual);
            }
        } finally {
            replicas.forEach(ServiceProcess::close);
            starts.forEach(start -> start.thenAccept(ServiceProcess::close));
            launcher.shutdown();
            SchemaService.dropDatabase(stack, DATABASE);
        }
    }
}
