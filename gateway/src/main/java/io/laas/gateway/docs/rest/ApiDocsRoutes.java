package io.laas.gateway.docs.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The API reference for people at {@code /docs}: a Redoc page rendering {@code /openapi.json}. The document,
 * the page's script and the page itself are resources the build puts in {@code META-INF/resources} (served as
 * static files); this route answers {@code /docs} and {@code /docs/} with the page.
 */
@ApplicationScoped
public class ApiDocsRoutes {

    private static final String PAGE = "META-INF/resources/docs/index.html";

    private final Buffer page;

    public ApiDocsRoutes() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the gateway's resources");
            }
            page = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(@Observes Router router) {
        for (String path : new String[] { "/docs", "/docs/" }) {
            for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.HEAD }) {
                router.route(method, path).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::page);
            }
        }
    }

    private void page(RoutingContext context) {
        context.response().putHeader("content-type", "text/html; charset=utf-8");
        if (context.request().method() == HttpMethod.HEAD) {
            context.response().putHeader("content-length", String.valueOf(page.length())).end();
        } else {
            context.response().end(page);
        }
    }
}
