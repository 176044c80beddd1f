package io.laas.web.logging;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every HTTP request an id before anything else handles it: the {@code x-request-id} it came with when that is
 * a sane token (the gateway sets one on everything it forwards), otherwise a new one. The id is in the
 * {@link LogFields#REQUEST_ID} field of every line logged for the request and in the {@code x-request-id} header of
 * its answer, so a client can quote it and an operator find the request's lines in every service.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "x-request-id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    void register(@Observes Router router) {
        // first of all routes, so that even a request refused early (CORS, size, authentication) has its id
        router.route().order(Integer.MIN_VALUE).handler(RequestIds::assign);
    }

    static void assign(RoutingContext context) {
        String id = accepted(context.request().getHeader(HEADER));
        context.put(ATTRIBUTE, id);
        LogFields.put(LogFields.REQUEST_ID, id);
        context.response().putHeader(HEADER, id);
        context.next();
    }

    /** The request's id ({@link #assign}), or a new one for a request that did not pass through it. */
    public static String of(RoutingContext context) {
        String id = context.get(ATTRIBUTE);
        return id != null ? id : accepted(context.request().getHeader(HEADER));
    }

    /** {@code given} when it is a sane token, otherwise a new id. */
    static String accepted(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : randomUuid();
    }

    /**
     * A version 4 UUID from the thread's own generator: a request id needs to be unique, not unguessable, and
     * {@link UUID#randomUUID()} would make every event loop queue on one shared SecureRandom.
     */
    private static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long leastSignificant = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
