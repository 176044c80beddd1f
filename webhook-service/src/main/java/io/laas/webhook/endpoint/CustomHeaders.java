package io.laas.webhook.endpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of an endpoint's custom headers, sent with every request to it. A name the sender owns (the Standard
 * Webhooks signature headers, the body's framing, the client's identity) or a hop-by-hop header is refused, so a
 * custom header can never stand in for a signature; the sender also sets its own headers after the custom ones.
 */
public final class CustomHeaders {

    public static final int MAX_HEADERS = 20;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_VALUE_LENGTH = 1000;
    public static final String MASK = "********";

    /** RFC 9110 §5.6.2 token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Visible ASCII, space and horizontal tab (no CR, LF or other controls). */
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");
    private static final Set<String> REFUSED = Set.of(
            "webhook-id", "webhook-timestamp", "webhook-signature",
            "content-type", "content-length", "content-encoding", "transfer-encoding", "host", "user-agent",
            "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "forwarded");
    private static final List<String> REFUSED_PREFIXES = List.of("proxy-", "x-forwarded-");
    private static final List<String> CREDENTIAL_PARTS = List.of("auth", "token", "secret", "key", "password",
            "cookie", "session", "signature", "credential");

    private CustomHeaders() {
    }

    /** What is wrong with these headers, one message per fault (field {@code headers.<name>} or {@code headers}). */
    public static List<Fault> faults(Map<String, String> headers) {
        List<Fault> faults = new ArrayList<>();
        if (headers.size() > MAX_HEADERS) {
            faults.add(new Fault("headers", "at most " + MAX_HEADERS + " headers"));
        }
        Set<String> seen = new HashSet<>();
        headers.forEach((name, value) -> {
            String field = "headers." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !TOKEN.matcher(name).matches()) {
                faults.add(new Fault(field, "a header name is an RFC 9110 token of 1-" + MAX_NAME_LENGTH
                        + " characters"));
            } else if (REFUSED.contains(lower) || REFUSED_PREFIXES.stream().anyMatch(lower::startsWith)) {
                faults.add(new Fault(field, "is set by the webhook service and cannot be replaced"));
            } else if (!seen.add(lower)) {
                faults.add(new Fault(field, "is given twice (header names are case-insensitive)"));
            }
            if (value == null) {
                faults.add(new Fault(field, "must be a string"));
            } else if (value.length() > MAX_VALUE_LENGTH || !VALUE.matcher(value).matches()) {
                faults.add(new Fault(field, "a header value is at most " + MAX_VALUE_LENGTH
                        + " visible ASCII characters, spaces or tabs"));
            }
        });
        return faults;
    }

    /** The headers as shown to API clients: the values of credential-like headers masked. */
    public static Map<String, String> masked(Map<String, String> headers) {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> shown.put(name, isCredential(name) ? MASK : value));
        return shown;
    }

    /**
     * Whether the header probably carries a credential of the receiver's ({@code Authorization}, {@code Cookie},
     * an API key or token header): its value is never shown back.
     */
    public static boolean isCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return CREDENTIAL_PARTS.stream().anyMatch(lower::contains);
    }

    public record Fault(String field, String message) {
    }
}
