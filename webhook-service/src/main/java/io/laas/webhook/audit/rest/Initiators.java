package io.laas.webhook.audit.rest;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.webhook.audit.Initiator;
import io.vertx.core.http.HttpServerRequest;

/**
 * The initiator of the current request, from its bearer token and the headers the gateway sets, read as IAM
 * reads them for its own audit events: a token without {@code project_id} is a person's (console), a project
 * credential's subject is an API key's id (a UUID) or an OAuth2 client's client_id.
 */
@RequestScoped
public class Initiators {

    private static final int MAX_HEADER = 512;

    private final JsonWebToken jwt;
    private final HttpServerRequest request;

    public Initiators(JsonWebToken jwt, HttpServerRequest request) {
        this.jwt = jwt;
        this.request = request;
    }

    public Initiator current() {
        String subject = jwt.getSubject();
        String type;
        String display = null;
        if (jwt.getClaim(LedgerAccess.PROJECT_CLAIM) == null) {
            type = "person";
        } else if (isUuid(subject)) {
            type = "api_key";
        } else {
            type = "client";
            display = subject;
        }
        return new Initiator(organization(), type, subject, display, address(), header("user-agent"),
                header("x-request-id"));
    }

    /** Every token IAM issues names its organisation; one that does not may change nothing. */
    private UUID organization() {
        Object claim = jwt.getClaim(LedgerAccess.ORG_CLAIM);
        String value = claim instanceof jakarta.json.JsonString s ? s.getString() : claim == null ? null : claim.toString();
        if (isUuid(value)) {
            return UUID.fromString(value);
        }
        throw new ProblemException(403, "FORBIDDEN", "Forbidden", "This token names no organisation.");
    }

    /** The gateway appends the address it saw to X-Forwarded-For: the last entry is the one no client chooses. */
    private String address() {
        String forwarded = request.getHeader("x-forwarded-for");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private String header(String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() > MAX_HEADER ? value.substring(0, MAX_HEADER) : value;
    }

    private static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
