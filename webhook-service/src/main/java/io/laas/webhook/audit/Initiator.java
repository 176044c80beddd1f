package io.laas.webhook.audit;

import java.util.UUID;

/**
 * Who made a change, for which organisation, and from where (as the gateway forwarded it): what a change
 * passes down so that its audit event can name them.
 *
 * @param actorType {@code person}, {@code api_key} or {@code client}
 * @param actorId the person's id, the API key's id or the client's client_id (the token's {@code sub})
 * @param ip the client address the gateway saw (the last {@code X-Forwarded-For} entry)
 */
public record Initiator(UUID organizationId, String actorType, String actorId, String actorDisplay, String ip,
        String userAgent, String requestId) {
}
