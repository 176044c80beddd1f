package io.laas.web.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.junit.jupiter.api.Test;

class QueryParameterRulesTest {

    static class Resource {
        @KnownQueryParameters(maps = "metadata")
        public Object list(@PathParam("ledger_id") String ledger, @QueryParam("limit") String limit,
                @QueryParam("status") String status, @QueryParam("tag") List<String> tags) {
            return null;
        }
    }

    private static QueryParameterRules rules() throws NoSuchMethodException {
        var method = Resource.class.getMethod("list", String.class, String.class, String.class, List.class);
        return QueryParameterRules.of(method, method.getAnnotation(KnownQueryParameters.class), List.of());
    }

    @Test
    void theRulesAreReadFromTheMethodsQueryParametersAndItsAnnotation() throws Exception {
        QueryParameterRules rules = rules();
        assertEquals(Set.of("limit", "status"), rules.single());
        assertEquals(Set.of("tag"), rules.repeatable());
        assertEquals(Set.of("metadata"), rules.maps());
    }

    @Test
    void knownParametersGivenAsOftenAsAllowedHaveNoProblem() throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("limit", List.of("10"));
        query.put("status", List.of(""));
        query.put("tag", List.of("a", "b"));
        query.put("metadata[order]", List.of("A-1"));
        query.put("metadata[a.b]", List.of(""));
        assertEquals(List.of(), rules().problems(query));
    }

    @Test
    void everyProblemIsListedSortedByName() throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("stauts", List.of("open"));
        query.put("status", List.of("open", "closed"));
        query.put("metadata", List.of("x"));
        query.put("metadata[]", List.of("x"));
        query.put("metadata[k]", List.of("1", "2"));
        query.put("metadata[a][b]", List.of("x"));
        query.put("meta[k]", List.of("x"));
        query.put("ledger_id", List.of("x"));
        assertEquals(List.of(
                error("ledger_id", "is not a known query parameter"),
                error("meta[k]", "is not a known query parameter"),
                error("metadata", "must be given as metadata[key]=value, with a key"),
                error("metadata[]", "must be given as metadata[key]=value, with a key"),
                error("metadata[a][b]", "must be given as metadata[key]=value, with a key"),
                error("metadata[k]", "must be given once"),
                error("status", "must be given once"),
                error("stauts", "is not a known query parameter")), rules().problems(query));
    }

    @Test
    void parametersSharedByEveryReadAreKnownOnce() throws Exception {
        var method = Resource.class.getMethod("list", String.class, String.class, String.class, List.class);
        QueryParameterRules rules = QueryParameterRules.of(method, method.getAnnotation(KnownQueryParameters.class),
                List.of("min_sequence"));
        assertEquals(Set.of("limit", "min_sequence", "status"), rules.single());
        assertEquals(List.of(), rules.problems(Map.of("min_sequence", List.of("12"))));
        assertEquals(List.of(error("min_sequence", "must be given once")),
                rules.problems(Map.of("min_sequence", List.of("12", "13"))));
        assertEquals(List.of(error("min_sequence", "is not a known query parameter")),
                rules().problems(Map.of("min_sequence", List.of("12"))));
    }

    private static Map<String, String> error(String field, String message) {
        return QueryValues.error(field, message);
    }
}
