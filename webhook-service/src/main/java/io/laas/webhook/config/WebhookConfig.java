package io.laas.webhook.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery behaviour of the webhook service ({@code laas.webhook.*}). */
@ConfigMapping(prefix = "laas.webhook")
public interface WebhookConfig {

    /**
     * Fallback period of the dispatcher's timer. The dispatcher also runs as soon as this replica's intake
     * commits new deliveries, an attempt finishes, or the earliest scheduled retry is due; the timer finds
     * work that other replicas queued.
     */
    @WithDefault("500ms")
    Duration dispatchInterval();

    /**
     * Deliveries this replica holds leased at once (attempts in flight, and deliveries of fast endpoints
     * leased ahead), all endpoints together. Slow endpoints can fill at most this divided by
     * {@link #maxInFlightPerEndpoint()} of them: keep it well above that many.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * Attempts in flight at once to one endpoint, across replicas: a slow endpoint holds at most this many
     * slots, whatever its backlog. 16 lets one fast endpoint take a few thousand events a second (see
     * {@link #prefetchPerEndpoint()}) while sixteen slow endpoints at once still leave most of a replica's
     * 256 slots to everyone else.
     */
    @WithDefault("16")
    int maxInFlightPerEndpoint();

    /**
     * Deliveries of one endpoint that this replica may hold leased at once while that endpoint answers
     * quickly: it sends the next of them the moment an attempt finishes, instead of waiting for a dispatch
     * cycle to record the result and claim again. Attempts in flight still never exceed
     * {@link #maxInFlightPerEndpoint()}, and a slow endpoint (or one that another replica is serving) is
     * leased no more than that cap. Values below the cap mean the cap.
     */
    @WithDefault("64")
    int prefetchPerEndpoint();

    /** Endpoints with due deliveries served by one dispatch cycle (oldest due first). */
    @WithDefault("100")
    int endpointsPerCycle();

    /** Whole-request timeout of one delivery attempt (connect, send, response). */
    @WithDefault("15s")
    Duration requestTimeout();

    /** Longest wait for the DNS lookup of a webhook host; a slower answer fails the attempt. */
    @WithDefault("2s")
    Duration dnsTimeout();

    /**
     * Threads that run the (blocking) JDK resolver for webhook hosts. Lookups of one host share a single
     * one; a lookup that hangs holds its thread until the JDK gives up, though nobody waits for it longer
     * than {@link #dnsTimeout()}.
     */
    @WithDefault("32")
    int dnsThreads();

    /**
     * Lease of a delivery claimed for sending: if this replica dies mid-send, the delivery is due again
     * after the lease. Must exceed {@link #dnsTimeout()} plus {@link #requestTimeout()} plus one second.
     */
    @WithDefault("60s")
    Duration claimLease();

    /**
     * Wait before each attempt: entry {@code i} is the wait before attempt {@code i + 1}, so the size
     * is the number of attempts. After the last one fails the delivery is {@code failed}.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random spread applied to each scheduled wait (0.2 = plus or minus 20%). */
    @WithDefault("0.2")
    double retryJitter();

    /** Upper bound for a receiver's {@code Retry-After}. */
    @WithDefault("24h")
    Duration retryAfterMax();

    /**
     * An endpoint none of whose attempts has succeeded for this long is disabled at its next failed attempt
     * (reason {@code failing}), its pending deliveries fail, and the ledger's other endpoints are sent an
     * {@code endpoint.disabled} event.
     */
    @WithDefault("5d")
    Duration disableAfterFailing();

    /**
     * Upper bound of the pause a 429 or 503 with {@code Retry-After} imposes on its whole endpoint (nothing
     * more is sent to it before, from any replica); the delivery itself waits up to {@link #retryAfterMax()}.
     */
    @WithDefault("1h")
    Duration throttleMax();

    /**
     * Allow loopback, private and other special-purpose targets. Off in production (SSRF); the local stack
     * turns it on for receivers on localhost. Cloud metadata, link-local, unspecified addresses and the IPv6
     * forms of IPv4 addresses stay refused ({@code AddressPolicy}).
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /**
     * Ports a webhook URL may name (its explicit port, or 80/443 for its scheme); empty or unset: any. Other
     * ports are refused when an endpoint is created or updated (422) and at every delivery attempt.
     */
    Optional<Set<Integer>> allowedPorts();

    /** How often the queue-depth gauges (pending and due deliveries) are refreshed from the database. */
    @WithDefault("15s")
    Duration pendingGaugeInterval();

    Pagination pagination();

    interface Pagination {

        /** Page size when the request has no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest accepted {@code limit}. */
        @WithDefault("200")
        int maxLimit();
    }
}
