package io.laas.bench.report;

/** Where and when a run was measured. */
public record RunInfo(String commit, boolean dirtyTree, String machine, int cores, String startedAt, String options,
        boolean quick, long preloadedEvents) {
}
