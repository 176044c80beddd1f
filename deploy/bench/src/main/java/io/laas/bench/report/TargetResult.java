package io.laas.bench.report;

/**
 * One target of the benchmark, what was measured against it and the verdict.
 *
 * @param value the figure compared with the threshold, NaN when not measured
 * @param measured the figure as the reader sees it, with its context
 */
public record TargetResult(String name, String goal, double value, String measured, Verdict verdict) {
}
