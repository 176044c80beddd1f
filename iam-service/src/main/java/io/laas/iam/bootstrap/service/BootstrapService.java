package io.laas.iam.bootstrap.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.iam.apikey.service.ApiKeyService;
import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.bootstrap.TenantsFile;
import io.laas.iam.bootstrap.TenantsFileReader;
import io.laas.iam.client.service.OAuthClientService;
import io.laas.iam.config.IamConfig;
import io.laas.iam.crypto.PasswordHasher;
import io.laas.iam.ledger.Ledger;
import io.laas.iam.ledger.repository.LedgerRepository;
import io.laas.iam.ledger.service.LedgerService;
import io.laas.iam.tenant.repository.TenantRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies the tenant bootstrap file at start, in one transaction, idempotently: rows are upserted by
 * id (API keys and clients through the services of the API, with the same checks), a ledger seen for the first time emits {@code ledger.created}, and applying the same file again
 * changes nothing. Only the local stack configures a file; production has no default.
 */
@ApplicationScoped
public class BootstrapService {

    private static final Logger LOG = Logger.getLogger(BootstrapService.class);

    private final Pool pool;
    private final TenantRepository tenants;
    private final LedgerRepository ledgerRepository;
    private final LedgerService ledgers;
    private final PasswordHasher passwords;
    private final ApiKeyService apiKeys;
    private final OAuthClientService clients;
    private final IamConfig config;
    private final AuditLog audit;

    public BootstrapService(Pool pool, TenantRepository tenants, LedgerRepository ledgerRepository, LedgerService ledgers,
            PasswordHasher passwords, ApiKeyService apiKeys, OAuthClientService clients, IamConfig config,
            AuditLog audit) {
        this.pool = pool;
        this.tenants = tenants;
        this.ledgerRepository = ledgerRepository;
        this.ledgers = ledgers;
        this.passwords = passwords;
        this.apiKeys = apiKeys;
        this.clients = clients;
        this.config = config;
        this.audit = audit;
    }

    void onStart(@Observes StartupEvent event) {
        config.bootstrap().file().filter(f -> !f.isBlank()).ifPresent(file -> {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalStateException("laas.iam.bootstrap.file " + path.toAbsolutePath() + " cannot be read");
            }
            if (ConfigUtils.getProfiles().contains("prod")) {
                refuseDemoCredentials(path, TenantsFileReader.withSystemEnvironment().read(path));
            }
            Result result = apply(path).await().atMost(Duration.ofMinutes(2));
            LOG.infof("Applied tenant bootstrap file %s: %d organization(s), %d ledger(s) created", path,
                    result.organizations(), result.ledgersCreated());
        });
    }

    /** Production must not start with the local stack's demo credentials (see docs/security.md). */
    public static void refuseDemoCredentials(Path path, TenantsFile file) {
        List<String> demo = file.demoCredentials();
        if (!demo.isEmpty()) {
            throw new IllegalStateException("Refusing to start in production: laas.iam.bootstrap.file " + path
                    + " holds demo credentials of the local stack (" + String.join("; ", demo)
                    + "): set them through the environment");
        }
    }

    /** What one application of the file did. */
    public record Result(int organizations, int ledgersCreated) {
    }

    public Uni<Result> apply(Path path) {
        TenantsFile file = TenantsFileReader.withSystemEnvironment().read(path);
        AtomicInteger created = new AtomicInteger();
        return pool.withTransaction(conn -> tenants.lockProvisioning(conn)
                .chain(() -> each(file.organizations(), org -> applyOrganization(conn, org, created))))
                .map(done -> new Result(file.organizations().size(), created.get()));
    }

    private Uni<Void> applyOrganization(SqlConnection conn, TenantsFile.Organization org, AtomicInteger created) {
        return tenants.upsertOrganization(conn, org.id(), org.name(), org.operator())
                .chain(() -> each(org.users(), user -> applyUser(conn, org.id(), user)))
                .chain(() -> each(org.projects(), project -> applyProject(conn, org.id(), project, created)));
    }

    private Uni<Void> applyUser(SqlConnection conn, UUID orgId, TenantsFile.User user) {
        return tenants.passwordHash(conn, user.id())
                // keep the stored hash when it still matches, so a re-run writes nothing; PBKDF2 is CPU-bound
                .chain(existing -> Uni.createFrom()
                        .item(() -> existing.filter(hash -> passwords.verify(user.password(), hash))
                                .orElseGet(() -> passwords.hash(user.password())))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(hash -> tenants.upsertUser(conn, user.id(), user.email(), hash))
                .chain(() -> tenants.upsertMembership(conn, orgId, user.id(), user.role()));
    }

    private Uni<Void> applyProject(SqlConnection conn, UUID orgId, TenantsFile.Project project, AtomicInteger created) {
        return tenants.upsertProject(conn, project.id(), orgId, project.code(), project.name())
                .chain(() -> each(project.ledgers(), ledger -> ledgers
                        .createIfAbsent(conn, orgId, ledger.id(), project.id(), ledger.code(), ledger.name(),
                                ledger.currency())
                        .call(isNew -> {
                            if (!isNew) {
                                return Uni.createFrom().voidItem();
                            }
                            created.incrementAndGet();
                            return audit.record(conn, Initiator.BOOTSTRAP, orgId, "ledger.created", "ledger",
                                    ledger.id(), null, new JsonObject().put("id", ledger.id().toString())
                                            .put("project_id", project.id().toString()).put("code", ledger.code())
                                            .put("name", ledger.name()).put("currency", ledger.currency()));
                        })
                        .chain(() -> each(ledger.apiKeys(), key -> apiKeys.provision(conn, orgId, project.id(),
                                key.id(), key.key(), new ApiKeyService.KeySpec(key.description(), key.scopes(),
                                        List.of(ledger.id()), key.expiresAt()))))))
                .chain(() -> each(project.clients(), client -> applyClient(conn, orgId, project.id(), client)));
    }

    private Uni<Void> applyClient(SqlConnection conn, UUID orgId, UUID projectId, TenantsFile.Client client) {
        return ledgerRepository.findInProject(conn, projectId, client.ledgers()).chain(found -> {
            Set<String> known = found.stream().flatMap(l -> java.util.stream.Stream.of(l.code(), l.id().toString()))
                    .collect(Collectors.toSet());
            List<String> missing = client.ledgers().stream().filter(name -> !known.contains(name)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("client " + client.clientId() + ": no ledger " + missing
                        + " in project " + projectId);
            }
            return clients.provision(conn, orgId, projectId, client.clientId(), client.clientSecret(),
                    new OAuthClientService.ClientSpec(client.name(), client.scopes(), found.stream().map(Ledger::id).toList()));
        });
    }

    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }
}
