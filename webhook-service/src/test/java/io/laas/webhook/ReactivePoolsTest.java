package io.laas.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.ReactivePools;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Each reactive pool of the service is a pool of its own and a {@code pool_name} series of its own in the
 * {@code sql_pool_*} metrics: webhook-requests (requests on a tenant's behalf) and webhook-batch (cross-ledger work). The names
 * are only applied to shared pools, and a second shared pool of a name already taken would be the first one, role
 * included: each datasource must still connect as its own role.
 */
@QuarkusTest
class ReactivePoolsTest {

    @Inject
    Pool requests;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool batch;

    @Test
    void eachDatasourceIsAPoolOfItsOwnUnderItsOwnName() {
        assertEquals(List.of(), ReactivePools.problems(requests, batch, "webhook"));
    }
}
