package io.laas.iam.client.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.client.OAuthClient;
import io.laas.iam.client.repository.OAuthClientRepository;
import io.laas.iam.credential.service.CredentialGrants;
import io.laas.iam.crypto.ClientSecrets;
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
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The lifecycle of a project's OAuth2 clients: create (the secret is returned once and only its HMAC is
 * stored), list, rotate the secret with an overlap window, delete. Deleting, and rotating without overlap,
 * announce {@code credential.revoked} for the client_id (the {@code sub} of its tokens) in the same
 * transaction.
 */
@ApplicationScoped
public class OAuthClientService {

    public static final String CLIENT_NOT_FOUND = "CLIENT_NOT_FOUND";
    static final String DELETED = "client_deleted";
    static final String ROTATED = "client_secret_rotated";
    private static final String TARGET = "client";

    private final Pool pool;
    private final ProjectRepository projects;
    private final OAuthClientRepository clients;
    private final CredentialGrants grants;
    private final CredentialHasher hasher;
    private final CredentialRevocations revocations;
    private final AuditLog audit;

    private final QuotaService quotas;

    public OAuthClientService(Pool pool, ProjectRepository projects, OAuthClientRepository clients,
            CredentialGrants grants, CredentialHasher hasher, CredentialRevocations revocations, AuditLog audit,
            QuotaService quotas) {
        this.quotas = quotas;
        this.pool = pool;
        this.projects = projects;
        this.clients = clients;
        this.grants = grants;
        this.hasher = hasher;
        this.revocations = revocations;
        this.audit = audit;
    }

    public record ClientSpec(String name, List<String> scopes, List<UUID> ledgers) {
    }

    /** A client with its secret, as created or rotated; the secret is never available again. */
    public record ClientWithSecret(OAuthClient client, String secret) {
    }

    public Uni<ClientWithSecret> create(Initiator by, UUID organizationId, UUID projectId, ClientSpec spec) {
        String secret = ClientSecrets.secret();
        return pool.withTransaction(conn -> project(conn, organizationId, projectId)
                .chain(() -> quotas.reserve(conn, organizationId, Quota.OAUTH_CLIENTS))
                .chain(() -> checked(conn, organizationId, projectId, spec))
                .chain(checked -> clients.insert(conn, newClient(ClientSecrets.clientId(), organizationId, projectId,
                        secret, checked)))
                .call(client -> audit.record(conn, by, organizationId, "client.created", TARGET, client.id(), null,
                        snapshot(client)))
                .map(client -> new ClientWithSecret(client, secret)));
    }

    public Uni<List<OAuthClient>> list(UUID organizationId, UUID projectId) {
        return project(pool, organizationId, projectId).chain(() -> clients.listOfProject(pool, projectId));
    }

    public Uni<OAuthClient> get(UUID organizationId, UUID projectId, UUID id) {
        return project(pool, organizationId, projectId)
                .chain(() -> clients.find(pool, projectId, id, false))
                .map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /**
     * A new secret. The old one keeps working until the end of the overlap; without overlap it stops at once
     * and the tokens issued before are revoked.
     */
    public Uni<ClientWithSecret> rotateSecret(Initiator by, UUID organizationId, UUID projectId, UUID id, Duration overlap) {
        OffsetDateTime now = now();
        String secret = ClientSecrets.secret();
        CredentialHasher.Hashed hashed = hasher.hash(secret);
        return pool.withTransaction(conn -> project(conn, organizationId, projectId)
                .chain(() -> clients.find(conn, projectId, id, true))
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .chain(before -> clients.rotateSecret(conn, id, hashed.hash(), hashed.version(), now,
                        overlap.isZero() ? null : now.plus(overlap))
                        .call(client -> audit.record(conn, by, organizationId, "client.secret_rotated", TARGET, id,
                                snapshot(before), snapshot(client))))
                .call(client -> overlap.isZero()
                        ? revocations.revokeSubject(conn, client.clientId(), now.toInstant(), ROTATED)
                        : Uni.createFrom().voidItem())
                .map(client -> new ClientWithSecret(client, secret)));
    }

    /** Deletes the client and revokes its tokens; its client_id is never given to another client. */
    public Uni<Void> delete(Initiator by, UUID organizationId, UUID projectId, UUID id) {
        OffsetDateTime now = now();
        return pool.withTransaction(conn -> project(conn, organizationId, projectId)
                .chain(() -> clients.find(conn, projectId, id, true))
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .call(client -> clients.delete(conn, id, now))
                .call(client -> revocations.revokeSubject(conn, client.clientId(), now.toInstant(), DELETED))
                .chain(client -> audit.record(conn, by, organizationId, "client.deleted", TARGET, id, snapshot(client),
                        null)));
    }

    /** What the audit log keeps of a client: never its secret nor its hash. */
    public static JsonObject snapshot(OAuthClient client) {
        return new JsonObject().put("id", client.id().toString()).put("client_id", client.clientId())
                .put("project_id", client.projectId().toString()).put("name", client.name())
                .put("scopes", new JsonArray(List.copyOf(client.scopes())))
                .put("ledgers", new JsonArray(client.ledgers().stream().map(UUID::toString).toList()))
                .put("secret_rotated_at", time(client.secretRotatedAt()))
                .put("previous_secret_expires_at", time(client.previousSecretExpiresAt()));
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    /** Creates or updates a client whose id and secret are given (the tenants file), with the checks of the API. */
    public Uni<Void> provision(SqlConnection conn, UUID organizationId, UUID projectId, String clientId, String secret,
            ClientSpec spec) {
        if (clientId == null || clientId.isBlank() || ApiKeyFormat.looksLikeApiKey(clientId)) {
            return Uni.createFrom().failure(new IllegalArgumentException("client_id " + clientId
                    + " is blank or starts like an API key"));
        }
        return checked(conn, organizationId, projectId, spec)
                .chain(checked -> clients.upsert(conn, newClient(clientId, organizationId, projectId, secret, checked)));
    }

    private Uni<ClientSpec> checked(SqlClient conn, UUID organizationId, UUID projectId, ClientSpec spec) {
        return grants.scopes(conn, organizationId, spec.scopes(), CredentialGrants.CLIENT_SCOPES)
                .chain(scopes -> grants.ledgers(conn, projectId, spec.ledgers(), false)
                        .map(ledgers -> new ClientSpec(spec.name(), scopes, ledgers)));
    }

    private OAuthClientRepository.NewClient newClient(String clientId, UUID organizationId, UUID projectId,
            String secret, ClientSpec spec) {
        CredentialHasher.Hashed hashed = hasher.hash(secret);
        return new OAuthClientRepository.NewClient(clientId, organizationId, projectId, hashed.hash(), hashed.version(),
                spec.name(), spec.scopes(), spec.ledgers());
    }

    private Uni<Void> project(SqlClient client, UUID organizationId, UUID projectId) {
        return projects.find(client, organizationId, projectId)
                .map(found -> found.orElseThrow(() -> ProjectService.notFound(projectId)))
                .replaceWithVoid();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public static ProblemException notFound(Object id) {
        return ProblemException.notFound(CLIENT_NOT_FOUND, "Client " + id + " was not found.");
    }
}
