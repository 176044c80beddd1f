package io.laas.projector.failure.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.service.ProjectionMetrics;

/**
 * Shows the projection's open failures in the readiness details: open sequence conflicts (integrity errors),
 * open poison events and parked events. It stays UP on purpose: every replica reads the same database, so
 * all of them would turn not ready together and take the reads of every tenant offline for a problem of one
 * ledger's history that no restart fixes. Alerting goes through the metrics
 * ({@code laas_projector_sequence_conflicts_total}, {@code laas_projector_failed_events}); operators act
 * through {@code /v1/ops/projector/failed-events}.
 */
@Readiness
@ApplicationScoped
public class ProjectionFailuresHealthCheck implements HealthCheck {

    private final ProjectionMetrics metrics;

    public ProjectionFailuresHealthCheck(ProjectionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("projection-failures").up()
                .withData("open_sequence_conflicts", metrics.openFailures(EventFailure.Kind.SEQUENCE_CONFLICT))
                .withData("open_poison_events", metrics.openFailures(EventFailure.Kind.POISON))
                .withData("parked_events", metrics.parkedEvents())
                .withData("sequence_conflicts_since_start", (long) metrics.sequenceConflictsSeen())
                .build();
    }
}
