package io.laas.web.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;

class QueryValuesTest {

    @Test
    void absentOrEmptyIsNoFilterAndValuesAreTakenAsGiven() {
        QueryValues q = new QueryValues();
        assertNull(q.text(null));
        assertNull(q.text(""));
        assertEquals(" x ", q.text(" x "));
        assertNull(q.oneOf("status", "", List.of("open")));
        assertEquals("open", q.oneOf("status", "open", List.of("open")));
        q.check();
    }

    @Test
    void timesAreRfc3339WithOffsetAtMicroseconds() {
        QueryValues q = new QueryValues();
        assertEquals(Instant.parse("2024-01-01T10:00:00Z"), q.instant("from", "2024-01-01T12:00:00+02:00"));
        assertEquals(Instant.parse("2024-01-01T10:00:00Z"), q.instant("from", "2024-01-01T12:00:00 02:00"));
        assertEquals(Instant.parse("2024-01-01T12:00:00.000002Z"), q.instant("from", "2024-01-01T12:00:00.0000011Z"));
        assertEquals(Instant.parse("2024-01-01T12:00:00.123456Z"), q.instant("from", "2024-01-01T12:00:00.123456Z"));
        q.check();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        QueryValues q = new QueryValues();
        assertNull(q.oneOf("status", "POSTED", List.of("posted", "pending")));
        assertNull(q.instant("occurred_from", "2024-01-01"));
        assertNull(q.instant("occurred_to", "2024-01-01T12:00:00"));
        assertNull(q.instant("recorded_to", "+10000-01-01T00:00:00Z"));
        assertNull(q.matching("currency", "usd", Pattern.compile("[A-Z]{3}"), "must be a currency code"));
        q.range("recorded_from", Instant.parse("2024-01-02T00:00:00Z"), "recorded_to",
                Instant.parse("2024-01-01T00:00:00Z"));
        assertNull(q.page("0", "bm9wZQ", "txn1", 50, 1000));
        ProblemException e = assertThrows(ProblemException.class, q::check);
        assertEquals("VALIDATION_FAILED", e.code());
        assertEquals(400, e.status());
        String rfc3339 = "must be an RFC 3339 date-time with offset, e.g. 2024-01-01T12:00:00Z";
        assertEquals(List.of(
                QueryValues.error("status", "must be one of posted, pending"),
                QueryValues.error("occurred_from", rfc3339),
                QueryValues.error("occurred_to", rfc3339),
                QueryValues.error("recorded_to", rfc3339),
                QueryValues.error("currency", "must be a currency code"),
                QueryValues.error("recorded_from", "must not be after recorded_to"),
                QueryValues.error("limit", "must be an integer between 1 and 1000"),
                QueryValues.error("cursor", "is not a cursor returned by this list")), e.extensions().get("errors"));
    }

    @Test
    void equalBoundsAreAnEmptyRangeNotAProblem() {
        QueryValues q = new QueryValues();
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        q.range("occurred_from", t, "occurred_to", t);
        q.check();
    }

    @Test
    void theParametersOfAFamilyAreReadByKey() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("metadata[tier]", List.of("2"));
        query.put("metadata[channel]", List.of(""));
        query.put("limit", List.of("5"));
        assertEquals(Map.of("channel", "", "tier", "2"), new QueryValues().map("metadata", query));
    }

    @Test
    void aValidPageIsReadAsPageRequestReadsIt() {
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString("txn1:42".getBytes(StandardCharsets.UTF_8));
        PageRequest page = new QueryValues().page("20", cursor, "txn1", 50, 1000);
        assertEquals(new PageRequest(20, "42"), page);
    }
}
