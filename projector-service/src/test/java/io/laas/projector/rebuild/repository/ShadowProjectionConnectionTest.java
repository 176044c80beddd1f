package io.laas.projector.rebuild.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/** A rebuild's pool connects like the batch datasource: same address, role and TLS settings. */
class ShadowProjectionConnectionTest {

    private static final String URL = "postgresql://db.example:5432/laas?search_path=projector";

    @Test
    void takesTheBatchDatasourcesTlsSettings() {
        ShadowProjection projection = new ShadowProjection(null, null, "vertx-reactive:" + URL, "laas_projector_batch",
                "secret", Optional.of(SslMode.VERIFY_FULL), Optional.of(List.of("/etc/laas/postgres-ca/ca.crt")),
                Optional.of("HTTPS"));

        PgConnectOptions options = projection.connectOptions();

        assertEquals("db.example", options.getHost());
        assertEquals("laas_projector_batch", options.getUser());
        assertEquals(SslMode.VERIFY_FULL, options.getSslMode());
        assertEquals("HTTPS", options.getHostnameVerificationAlgorithm());
        PemTrustOptions trust = assertInstanceOf(PemTrustOptions.class, options.getTrustOptions());
        assertEquals(List.of("/etc/laas/postgres-ca/ca.crt"), trust.getCertPaths());
    }

    @Test
    void connectsInTheClearWhenTheDatasourceDoes() {
        ShadowProjection projection = new ShadowProjection(null, null, URL, "laas_batch", "laas_batch",
                Optional.empty(), Optional.empty(), Optional.of("NONE"));

        PgConnectOptions options = projection.connectOptions();

        assertEquals(SslMode.DISABLE, options.getSslMode());
        assertNull(options.getTrustOptions());
        assertNull(options.getHostnameVerificationAlgorithm());
    }
}
