package io.laas.iam.ledger.service;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.ledger.Ledger;
import io.laas.iam.ledger.repository.LedgerRepository;
import io.laas.iam.project.repository.ProjectRepository;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.quota.Quota;
import io.laas.iam.quota.service.QuotaService;
import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The ledger registry. Creating a ledger and its {@code ledger.created} outbox row happen in the
 * caller's transaction, so the command service learns of every ledger that exists and of no other.
 */
@ApplicationScoped
public class LedgerService {

    public static final String AGGREGATE_TYPE = "registry";
    public static final String LEDGER_CREATED = "ledger.created";
    public static final String LEDGER_UPDATED = "ledger.updated";
    public static final String LEDGER_ARCHIVED = "ledger.archived";
    public static final String LEDGER_NOT_FOUND = "LEDGER_NOT_FOUND";
    public static final String LEDGER_CODE_TAKEN = "LEDGER_CODE_TAKEN";

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final OutboxWriter outbox;

    private final ProjectRepository projects;
    private static final String TARGET = "ledger";
    private final AuditLog audit;

    private final QuotaService quotas;

    public LedgerService(Pool pool, LedgerRepository ledgers, OutboxWriter outbox, ProjectRepository projects,
            AuditLog audit, QuotaService quotas) {
        this.quotas = quotas;
        this.pool = pool;
        this.ledgers = ledgers;
        this.outbox = outbox;
        this.projects = projects;
        this.audit = audit;
    }

    /**
     * Creates a ledger in a project of the organisation and emits {@code ledger.created} in the same
     * transaction. The currency must be an ISO 4217 code (400 otherwise), the code free in the project (409),
     * the organisation under its ledger quota (409 QUOTA_EXCEEDED; archived ledgers do not count).
     */
    public Uni<Ledger> create(Initiator by, UUID organizationId, UUID projectId, String code, String name, String currency) {
        if (!isCurrency(currency)) {
            return Uni.createFrom().failure(ProblemException.validation("currency", "is not an ISO 4217 currency code"));
        }
        return pool.withTransaction(conn -> projects.find(conn, organizationId, projectId)
                .map(found -> found.orElseThrow(() -> ProjectService.notFound(projectId)))
                .call(project -> quotas.reserve(conn, organizationId, Quota.LEDGERS))
                .chain(project -> ledgers.insert(conn, projectId, code, name, currency))
                .call(ledger -> outbox.append(conn, ledgerEvent(LEDGER_CREATED, organizationId, ledger)))
                .call(ledger -> audit.record(conn, by, organizationId, "ledger.created", TARGET, ledger.id(), null,
                        snapshot(ledger))))
                .onFailure(ProjectService::isUniqueViolation)
                .transform(e -> ProblemException.conflict(LEDGER_CODE_TAKEN,
                        "A ledger with code " + code + " already exists in project " + projectId + "."));
    }

    /** The ledgers of a project of the organisation, archived ones included. */
    public Uni<List<Ledger>> listOfProject(UUID organizationId, UUID projectId) {
        return projects.find(pool, organizationId, projectId)
                .map(found -> found.orElseThrow(() -> ProjectService.notFound(projectId)))
                .chain(project -> ledgers.listOfProject(pool, projectId));
    }

    public Uni<Ledger> get(UUID organizationId, UUID id) {
        return ledgers.findInOrganization(pool, organizationId, id, false)
                .map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** Renames a ledger (archived or not) and emits {@code ledger.updated}; the same name changes nothing. */
    public Uni<Ledger> rename(Initiator by, UUID organizationId, UUID id, String name) {
        return pool.withTransaction(conn -> ledgers.findInOrganization(conn, organizationId, id, true)
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .chain(ledger -> ledger.name().equals(name) ? Uni.createFrom().item(ledger)
                        : ledgers.rename(conn, id, name)
                                .call(renamed -> outbox.append(conn, ledgerEvent(LEDGER_UPDATED, organizationId, renamed)))
                                .call(renamed -> audit.record(conn, by, organizationId, "ledger.updated", TARGET, id,
                                        snapshot(ledger), snapshot(renamed)))));
    }

    /**
     * Archives a ledger and emits {@code ledger.archived}; archiving an archived ledger answers it unchanged
     * and emits nothing.
     */
    public Uni<Ledger> archive(Initiator by, UUID organizationId, UUID id) {
        return pool.withTransaction(conn -> ledgers.findInOrganization(conn, organizationId, id, true)
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .chain(ledger -> ledger.archived() ? Uni.createFrom().item(ledger)
                        : ledgers.archive(conn, id)
                                .call(archived -> outbox.append(conn, ledgerEvent(LEDGER_ARCHIVED, organizationId, archived)))
                                .call(archived -> audit.record(conn, by, organizationId, "ledger.archived", TARGET, id,
                                        snapshot(ledger), snapshot(archived)))));
    }

    /** What the audit log keeps of a ledger. */
    public static JsonObject snapshot(Ledger ledger) {
        return new JsonObject().put("id", ledger.id().toString()).put("project_id", ledger.projectId().toString())
                .put("code", ledger.code()).put("name", ledger.name()).put("currency", ledger.currency())
                .put("archived_at", ledger.archivedAt() == null ? null : ledger.archivedAt().toInstant().toString());
    }

    public static ProblemException notFound(Object id) {
        return ProblemException.notFound(LEDGER_NOT_FOUND, "Ledger " + id + " was not found.");
    }

    /**
     * Any ledger of the registry with its organisation, for the platform's own services (a service that meets a
     * ledger before its {@code ledger.created} event); 404 LEDGER_NOT_FOUND when no ledger has this id.
     */
    public Uni<LedgerRepository.Registered> registered(UUID id) {
        return ledgers.findRegistered(pool, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** The ledgers a token grants, within its project. */
    public Uni<List<Ledger>> granted(List<UUID> ids, UUID projectId) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : ledgers.findByIds(pool, ids, projectId);
    }

    /**
     * Creates the ledger if its id is new and emits {@code ledger.created}; an existing ledger with the
     * same attributes is left as is, one with another name is renamed ({@code ledger.updated}), one with
     * another project, code or currency is an error. Returns whether it was created.
     */
    public Uni<Boolean> createIfAbsent(SqlConnection conn, UUID orgId, UUID id, UUID projectId, String code, String name,
            String currency) {
        requireCurrency(currency);
        return ledgers.insertIfAbsent(conn, id, projectId, code, name, currency).chain(created -> {
            if (created.isPresent()) {
                return outbox.append(conn, ledgerCreated(orgId, created.get())).replaceWith(true);
            }
            return ledgers.findById(conn, id).chain(existing -> {
                Ledger ledger = existing.orElseThrow();
                if (!ledger.projectId().equals(projectId) || !ledger.code().equals(code)
                        || !ledger.currency().equals(currency)) {
                    throw new IllegalStateException("Ledger " + id + " already exists with another project, code or "
                            + "currency (" + ledger.code() + ", " + ledger.currency() + "); those never change");
                }
                if (ledger.name().equals(name)) {
                    return Uni.createFrom().item(false);
                }
                // a rename in the file is applied like one through the API
                return ledgers.rename(conn, id, name)
                        .call(renamed -> outbox.append(conn, ledgerEvent(LEDGER_UPDATED, orgId, renamed)))
                        .replaceWith(false);
            });
        });
    }

    /** ISO 4217 codes known to {@link Currency}, in upper case. */
    public static boolean isCurrency(String currency) {
        boolean known = currency != null && currency.matches("[A-Z]{3}");
        if (known) {
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                known = false;
            }
        }
        return known;
    }

    public static void requireCurrency(String currency) {
        if (!isCurrency(currency)) {
            throw new IllegalArgumentException("Unknown ISO 4217 currency code: " + currency);
        }
    }

    static OutboxEvent ledgerCreated(UUID orgId, Ledger ledger) {
        return ledgerEvent(LEDGER_CREATED, orgId, ledger);
    }

    /**
     * A registry event: the ledger as it is after the change. {@code ledger.updated} and {@code ledger.archived}
     * carry every field of {@code ledger.created} (consumers that know only that type ignore the others)
     * plus {@code updated_at} and {@code archived_at}.
     */
    static OutboxEvent ledgerEvent(String type, UUID orgId, Ledger ledger) {
        UUID eventId = UUID.randomUUID();
        JsonObject payload = new JsonObject()
                .put("event_id", eventId.toString())
                .put("event_type", type)
                .put("ledger_id", ledger.id().toString())
                .put("org_id", orgId.toString())
                .put("project_id", ledger.projectId().toString())
                .put("code", ledger.code())
                .put("name", ledger.name())
                .put("currency", ledger.currency())
                .put("created_at", instant(ledger.createdAt()));
        if (!LEDGER_CREATED.equals(type)) {
            payload.put("updated_at", instant(ledger.updatedAt()))
                    .put("archived_at", ledger.archivedAt() == null ? null : instant(ledger.archivedAt()));
        }
        return new OutboxEvent(eventId, AGGREGATE_TYPE, ledger.id().toString(), type, payload);
    }

    private static String instant(java.time.OffsetDateTime time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
