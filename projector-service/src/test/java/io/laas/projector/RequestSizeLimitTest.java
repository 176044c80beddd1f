package io.laas.projector;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.OversizedRequests;
import io.laas.local.testing.OversizedRequests.Answer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A declared body over 1 MiB is refused with 413 problem+json before anything reads it. */
@QuarkusTest
class RequestSizeLimitTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aDeclaredBodyOverTheLimitIs413ProblemJson() {
        Answer answer = OversizedRequests.declared(URI.create(base.toString()).resolve("/v1/ledgers/00000000-0000-0000-0000-000000000001/accounts"), Map.of(), 1024 * 1024);

        assertEquals(413, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.contentType());
        assertThat(answer.body(), containsString("\"code\":\"PAYLOAD_TOO_LARGE\""));
    }
}
