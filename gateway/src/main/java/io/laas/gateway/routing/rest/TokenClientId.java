package io.laas.gateway.routing.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;

/**
 * The client id a token request authenticates as: from {@code client_secret_basic} (RFC 6749 §2.3.1: the
 * id form-urlencoded, then Base64 with the secret) or else the form's {@code client_id}. Only read to count
 * failures; IAM decides whether the request is valid.
 */
final class TokenClientId {

    /** Longer ids are cut: a throttle key, not an identity, and an attacker must not make the keys large. */
    private static final int MAX_LENGTH = 200;
    private static final String BASIC = "Basic ";

    private TokenClientId() {
    }

    /** @return the client id, or null when the request names none */
    static String of(String authorization, Buffer body) {
        if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return bounded(URLDecoder.decode(colon < 0 ? pair : pair.substring(0, colon), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        if (body == null || body.length() == 0) {
            return null;
        }
        List<String> ids = new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
                .parameters().get("client_id");
        return ids == null || ids.isEmpty() ? null : bounded(ids.get(0));
    }

    private static String bounded(String id) {
        return id == null || id.isBlank() ? null : id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
    }
}
