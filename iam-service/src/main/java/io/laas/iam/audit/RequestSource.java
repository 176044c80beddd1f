package io.laas.iam.audit;

/**
 * Where a change came from, as the gateway forwarded it. Every part may be null (a change made at start).
 *
 * @param ip the client address the gateway saw (the last {@code X-Forwarded-For} entry)
 */
public record RequestSource(String ip, String userAgent, String requestId) {

    public static final RequestSource NONE = new RequestSource(null, null, null);
}
