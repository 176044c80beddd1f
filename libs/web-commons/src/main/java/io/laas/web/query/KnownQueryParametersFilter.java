package io.laas.web.query;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before the method runs, the query parameters a {@link KnownQueryParameters} method does not
 * know: 400 {@code VALIDATION_FAILED} listing each, sorted by name ({@code is not a known query parameter},
 * {@code must be given once}, or for a family {@code must be given as metadata[key]=value}). It runs after
 * authentication and authorisation, so a caller without access learns nothing from it. The rules of each
 * method are read once, from its annotations. Parameters a service answers on every read whatever the resource
 * (the projector's {@code min_sequence}) are named once in {@code laas.http.shared-query-parameters}.
 */
public class KnownQueryParametersFilter {

    private final ConcurrentMap<Method, Optional<QueryParameterRules>> rules = new ConcurrentHashMap<>();
    private final Set<String> shared;

    public KnownQueryParametersFilter(
            @ConfigProperty(name = "laas.http.shared-query-parameters") Optional<List<String>> shared) {
        this.shared = Set.copyOf(shared.orElse(List.of()));
    }

    @ServerRequestFilter
    public void refuseUnknownQueryParameters(ResourceInfo resource, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Optional<QueryParameterRules> known = rules.computeIfAbsent(method, m -> Optional
                .ofNullable(m.getAnnotation(KnownQueryParameters.class))
                .map(annotation -> QueryParameterRules.of(m, annotation, shared)));
        if (known.isEmpty()) {
            return;
        }
        Map<String, List<String>> query = uri.getQueryParameters();
        List<Map<String, String>> problems = known.get().problems(query);
        if (!problems.isEmpty()) {
            throw QueryValues.invalid(problems);
        }
    }
}
