package io.laas.projector.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetadataMatchTest {

    @Test
    void everyValueMatchesItsStringAndAJsonLiteralAlsoItsValue() {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("channel", "web");
        filters.put("tier", "2");
        filters.put("vip", "true");
        List<String[]> candidates = MetadataMatch.candidates(filters);
        assertEquals(3, candidates.size());
        assertArrayEquals(new String[] { "{\"channel\":\"web\"}" }, candidates.get(0));
        assertArrayEquals(new String[] { "{\"tier\":\"2\"}", "{\"tier\":2}" }, candidates.get(1));
        assertArrayEquals(new String[] { "{\"vip\":\"true\"}", "{\"vip\":true}" }, candidates.get(2));
    }

    @Test
    void keysAndValuesAreEscapedAsJsonStrings() {
        List<String[]> candidates = MetadataMatch.candidates(Map.of("a\"b", "x\\\"}, {\"y\": 1"));
        assertArrayEquals(new String[] { "{\"a\\\"b\":\"x\\\\\\\"}, {\\\"y\\\": 1\"}" }, candidates.get(0));
    }

    @Test
    void onlyStrictJsonNumbersWithShortExponentsAreReadAsNumbers() {
        for (String number : List.of("0", "-1", "2.50", "1e10", "1E-999", "-0.5e+3")) {
            assertEquals(number, MetadataMatch.literal(number), number);
        }
        for (String text : List.of("01", "+1", "1.", ".5", "1e1000", "0x10", "NaN", "Infinity", "True", "", " 1")) {
            assertNull(MetadataMatch.literal(text), text);
        }
        assertEquals("null", MetadataMatch.literal("null"));
    }
}
