package io.laas.iam.audit.rest;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.iam.audit.Actor;
import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.RequestSource;
import io.laas.iam.session.rest.SourceAddress;
import io.vertx.core.http.HttpServerRequest;

/**
 * The initiator of the current request, read from its bearer token and the headers the gateway sets: the
 * token's {@code sub} (a person, an API key or a client), the address the gateway saw, the user agent and
 * the request id. Services receive the {@link Initiator}, never the request.
 */
@RequestScoped
public class Initiators {

    private static final int MAX_HEADER = 512;

    private final JsonWebToken jwt;
    private final HttpServerRequest request;
    private final SourceAddress addresses;

    public Initiators(JsonWebToken jwt, HttpServerRequest request, SourceAddress addresses) {
        this.jwt = jwt;
        this.request = request;
        this.addresses = addresses;
    }

    /** The bearer of the request's token, from where it came. */
    public Initiator current() {
        return new Initiator(actor(jwt), source());
    }

    /** A request without a token (sign-up, sign-in): the actor is named by the caller. */
    public RequestSource source() {
        return sourceOf(request, addresses);
    }

    /** Where a request came from: the address by the trusted-proxy rule ({@link SourceAddress}), its user agent and id. */
    public static RequestSource sourceOf(HttpServerRequest request, SourceAddress addresses) {
        return new RequestSource(addresses.of(request), header(request, "user-agent"),
                header(request, "x-request-id"));
    }

    /**
     * A console token has no {@code project_id}: its subject is a person. A project credential's subject is
     * an API key's id (a UUID) or an OAuth2 client's client_id.
     */
    static Actor actor(JsonWebToken token) {
        String subject = token.getSubject();
        if (token.getClaim("project_id") == null) {
            return new Actor(Actor.PERSON, subject, null);
        }
        return isUuid(subject) ? new Actor(Actor.API_KEY, subject, null) : new Actor(Actor.CLIENT, subject, subject);
    }

    private static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String header(HttpServerRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() > MAX_HEADER ? value.substring(0, MAX_HEADER) : value;
    }
}
