package io.laas.web.query;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestQuery;

/**
 * The query parameters one resource method knows (see {@link KnownQueryParameters}), and the problems of a
 * request's query against them: a pure function, so that it is tested without a server.
 *
 * @param single parameters given at most once
 * @param repeatable parameters that may be repeated (collection-typed ones)
 * @param maps families given as {@code family[key]=value}, each key at most once
 */
public record QueryParameterRules(Set<String> single, Set<String> repeatable, Set<String> maps) {

    static final String UNKNOWN = "is not a known query parameter";
    static final String REPEATED = "must be given once";

    public QueryParameterRules {
        single = Set.copyOf(single);
        repeatable = Set.copyOf(repeatable);
        maps = Set.copyOf(maps);
    }

    /**
     * The rules of a resource method: its query parameters, the families of its annotation and the parameters
     * {@code shared} by every read of the service (each given at most once).
     */
    public static QueryParameterRules of(Method method, KnownQueryParameters known, Collection<String> shared) {
        Set<String> single = new TreeSet<>(shared);
        Set<String> repeatable = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
            String name = queryName(parameter);
            if (name != null) {
                (Collection.class.isAssignableFrom(parameter.getType()) ? repeatable : single).add(name);
            }
        }
        return new QueryParameterRules(single, repeatable, Set.of(known.maps()));
    }

    /**
     * The problems of these query parameters (decoded names with their values), sorted by name, as
     * {@code {field, message}} entries; empty when every parameter is known and given as often as allowed.
     */
    public List<Map<String, String>> problems(Map<String, List<String>> query) {
        Map<String, String> problems = new TreeMap<>();
        query.forEach((name, values) -> {
            String problem = problem(name, values == null ? 0 : values.size());
            if (problem != null) {
                problems.put(name, problem);
            }
        });
        List<Map<String, String>> errors = new ArrayList<>(problems.size());
        problems.forEach((field, message) -> errors.add(QueryValues.error(field, message)));
        return errors;
    }

    private String problem(String name, int count) {
        if (repeatable.contains(name)) {
            return null;
        }
        if (single.contains(name)) {
            return count > 1 ? REPEATED : null;
        }
        int open = name.indexOf('[');
        String family = open < 0 ? name : name.substring(0, open);
        if (!maps.contains(family)) {
            return UNKNOWN;
        }
        String key = open < 0 || !name.endsWith("]") ? null : name.substring(open + 1, name.length() - 1);
        if (key == null || key.isEmpty() || key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
            return "must be given as " + family + "[key]=value, with a key";
        }
        return count > 1 ? REPEATED : null;
    }

    private static String queryName(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof RestQuery query) {
                return query.value().isEmpty() ? parameter.getName() : query.value();
            }
        }
        return null;
    }
}
