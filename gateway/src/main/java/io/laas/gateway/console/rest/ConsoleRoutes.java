package io.laas.gateway.console.rest;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The console (console/), which the build puts in {@code META-INF/resources}: Quarkus serves its files as
 * static resources, {@code index.html} at {@code /}; this class adds
 * <ul>
 * <li>deep links: a browser's page load (a {@code GET} or {@code HEAD} accepting {@code text/html}) outside the
 * API's prefixes ({@link #API_PREFIXES}), outside {@code /assets/} and for none of the console's other files
 * ({@link #ROOT_FILES}) is answered with {@code index.html}, whose router shows the page; a program asking
 * for a path that does not exist still gets the problem+json 404 (a missing asset stays a 404, never a page in place of a
 * script). This is decided after the gateway's API routes (an API request never comes here) and before Quarkus'
 * own, as Quarkus REST answers 404 itself for every path no route took;</li>
 * <li>cache rules: {@code /assets/…} file names carry a hash of their content, so they are kept a year and
 * never revalidated ({@value #IMMUTABLE}); the page is revalidated on every load ({@value #REVALIDATE}), so
 * a new release's assets are picked up at once.</li>
 * </ul>
 * A gateway built without the console ({@code -Dconsole.skip}) has no {@code index.html}: every such path
 * then falls through to the gateway's 404.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** Paths that are never the console's. */
    static final List<String> API_PREFIXES = List.of("/v1", "/oauth", "/.well-known", "/api", "/openapi.json", "/docs",
            "/q", "/_info");
    /** The console's files outside {@code /assets/} (Vite copies console/public/ there: list its files here). */
    static final Set<String> ROOT_FILES = Set.of("/", "/index.html");
    static final String INDEX = "META-INF/resources/index.html";
    private static final String ASSETS = "/assets/";
    private static final String MARKED = ConsoleRoutes.class.getName();

    private final boolean builtIn;

    public ConsoleRoutes() {
        this.builtIn = Thread.currentThread().getContextClassLoader().getResource(INDEX) != null;
    }

    void register(@Observes Router router) {
        if (!builtIn) {
            return;
        }
        // after the gateway's own routes (the API, OAuth, discovery: they answer without passing on), so an API
        // request never comes here; before Quarkus' defaults, which would answer a deep link 404 themselves
        for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.HEAD }) {
            router.route(method, "/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1).handler(this::console);
        }
    }

    private void console(RoutingContext context) {
        String path = context.normalizedPath();
        if (!isConsole(path)) {
            context.next();
            return;
        }
        // once per path: a deep link runs the routes again for "/", which drops the handlers added before
        if (!path.equals(context.get(MARKED))) {
            context.put(MARKED, path);
            context.addHeadersEndHandler(done -> {
                var response = context.response();
                if (response.getStatusCode() != 200) {
                    return;
                }
                String contentType = response.headers().get(HttpHeaders.CONTENT_TYPE);
                if (context.normalizedPath().startsWith(ASSETS)) {
                    response.putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
                } else if (contentType != null && contentType.startsWith("text/html")) {
                    response.putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE);
                }
            });
        }
        if (ROOT_FILES.contains(path) || path.startsWith(ASSETS) || !acceptsHtml(context)) {
            context.next();
        } else {
            context.reroute("/");
        }
    }

    private static boolean acceptsHtml(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    static boolean isConsole(String path) {
        for (String prefix : API_PREFIXES) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        return true;
    }
}
