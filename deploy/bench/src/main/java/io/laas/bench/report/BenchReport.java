package io.laas.bench.report;

import java.util.List;
import java.util.Optional;

/**
 * Everything one run measured and checked.
 *
 * @param consistencyProblems empty when every check after the run passed
 * @param notes things the reader must know about this run (e.g. a drain that timed out)
 */
public record BenchReport(RunInfo run, List<FloorMeasurement> floors, List<Measurement> measurements,
        List<String> consistencyProblems, List<String> notes) {

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
