package io.laas.gateway.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The command replicas writes go to, in the readiness details. Always up: with no replica known the gateway
 * still writes through {@code command-url}, and a gateway that cannot see the replicas must keep serving reads.
 */
@Readiness
@ApplicationScoped
public class CommandReplicasHealthCheck implements HealthCheck {

    private final CommandReplicas replicas;

    public CommandReplicasHealthCheck(CommandReplicas replicas) {
        this.replicas = replicas;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("command-replicas").up();
        replicas.describe().forEach((key, value) -> {
            if (value instanceof Boolean flag) {
                response.withData(key, flag);
            } else if (value instanceof Integer count) {
                response.withData(key, count);
            } else {
                response.withData(key, String.valueOf(value));
            }
        });
        return response.build();
    }
}
