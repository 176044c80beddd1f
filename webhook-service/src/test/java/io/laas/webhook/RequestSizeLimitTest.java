package io.laas.webhook;

import java.net.URI;
import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.OversizedRequests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A declared body over 1 MiB is refused with 413 problem+json before anything reads it. */
@QuarkusTest
class RequestSizeLimitTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aDeclaredBodyOverTheLimitIs413ProblemJson() {
        URI uri = URI.create(base.toString()).resolve("/v1/ledgers/00000000-0000-0000-0000-000000000001/webhook-endpoints");

        OversizedRequests.declared(uri, Map.of(), 1024 * 1024).assertPayloadTooLargeProblem();
    }
}
