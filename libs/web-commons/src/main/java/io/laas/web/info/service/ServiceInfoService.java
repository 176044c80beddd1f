package io.laas.web.info.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.laas.web.info.BuildInfo;
import io.laas.web.info.ServiceInfo;
import io.laas.web.info.repository.SchemaHistory;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * This service's {@link ServiceInfo}. A service with a database (a default reactive datasource) reads its schema
 * version from its Flyway history table at every call, so that it shows what the database holds now (another
 * replica may have migrated it since this one started); one without (the gateway) has none.
 */
@ApplicationScoped
public class ServiceInfoService {

    private static final Logger LOG = Logger.getLogger(ServiceInfoService.class);

    private final String name;
    private final BuildInfo build;
    private final SchemaHistory history;

    public ServiceInfoService(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") Optional<String> version,
            @ConfigProperty(name = "quarkus.flyway.default-schema") Optional<String> schema,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String table,
            Instance<Pool> pools) {
        this.name = name;
        this.build = BuildInfo.load(Thread.currentThread().getContextClassLoader(), version.orElse(null));
        this.history = pools.isResolvable() ? new SchemaHistory(pools.get(), schema, table) : null;
    }

    /** The build alone, without asking the database. */
    public BuildInfo build() {
        return build;
    }

    /**
     * @return the info, or a failed {@link ProblemException} 503 SCHEMA_VERSION_UNAVAILABLE when the history
     *         table cannot be read
     */
    public Uni<ServiceInfo> info() {
        if (history == null) {
            return Uni.createFrom().item(ServiceInfo.of(name, build, null));
        }
        return history.latestVersion()
                .map(version -> ServiceInfo.of(name, build, version.orElse(null)))
                .onFailure().transform(failure -> {
                    LOG.warnf("The schema version cannot be read: %s", failure.toString());
                    return new ProblemException(503, "SCHEMA_VERSION_UNAVAILABLE", "Service Unavailable",
                            "The service cannot read its schema version from its database now.");
                });
    }
}
