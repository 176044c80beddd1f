package io.laas.webhook.endpoint.service;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.events.EventTypes;
import io.laas.tenancy.LedgerScope;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.webhook.audit.Initiator;
import io.laas.webhook.audit.service.AuditOutbox;
import io.laas.webhook.common.CursorKey;
import io.laas.webhook.delivery.AttemptLogEntry;
import io.laas.webhook.delivery.StoredMessage;
import io.laas.webhook.delivery.WebhookSignature;
import io.laas.webhook.delivery.repository.AttemptRepository;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.EndpointQueueRepository;
import io.laas.webhook.delivery.repository.MessageRepository;
import io.laas.webhook.delivery.service.DeliveryDispatcher;
import io.laas.webhook.endpoint.Endpoint;
import io.laas.webhook.endpoint.EndpointChanges;
import io.laas.webhook.endpoint.EndpointSettings;
import io.laas.webhook.endpoint.config.EndpointConfig;
import io.laas.webhook.endpoint.repository.EndpointRepository;
import io.laas.webhook.net.TargetGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Endpoint management on a tenant's behalf: every method runs in one transaction with the ledger set
 * ({@link LedgerScope}), so row-level security admits only that ledger's rows.
 */
@ApplicationScoped
public class EndpointService {

    public static final String ENDPOINT_NOT_FOUND = "WEBHOOK_ENDPOINT_NOT_FOUND";
    public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
    public static final String ENDPOINT_LIMIT = "WEBHOOK_ENDPOINT_LIMIT";
    public static final String ENDPOINT_DISABLED = "WEBHOOK_ENDPOINT_DISABLED";
    /** Why an endpoint disabled by its owner is disabled. */
    public static final String DISABLED_THROUGH_API = "Disabled through the API.";
    private static final String ENDPOINTS_CURSOR = "endpoints";
    private static final String ATTEMPTS_CURSOR = "attempts";

    private final Pool pool;
    private final EndpointRepository endpoints;
    private final AttemptRepository attempts;
    private final TargetGuard guard;

    private final AuditOutbox audit;
    private final EndpointSecrets secrets;
    private final EndpointConfig config;
    private final DeliveryRepository deliveries;
    private final MessageRepository messages;
    private final EndpointQueueRepository queues;
    private final DeliveryDispatcher dispatcher;

    public EndpointService(Pool pool, EndpointRepository endpoints, AttemptRepository attempts, TargetGuard guard,
            AuditOutbox audit, EndpointSecrets secrets, EndpointConfig config, DeliveryRepository deliveries,
            MessageRepository messages, EndpointQueueRepository queues, DeliveryDispatcher dispatcher) {
        this.pool = pool;
        this.endpoints = endpoints;
        this.attempts = attempts;
        this.guard = guard;
        this.audit = audit;
        this.secrets = secrets;
        this.config = config;
        this.deliveries = deliveries;
        this.messages = messages;
        this.queues = queues;
        this.dispatcher = dispatcher;
    }

    /**
     * Registers an endpoint after the SSRF check, and its audit event in the same transaction; the returned
     * endpoint carries its new secret (which the event never does). The organisation's endpoints are counted under
     * a lock of the organisation, so two registrations at the limit cannot both pass.
     *
     * @param orgId the organisation the endpoint counts against
     * @param quota how many endpoints the organisation may have
     * @throws ProblemException 409 QUOTA_EXCEEDED (quota, limit, current) when it has that many already; 422
     *         WEBHOOK_ENDPOINT_LIMIT (limit, current) when the ledger has {@code laas.webhook.max-endpoints-per-ledger}
     */
    public Uni<Endpoint> create(Initiator by, UUID ledgerId, UUID orgId, int quota, String url, List<String> eventTypes,
            String description, EndpointSettings settings) {
        URI uri = TargetGuard.parseClientUrl(url);
        List<String> types = normaliseEventTypes(eventTypes);
        String normalisedDescription = normaliseDescription(description);
        return guard.vetForClient(uri)
                .flatMap(vetted -> LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.lockOrganization(conn, orgId)
                        .chain(() -> endpoints.countOfOrganization(conn, orgId))
                        .invoke(current -> {
                            if (current >= quota) {
                                throw quotaExceeded(quota, current);
                            }
                        })
                        .chain(() -> endpoints.countOfLedger(conn, ledgerId))
                        .invoke(current -> {
                            if (current >= config.maxEndpointsPerLedger()) {
                                throw ledgerLimit(config.maxEndpointsPerLedger(), current);
                            }
                        })
                        .chain(() -> {
                            Endpoint endpoint = new Endpoint(UUID.randomUUID(), ledgerId, uri.toString(),
                                    normalisedDescription, WebhookSignature.newSecret(), types, settings.enabled(),
                                    settings.enabled() ? null : DISABLED_THROUGH_API, null, null,
                                    settings.headers(), settings.rateLimit(), settings.maxInFlight(), settings.fifo(),
                                    null, null, null);
                            return endpoints.insert(conn, endpoint, secrets.seal(endpoint.id(), endpoint.secret()),
                                    orgId);
                        })
                        .call(endpoint -> audit.record(conn, by, "webhook_endpoint.created", "webhook_endpoint",
                                endpoint.id(), null, snapshot(endpoint)))));
    }

    /**
     * Applies a merge patch: a new URL is vetted as at registration (before the transaction); disabling fails the
     * endpoint's pending deliveries at once (they can be recovered later), enabling clears the reason and the
     * failure streak. Audited with the endpoint before and after.
     */
    public Uni<Endpoint> update(Initiator by, UUID ledgerId, String endpointId, EndpointChanges changes) {
        UUID id = parseEndpointId(endpointId);
        URI uri = changes.url() == null ? null : TargetGuard.parseClientUrl(changes.url());
        Uni<?> vetted = uri == null ? Uni.createFrom().voidItem() : guard.vetForClient(uri);
        return vetted.flatMap(ignored -> LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.lock(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> notFound(endpointId))
                .chain(before -> {
                    Endpoint after = apply(before, changes, uri);
                    return endpoints.update(conn, after, DISABLED_THROUGH_API)
                            .call(updated -> before.enabled() && !updated.enabled()
                                    ? deliveries.failPendingOfEndpoints(conn, List.of(id))
                                    : Uni.createFrom().voidItem())
                            .call(updated -> audit.record(conn, by, "webhook_endpoint.updated", "webhook_endpoint",
                                    id, snapshot(before), snapshot(updated)));
                })));
    }

    private static Endpoint apply(Endpoint before, EndpointChanges changes, URI uri) {
        return new Endpoint(before.id(), before.ledgerId(), uri == null ? before.url() : uri.toString(),
                changes.description() == null ? before.description()
                        : normaliseDescription(changes.description().orElse(null)),
                null,
                changes.eventTypes() == null ? before.eventTypes() : normaliseEventTypes(changes.eventTypes()),
                changes.enabled() == null ? before.enabled() : changes.enabled(),
                before.disabledReason(), before.createdAt(), before.updatedAt(),
                changes.headers() == null ? before.headers() : changes.headers(),
                changes.rateLimit() == null ? before.rateLimit() : changes.rateLimit().orElse(null),
                changes.maxInFlight() == null ? before.maxInFlight() : changes.maxInFlight().orElse(null),
                changes.fifo() == null ? before.fifo() : changes.fifo(),
                before.disabledAt(), before.failingSince(), before.previousSecretExpiresAt());
    }

    /** Deletes the endpoint with its deliveries and log, audited; 404 when the ledger has no such endpoint. */
    public Uni<Void> delete(Initiator by, UUID ledgerId, String endpointId) {
        UUID id = parseEndpointId(endpointId);
        return LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.delete(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> notFound(endpointId))
                .call(deleted -> audit.record(conn, by, "webhook_endpoint.deleted", "webhook_endpoint", id,
                        snapshot(deleted), null))
                .replaceWithVoid());
    }

    /**
     * Queues a {@code webhook.test} message for this endpoint only, and wakes the dispatcher once it is committed.
     *
     * @throws ProblemException 409 WEBHOOK_ENDPOINT_DISABLED when the endpoint is disabled
     */
    public Uni<StoredMessage> sendTest(UUID ledgerId, String endpointId) {
        UUID id = parseEndpointId(endpointId);
        return LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.lock(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> notFound(endpointId))
                .invoke(endpoint -> {
                    if (!endpoint.enabled()) {
                        throw ProblemException.conflict(ENDPOINT_DISABLED, "Webhook endpoint " + endpointId
                                + " is disabled: enable it first.");
                    }
                })
                .chain(endpoint -> {
                    UUID messageId = UUID.randomUUID();
                    return messages.insertOperational(conn, messageId, ledgerId, EventTypes.WEBHOOK_TEST,
                            testEnvelope(messageId, ledgerId, id).encode());
                })
                .call(message -> deliveries.createForEndpoint(conn, message, id))
                .call(message -> queues.markDue(conn, List.of(id))))
                .invoke(dispatcher::wakeUp);
    }

    private static JsonObject testEnvelope(UUID messageId, UUID ledgerId, UUID endpointId) {
        return new JsonObject()
                .put("event_id", messageId.toString())
                .put("event_type", EventTypes.WEBHOOK_TEST)
                .put("ledger_id", ledgerId.toString())
                .put("recorded_at", Instant.now().truncatedTo(ChronoUnit.MICROS).toString())
                .put("data", new JsonObject().put("endpoint_id", endpointId.toString()));
    }

    /** A rotated secret and when the one it replaced stops signing. */
    public record RotatedSecret(Endpoint endpoint, String secret) {
    }

    /**
     * Replaces the endpoint's signing secret by {@code newSecret} (generated when {@code null}); the one it replaces
     * keeps signing, next to it, for {@code laas.webhook.secret-overlap}. Audited (never the secrets).
     */
    public Uni<RotatedSecret> rotateSecret(Initiator by, UUID ledgerId, String endpointId, String newSecret) {
        UUID id = parseEndpointId(endpointId);
        String secret = newSecret == null ? WebhookSignature.newSecret() : newSecret;
        return LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.lockSecret(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> notFound(endpointId))
                .chain(stored -> endpoints.rotateSecret(conn, ledgerId, id, secrets.seal(id, secret),
                        secrets.seal(id, secrets.open(id, stored)), config.secretOverlap()))
                .call(rotated -> audit.record(conn, by, "webhook_endpoint.secret_rotated", "webhook_endpoint", id,
                        null, new JsonObject().put("id", id.toString())
                                .put("previous_secret_expires_at", String.valueOf(rotated.previousSecretExpiresAt()))))
                .map(rotated -> new RotatedSecret(rotated, secret)));
    }

    /**
     * What the audit log keeps of an endpoint: never its signing secret, nor the values of its custom headers
     * (only their names).
     */
    static JsonObject snapshot(Endpoint endpoint) {
        return new JsonObject().put("id", endpoint.id().toString()).put("ledger_id", endpoint.ledgerId().toString())
                .put("url", endpoint.url()).put("description", endpoint.description())
                .put("event_types", new JsonArray(List.copyOf(endpoint.eventTypes()))).put("enabled", endpoint.enabled())
                .put("header_names", new JsonArray(endpoint.headers().keySet().stream()
                        .sorted(String.CASE_INSENSITIVE_ORDER).toList()))
                .put("rate_limit", endpoint.rateLimit()).put("max_in_flight", endpoint.maxInFlight())
                .put("fifo", endpoint.fifo());
    }

    private static ProblemException ledgerLimit(int limit, long current) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("limit", limit);
        extensions.put("current", current);
        return ProblemException.unprocessable(ENDPOINT_LIMIT, "The ledger has " + current
                + " webhook endpoints of the " + limit + " it may have.", extensions);
    }

    private static ProblemException quotaExceeded(int limit, long current) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("quota", "webhook_endpoints");
        extensions.put("limit", limit);
        extensions.put("current", current);
        return ProblemException.conflict(QUOTA_EXCEEDED, "The organisation has " + current
                + " webhook_endpoints of the " + limit + " its quota allows.", extensions);
    }

    public Uni<Endpoint> get(UUID ledgerId, String endpointId) {
        UUID id = parseEndpointId(endpointId);
        return LedgerScope.withLedger(pool, ledgerId, conn -> find(conn, ledgerId, id, endpointId));
    }

    public Uni<Page<Endpoint>> list(UUID ledgerId, PageRequest page) {
        CursorKey after = CursorKey.parse(page.after());
        return LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.list(conn, ledgerId, after, page.limit()))
                .map(rows -> page.page(rows, e -> new CursorKey(e.createdAt(), e.id()).cursor(ENDPOINTS_CURSOR)));
    }

    public Uni<Page<AttemptLogEntry>> attempts(UUID ledgerId, String endpointId, PageRequest page) {
        // The cursor is checked before the endpoint is looked up: a bad cursor is a 400 whatever the endpoint.
        CursorKey after = CursorKey.parse(page.after());
        UUID id = parseEndpointId(endpointId);
        // Both statements are sent at once, pipelined behind the ledger setting: the log is only returned when the
        // endpoint is the ledger's, and row-level security keeps any other ledger's attempts out of it anyway.
        return LedgerScope.withLedger(pool, ledgerId, conn -> Uni.combine().all()
                        .unis(find(conn, ledgerId, id, endpointId),
                                attempts.listForEndpoint(conn, id, after, page.limit()))
                        .with((endpoint, log) -> log))
                .map(rows -> page.page(rows, a -> new CursorKey(a.attemptedAt(), a.id()).cursor(ATTEMPTS_CURSOR)));
    }

    private Uni<Endpoint> find(SqlConnection conn, UUID ledgerId, UUID id, String asGiven) {
        return endpoints.find(conn, ledgerId, id).onItem().ifNull().failWith(() -> notFound(asGiven));
    }

    public static String endpointsCursorKind() {
        return ENDPOINTS_CURSOR;
    }

    public static String attemptsCursorKind() {
        return ATTEMPTS_CURSOR;
    }

    private static String normaliseDescription(String description) {
        return description == null || description.isBlank() ? null : description.strip();
    }

    private static List<String> normaliseEventTypes(List<String> eventTypes) {
        if (eventTypes == null) {
            return List.of();
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String type : eventTypes) {
            if (type != null) {
                unique.add(type.strip());
            }
        }
        return new ArrayList<>(unique);
    }

    /** An endpoint id from a path; a malformed one is not found. */
    public static UUID parseEndpointId(String endpointId) {
        try {
            return UUID.fromString(endpointId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(endpointId);
        }
    }

    public static ProblemException notFound(String endpointId) {
        return ProblemException.notFound(ENDPOINT_NOT_FOUND, "Webhook endpoint " + endpointId + " was not found.");
    }
}
