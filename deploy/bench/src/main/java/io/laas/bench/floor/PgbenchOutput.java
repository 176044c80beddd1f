package io.laas.bench.floor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pgbench run printed: transactions (script runs) per second, their average latency and how many
 * failed for good (after the retries allowed).
 */
public record PgbenchOutput(double tps, double latencyMs, long failed) {

    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+) \\(without initial connection time\\)", Pattern.MULTILINE);
    private static final Pattern LATENCY = Pattern.compile("^latency average = ([0-9.]+) ms", Pattern.MULTILINE);
    private static final Pattern FAILED = Pattern.compile("^number of failed transactions: ([0-9]+)", Pattern.MULTILINE);

    public static PgbenchOutput parse(String output) {
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalArgumentException("pgbench printed no tps line:\n" + output);
        }
        Matcher latency = LATENCY.matcher(output);
        Matcher failed = FAILED.matcher(output);
        return new PgbenchOutput(Double.parseDouble(tps.group(1)), latency.find() ? Double.parseDouble(latency.group(1)) : 0,
                failed.find() ? Long.parseLong(failed.group(1)) : 0);
    }
}
