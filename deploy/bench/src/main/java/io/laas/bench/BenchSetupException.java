package io.laas.bench;

/** The stack is not set up the way the benchmark needs; the message says what to do. */
public final class BenchSetupException extends RuntimeException {

    public static final String HOW_TO_START = "Start the local stack for the benchmark with the benchmark's tenants and "
            + "without the gateway's rate limit: LAAS_TENANTS_FILE=deploy/bench/tenants.yml "
            + "LAAS_GATEWAY_RATE_LIMIT_ENABLED=false deploy/local/up --fresh";

    public BenchSetupException(String message) {
        super(message);
    }
}
