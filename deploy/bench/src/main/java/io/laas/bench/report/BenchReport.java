package io.laas.bench.report;

import java.util.List;
import java.util.Optional;

/**
 * Everything one run measured and checked.
 *
 * @param consistencyProblems empty when every check after the run passed
 * @param notes things the reader must know about this run (e.g. a drain that timed out)
 * @param readScale the read-scale phase's ledger ({@link ReadScaleSummary#NOT_RUN} when it did not run)
 * @param webhookFanOut the webhook phase ({@link WebhookFanOutSummary#NOT_RUN} when it did not run)
 */
public record BenchReport(RunInfo run, List<FloorMeasurement> floors, List<Measurement> measurements,
        List<String> consistencyProblems, List<String> notes, ReadScaleSummary readScale,
        WebhookFanOutSummary webhookFanOut) {

    /** A run without the webhook phase. */
    public BenchReport(RunInfo run, List<FloorMeasurement> floors, List<Measurement> measurements,
            List<String> consistencyProblems, List<String> notes, ReadScaleSummary readScale) {
        this(run, floors, measurements, consistencyProblems, notes, readScale, WebhookFanOutSummary.NOT_RUN);
    }

    /** A run without the read-scale phase. */
    public BenchReport(RunInfo run, List<FloorMeasurement> floors, List<Measurement> measurements,
            List<String> consistencyProblems, List<String> notes) {
        this(run, floors, measurements, consistencyProblems, notes, ReadScaleSummary.NOT_RUN);
    }

    public Optional<FloorMeasurement> floor(String id) {
        return floors.stream().filter(floor -> floor.id().equals(id)).findFirst();
    }

    /** The window's throughput as a multiple of its floor's, if it has one. */
    public Optional<Double> ratioToFloor(Measurement measurement) {
        if (measurement.floor() == null) {
            return Optional.empty();
        }
        return floor(measurement.floor()).filter(floor -> floor.txPerSecond() > 0)
                .map(floor -> measurement.txPerSecond() / floor.txPerSecond());
    }

    public boolean consistent() {
        return consistencyProblems.isEmpty();
    }
}
