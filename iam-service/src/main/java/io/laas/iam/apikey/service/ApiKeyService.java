package io.laas.iam.apikey.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.apikey.ApiKey;
import io.laas.iam.apikey.repository.ApiKeyRepository;
import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.credential.service.CredentialGrants;
import io.laas.iam.crypto.CredentialHasher;
import io.laas.iam.project.repository.ProjectRepository;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.quota.Quota;
import io.laas.iam.quota.service.QuotaService;
import io.laas.iam.revocation.CredentialRevocations;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.ApiKeyFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The lifecycle of API keys: issue (the raw key is returned once and only its HMAC is stored), list,
 * revoke, rotate with an overlap window. Every operation is scoped to a project of the administered
 * organisation; a key or project of another organisation is answered as one that does not exist. A
 * revocation, and a rotation without overlap, announce {@code credential.revoked} for the key's id (the
 * {@code sub} of its tokens) in the same transaction.
 */
@ApplicationScoped
public class ApiKeyService {

    public static final String API_KEY_NOT_FOUND = "API_KEY_NOT_FOUND";
    public static final String API_KEY_NOT_ACTIVE = "API_KEY_NOT_ACTIVE";
    public static final String API_KEY_ALREADY_ROTATED = "API_KEY_ALREADY_ROTATED";
    static final String REVOKED = "api_key_revoked";
    static final String ROTATED = "api_key_rotated";
    private static final String TARGET = "api_key";

    private final Pool pool;
    private final ProjectRepository projects;
    private final ApiKeyRepository keys;
    private final CredentialGrants grants;
    private final CredentialHasher hasher;
    private final CredentialRevocations revocations;
    private final AuditLog audit;

    private final QuotaService quotas;

    public ApiKeyService(Pool pool, ProjectRepository projects, ApiKeyRepository keys, CredentialGrants grants,
            CredentialHasher hasher, CredentialRevocations revocations, AuditLog audit, QuotaService quotas) {
        this.quotas = quotas;
        this.pool = pool;
        this.projects = projects;
        this.keys = keys;
        this.grants = grants;
        this.hasher = hasher;
        this.revocations = revocations;
        this.audit = audit;
    }

    /** What a new key may do. {@code expiresAt} null: it never expires. */
    public record KeySpec(String description, List<String> scopes, List<UUID> ledgers, OffsetDateTime expiresAt) {
    }

    /** A key just issued with its raw value, which is never available again. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    /** A rotation: the new key, and the old one with the end of its overlap. */
    public record Rotation(IssuedKey issued, ApiKey previous) {
    }

    public Uni<IssuedKey> create(Initiator by, UUID organizationId, UUID projectId, boolean live, KeySpec spec) {
        return Uni.createFrom().item(() -> requireFuture(spec.expiresAt(), now()))
                .chain(() -> pool.withTransaction(conn -> project(conn, organizationId, projectId)
                        .chain(() -> quotas.reserve(conn, organizationId, Quota.API_KEYS))
                        .chain(() -> issue(conn, organizationId, projectId, live, spec))
                        .call(issued -> audit.record(conn, by, organizationId, "api_key.created", TARGET,
                                issued.key().id(), null, snapshot(issued.key())))));
    }

    public Uni<List<ApiKey>> list(UUID organizationId, UUID projectId) {
        return project(pool, organizationId, projectId).chain(() -> keys.listOfProject(pool, projectId));
    }

    public Uni<ApiKey> get(UUID organizationId, UUID projectId, UUID keyId) {
        return project(pool, organizationId, projectId)
                .chain(() -> keys.find(pool, projectId, keyId, false))
                .map(found -> found.orElseThrow(() -> notFound(keyId)));
    }

    /** Revokes the key at once; revoking a revoked key changes nothing. */
    public Uni<ApiKey> revoke(Initiator by, UUID organizationId, UUID projectId, UUID keyId) {
        OffsetDateTime now = now();
        return pool.withTransaction(conn -> project(conn, organizationId, projectId)
                .chain(() -> keys.find(conn, projectId, keyId, true))
                .map(found -> found.orElseThrow(() -> notFound(keyId)))
                .call(key -> key.revokedAt() != null ? Uni.createFrom().voidItem()
                        : keys.revoke(conn, keyId, now)
                                .call(() -> revocations.revokeSubject(conn, keyId.toString(), now.toInstant(), REVOKED))
                                .call(() -> audit.record(conn, by, organizationId, "api_key.revoked", TARGET, keyId,
                                        snapshot(key), snapshot(key).put("revoked_at", now.toInstant().toString())))));
    }

    /**
     * Issues a new key with the same description, scopes and ledgers, and makes the old one expire at the
     * end of the overlap (or earlier, if it expired earlier). Without overlap the old key's tokens are
     * revoked at once.
     */
    public Uni<Rotation> rotate(Initiator by, UUID organizationId, UUID projectId, UUID keyId, Duration overlap,
            OffsetDateTime expiresAt) {
        OffsetDateTime now = now();
        return Uni.createFrom().item(() -> requireFuture(expiresAt, now))
                .chain(() -> pool.withTransaction(conn -> project(conn, organizationId, projectId)
                        .chain(() -> keys.find(conn, projectId, keyId, true))
                        .map(found -> found.orElseThrow(() -> notFound(keyId)))
                        .chain(old -> {
                            if (!old.usable(now)) {
                                throw ProblemException.conflict(API_KEY_NOT_ACTIVE, "API key " + keyId + " is "
                                        + old.status(now) + "; only an active key can be rotated.");
                            }
                            if (old.replacedBy() != null) {
                                throw ProblemException.conflict(API_KEY_ALREADY_ROTATED, "API key " + keyId
                                        + " was already replaced by " + old.replacedBy() + ".");
                            }
                            KeySpec spec = new KeySpec(old.description(), old.scopes(), old.ledgers(), expiresAt);
                            OffsetDateTime end = now.plus(overlap);
                            OffsetDateTime oldExpiry = old.expiresAt() != null && old.expiresAt().isBefore(end)
                                    ? old.expiresAt() : end;
                            return issue(conn, organizationId, projectId, old.prefix().startsWith(ApiKeyFormat.LIVE), spec)
                                    .chain(issued -> keys.replace(conn, keyId, issued.key().id(), oldExpiry)
                                            .call(previous -> overlap.isZero()
                                                    ? revocations.revokeSubject(conn, keyId.toString(), now.toInstant(), ROTATED)
                                                    : Uni.createFrom().voidItem())
                                            .call(previous -> audit.record(conn, by, organizationId, "api_key.rotated",
                                                    TARGET, keyId, snapshot(old), snapshot(previous)))
                                            .map(previous -> new Rotation(issued, previous)));
                        })));
    }

    /**
     * Creates or updates a key whose raw value is given (the tenants file), with the checks of the API; an
     * expiry in the past is allowed (the key simply does not work).
     */
    public Uni<Void> provision(SqlConnection conn, UUID organizationId, UUID projectId, UUID keyId, String rawKey,
            KeySpec spec) {
        if (!ApiKeyFormat.isWellFormed(rawKey)) {
            return Uni.createFrom().failure(new IllegalArgumentException("api key " + keyId + " is not a well-formed key"));
        }
        return checked(conn, organizationId, projectId, spec)
                .chain(checked -> keys.upsert(conn, newKey(keyId, projectId, rawKey, checked)));
    }

    private Uni<IssuedKey> issue(SqlConnection conn, UUID organizationId, UUID projectId, boolean live, KeySpec spec) {
        String raw = ApiKeyFormat.generate(live);
        return checked(conn, organizationId, projectId, spec)
                .chain(checked -> keys.insert(conn, newKey(UUID.randomUUID(), projectId, raw, checked)))
                .map(key -> new IssuedKey(key, raw));
    }

    private Uni<KeySpec> checked(SqlConnection conn, UUID organizationId, UUID projectId, KeySpec spec) {
        return grants.scopes(conn, organizationId, spec.scopes(), CredentialGrants.API_KEY_SCOPES)
                .chain(scopes -> grants.ledgers(conn, projectId, spec.ledgers(), true)
                        .map(ledgers -> new KeySpec(spec.description(), scopes, ledgers, spec.expiresAt())));
    }

    private ApiKeyRepository.NewKey newKey(UUID id, UUID projectId, String raw, KeySpec spec) {
        CredentialHasher.Hashed hashed = hasher.hash(raw);
        return new ApiKeyRepository.NewKey(id, projectId, hashed.hash(), hashed.version(), ApiKeyFormat.prefix(raw),
                ApiKeyFormat.lastFour(raw), spec.description(), spec.scopes(), spec.ledgers(), spec.expiresAt());
    }

    private Uni<Void> project(io.vertx.mutiny.sqlclient.SqlClient client, UUID organizationId, UUID projectId) {
        return projects.find(client, organizationId, projectId)
                .map(found -> found.orElseThrow(() -> ProjectService.notFound(projectId)))
                .replaceWithVoid();
    }

    private static OffsetDateTime requireFuture(OffsetDateTime expiresAt, OffsetDateTime now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.validation("expires_at", "must be in the future");
        }
        return expiresAt;
    }

    /** In the database's precision, so that what is stored is what is announced. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** What the audit log keeps of a key: never its value nor its hash. */
    public static JsonObject snapshot(ApiKey key) {
        return new JsonObject().put("id", key.id().toString()).put("project_id", key.projectId().toString())
                .put("prefix", key.prefix()).put("last_four", key.lastFour()).put("description", key.description())
                .put("scopes", new JsonArray(List.copyOf(key.scopes())))
                .put("ledgers", new JsonArray(key.ledgers().stream().map(UUID::toString).toList()))
                .put("expires_at", time(key.expiresAt())).put("revoked_at", time(key.revokedAt()))
                .put("replaced_by", key.replacedBy() == null ? null : key.replacedBy().toString());
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    public static ProblemException notFound(Object id) {
        return ProblemException.notFound(API_KEY_NOT_FOUND, "API key " + id + " was not found.");
    }
}
