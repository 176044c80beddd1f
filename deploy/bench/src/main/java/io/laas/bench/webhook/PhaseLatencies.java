package io.laas.bench.webhook;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Webhook latencies sorted into the measured windows by when the event was committed: a delivery
 * that arrives after its window ended still counts for it. Thread-safe.
 */
public final class PhaseLatencies {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private record Phase(String name, long fromMicros, long untilMicros, SynchronizedHistogram latencies) {
        boolean contains(long epochMicros) {
            return epochMicros >= fromMicros && epochMicros < untilMicros;
        }
    }

    private final List<Phase> phases = new CopyOnWriteArrayList<>();

    /** Events committed in {@code [fromMicros, untilMicros)} (epoch microseconds) belong to the phase. */
    public void add(String name, long fromMicros, long untilMicros) {
        phases.add(new Phase(name, fromMicros, untilMicros, new SynchronizedHistogram(HIGHEST_MICROS, 3)));
    }

    /** @return whether the event belonged to a phase */
    public boolean record(long recordedAtMicros, long latencyMicros) {
        for (Phase phase : phases) {
            if (phase.contains(recordedAtMicros)) {
                phase.latencies().recordValue(Math.max(0, Math.min(HIGHEST_MICROS, latencyMicros)));
                return true;
            }
        }
        return false;
    }

    /** A copy of the phase's latencies so far, in microseconds. */
    public Optional<Histogram> latencies(String name) {
        return phases.stream().filter(phase -> phase.name().equals(name)).findFirst()
                .map(phase -> phase.latencies().copy());
    }
}
