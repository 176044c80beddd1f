package io.laas.webhook.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.laas.webhook.endpoint.StoredSecret;

/**
 * A due delivery claimed by this dispatcher, with what sending it needs. {@code attempts} is the
 * number of attempts already made. {@code recordedAt} is the event's recorded_at as written in the
 * envelope (the body's timestamp); {@code recordedAtTime} the same instant when it is an RFC 3339
 * timestamp, else {@code null}. {@code secret} is the endpoint's signing secret as stored (encrypted).
 * {@code roundStart} is the number of attempts made before the current round of the retry schedule (a resend
 * starts a new round): the schedule is followed from attempt {@code roundStart + 1}.
 * {@code headers} are the endpoint's custom headers; {@code previousSecret} the secret before its last rotation
 * while it still signs (its overlap), else {@code null}.
 * {@code maxInFlight} is the endpoint's cap of attempts in flight (its own, bounded by the service's; 1 in
 * strict FIFO mode) and {@code fifo} whether it is served in strict FIFO order. {@code failing}: the endpoint had
 * failed since its last success when the delivery was claimed. {@code traceparent} is the trace context its event
 * arrived with ({@code null} when none): each attempt is a span of that trace.
 */
public record ClaimedDelivery(UUID id, UUID messageId, UUID endpointId, int attempts, String eventType,
        String payload, String recordedAt, Instant recordedAtTime, String url, StoredSecret secret,
        boolean endpointEnabled, int roundStart, Map<String, String> headers, StoredSecret previousSecret,
        int maxInFlight, boolean fifo, boolean failing, String traceparent) {
}
