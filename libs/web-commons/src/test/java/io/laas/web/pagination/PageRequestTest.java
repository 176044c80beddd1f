package io.laas.web.pagination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.web.problem.ProblemException;

class PageRequestTest {

    private static final String KIND = "acc1";

    @Test
    void absentOrBlankLimitMeansTheDefaultAndBoundsAreInclusive() {
        assertEquals(50, PageRequest.of(null, null, KIND, 50, 200).limit());
        assertEquals(50, PageRequest.of("", null, KIND, 50, 200).limit());
        assertEquals(50, PageRequest.of("  ", null, KIND, 50, 200).limit());
        assertEquals(1, PageRequest.of("1", null, KIND, 50, 200).limit());
        assertEquals(200, PageRequest.of(" 200 ", null, KIND, 50, 200).limit());
    }

    @Test
    void limitOutOfBoundsOrNotANumberIsAValidationProblemOnLimit() {
        for (String limit : List.of("0", "-1", "201", "ten", "1.5")) {
            ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.of(limit, null, KIND, 50, 200));
            assertValidation(e, "limit", "must be an integer between 1 and 200");
        }
    }

    @Test
    void absentOrBlankCursorMeansTheFirstPage() {
        assertNull(PageRequest.of(null, null, KIND, 50, 200).after());
        assertNull(PageRequest.of(null, "", KIND, 50, 200).after());
        assertNull(PageRequest.of(null, "   ", KIND, 50, 200).after());
    }

    @Test
    void encodedCursorDecodesBackToItsKey() {
        String cursor = PageRequest.encode(KIND, "cash:eur/é|1");
        assertEquals("cash:eur/é|1", PageRequest.of(null, cursor, KIND, 50, 200).after());
        assertEquals(base64("acc1:cash:eur/é|1"), cursor);
    }

    @Test
    void malformedOrEmptyKeyedCursorIsRefused() {
        for (String cursor : List.of("%%%not-base64", base64("acc1:"), base64("acc1"), base64("nope"))) {
            ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.of(null, cursor, KIND, 50, 200));
            assertValidation(e, "cursor", "is not a cursor returned by this list");
        }
    }

    @Test
    void cursorOfAnotherListIsRefused() {
        String foreign = PageRequest.encode("txn1", "7");
        ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.of(null, foreign, KIND, 50, 200));
        assertValidation(e, "cursor", "is not a cursor returned by this list");
    }

    @Test
    void limitPlusOneRowsMakeAFullPageWithTheCursorOfItsLastRow() {
        PageRequest request = new PageRequest(2, null);
        Page<String> page = request.page(List.of("a", "b", "c"), row -> PageRequest.encode(KIND, row));
        assertEquals(List.of("a", "b"), page.data());
        assertEquals("b", PageRequest.of(null, page.nextCursor(), KIND, 50, 200).after());
    }

    @Test
    void limitRowsOrFewerMakeTheLastPage() {
        PageRequest request = new PageRequest(2, null);
        assertEquals(new Page<>(List.of("a", "b"), null), request.page(List.of("a", "b"), row -> "unused"));
        assertEquals(new Page<>(List.of(), null), request.page(List.<String>of(), row -> "unused"));
    }

    private static void assertValidation(ProblemException e, String field, String message) {
        assertEquals(400, e.status());
        assertEquals("VALIDATION_FAILED", e.code());
        assertEquals("Bad Request", e.title());
        assertEquals("The request is not valid.", e.detail());
        assertEquals(List.of(Map.of("field", field, "message", message)), e.extensions().get("errors"));
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
