package io.laas.webhook.endpoint.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.tenancy.LedgerScope;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.webhook.audit.Initiator;
import io.laas.webhook.audit.service.AuditOutbox;
import io.laas.webhook.common.CursorKey;
import io.laas.webhook.delivery.AttemptLogEntry;
import io.laas.webhook.delivery.WebhookSignature;
import io.laas.webhook.delivery.repository.AttemptRepository;
import io.laas.webhook.endpoint.Endpoint;
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
    private static final String ENDPOINTS_CURSOR = "endpoints";
    private static final String ATTEMPTS_CURSOR = "attempts";

    private final Pool pool;
    private final EndpointRepository endpoints;
    private final AttemptRepository attempts;
    private final TargetGuard guard;

    private final AuditOutbox audit;
    private final EndpointSecrets secrets;

    public EndpointService(Pool pool, EndpointRepository endpoints, AttemptRepository attempts, TargetGuard guard,
            AuditOutbox audit, EndpointSecrets secrets) {
        this.pool = pool;
        this.endpoints = endpoints;
        this.attempts = attempts;
        this.guard = guard;
        this.audit = audit;
        this.secrets = secrets;
    }

    /**
     * Registers an endpoint after the SSRF check, and its audit event in the same transaction; the returned
     * endpoint carries its new secret (which the event never does). The organisation's endpoints are counted under
     * a lock of the organisation, so two registrations at the limit cannot both pass.
     *
     * @param orgId the organisation the endpoint counts against
     * @param quota how many endpoints the organisation may have
     * @throws ProblemException 409 QUOTA_EXCEEDED (quota, limit, current) when it has that many already
     */
    public Uni<Endpoint> create(Initiator by, UUID ledgerId, UUID orgId, int quota, String url, List<String> eventTypes,
            String description) {
        URI uri = TargetGuard.parseClientUrl(url);
        List<String> types = normaliseEventTypes(eventTypes);
        String normalisedDescription = description == null || description.isBlank() ? null : description.strip();
        return guard.vetForClient(uri)
                .flatMap(vetted -> LedgerScope.withLedger(pool, ledgerId, conn -> endpoints.lockOrganization(conn, orgId)
                        .chain(() -> endpoints.countOfOrganization(conn, orgId))
                        .invoke(current -> {
                            if (current >= quota) {
                                throw quotaExceeded(quota, current);
                            }
                        })
                        .chain(() -> {
                            Endpoint endpoint = new Endpoint(UUID.randomUUID(), ledgerId, uri.toString(),
                                    normalisedDescription, WebhookSignature.newSecret(), types, true, null, null, null);
                            return endpoints.insert(conn, endpoint, secrets.seal(endpoint.id(), endpoint.secret()),
                                    orgId);
                        })
                        .call(endpoint -> audit.record(conn, by, "webhook_endpoint.created", "webhook_endpoint",
                                endpoint.id(), null, snapshot(endpoint)))));
    }

    /** What the audit log keeps of an endpoint: never its signing secret. */
    static JsonObject snapshot(Endpoint endpoint) {
        return new JsonObject().put("id", endpoint.id().toString()).put("ledger_id", endpoint.ledgerId().toString())
                .put("url", endpoint.url()).put("description", endpoint.description())
                .put("event_types", new JsonArray(List.copyOf(endpoint.eventTypes()))).put("enabled", endpoint.enabled());
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
