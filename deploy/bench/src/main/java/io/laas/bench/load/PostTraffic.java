package io.laas.bench.load;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** {@code POST /v1/ledgers/{ledger_id}/transactions}, one transaction per request, 201 when posted. */
public final class PostTraffic implements Traffic {

    private final Workload workload;
    private final TransactionBodies bodies;

    public PostTraffic(Workload workload, TransactionBodies bodies) {
        this.workload = workload;
        this.bodies = bodies;
    }

    @Override
    public String name() {
        return workload.name();
    }

    @Override
    public List<UUID> ledgers() {
        return workload.ledgers();
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.POST;
    }

    @Override
    public int itemsPerRequest() {
        return 1;
    }

    @Override
    public String pathSuffix(long n, SplittableRandom random) {
        return "/transactions";
    }

    @Override
    public Buffer body(long n, SplittableRandom random) {
        return bodies.body(n, random);
    }

    @Override
    public Outcome outcome(int status, Buffer answer) {
        return status == WindowCounter.CREATED ? Outcome.ONE_ACCEPTED : Outcome.refused(status, 1);
    }
}
