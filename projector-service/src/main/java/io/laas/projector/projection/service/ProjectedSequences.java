package io.laas.projector.projection.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.projection.repository.ProgressRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The projected sequence of each ledger as reads need it: for the {@code Ledger-Sequence} header of every read,
 * and to hold a read with {@code min_sequence} until its ledger gets there.
 * <p>
 * A sequence known here is always one the projection had reached (progress only moves forward), so it is a
 * lower bound of what a read started afterwards shows. It is learnt from this replica's own commits
 * ({@link #reached}), at once, or read from {@code ledger_progress}, and then reused for
 * {@code read-your-writes.sequence-ttl}: without that, every read would cost one more query. Another replica
 * may project the ledger (Kafka gives each replica its partitions), which the TTL bounds.
 * <p>
 * A waiting read holds no thread: it is completed by this replica's next commit that gets its ledger far
 * enough, by a poll of {@code ledger_progress} (every {@code poll-interval}, one query for the ledgers reads
 * wait for, only while some wait) for the commits of other replicas, or at {@code max-wait} by a last read.
 */
@ApplicationScoped
public class ProjectedSequences {

    private static final Logger LOG = Logger.getLogger(ProjectedSequences.class);
    private static final long SWEEP_MILLIS = 10_000;

    private record Known(long sequence, long learntAt) {
    }

    /** A read waiting for its ledger to reach {@code min}; completed once, on its own Vert.x context. */
    private static final class Waiter {
        final UUID ledgerId;
        final long min;
        final Context context;
        final UniEmitter<? super Long> emitter;
        final AtomicBoolean done = new AtomicBoolean();
        volatile long timerId = -1;

        Waiter(UUID ledgerId, long min, Context context, UniEmitter<? super Long> emitter) {
            this.ledgerId = ledgerId;
            this.min = min;
            this.context = context;
            this.emitter = emitter;
        }
    }

    private final Pool pool;
    private final ProgressRepository progress;
    private final Vertx vertx;
    private final long maxWaitMillis;
    private final long pollMillis;
    private final long ttlNanos;
    private final Map<UUID, Known> known = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long sweepTimer = -1;

    public ProjectedSequences(Pool pool, ProgressRepository progress, Vertx vertx, ProjectorConfig config) {
        this.pool = pool;
        this.progress = progress;
        this.vertx = vertx;
        this.maxWaitMillis = config.readYourWrites().maxWait().toMillis();
        this.pollMillis = Math.max(1, config.readYourWrites().pollInterval().toMillis());
        this.ttlNanos = config.readYourWrites().sequenceTtl().toNanos();
    }

    /** Sequences past their TTL are of no use: dropped, so the map holds only the ledgers read or applied lately. */
    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> {
            long now = System.nanoTime();
            known.values().removeIf(k -> now - k.learntAt() > ttlNanos);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** The ledger's projected sequence, at most the TTL old (0 before its first event). */
    public Uni<Long> current(UUID ledgerId) {
        Known cached = known.get(ledgerId);
        if (cached != null && System.nanoTime() - cached.learntAt() < ttlNanos) {
            return Uni.createFrom().item(cached.sequence());
        }
        return read(ledgerId);
    }

    /**
     * Emits the ledger's projected sequence once it is at least {@code min}, or after {@code max-wait} the one
     * reached by then, which is lower: the caller tells the two apart.
     */
    public Uni<Long> atLeast(UUID ledgerId, long min) {
        Known cached = known.get(ledgerId);
        if (cached != null && cached.sequence() >= min) {
            return Uni.createFrom().item(cached.sequence());
        }
        return read(ledgerId).chain(sequence -> sequence >= min || maxWaitMillis <= 0
                ? Uni.createFrom().item(sequence)
                : Uni.createFrom().emitter(emitter -> waitFor(ledgerId, min, emitter)));
    }

    /** The projection reached these sequences (committed): they are learnt, and the reads they satisfy go on. */
    public void reached(Map<UUID, Long> sequences) {
        long now = System.nanoTime();
        sequences.forEach((ledgerId, reached) -> {
            long sequence = learn(ledgerId, reached, now);
            Set<Waiter> waiters = waiting.get(ledgerId);
            if (waiters != null) {
                for (Waiter waiter : waiters) {
                    if (waiter.min <= sequence) {
                        complete(waiter, sequence);
                    }
                }
            }
        });
    }

    /** Reads waiting now (for tests and diagnostics). */
    public int waiting() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private Uni<Long> read(UUID ledgerId) {
        return progress.sequences(pool, List.of(ledgerId)).map(found -> {
            long sequence = found.getOrDefault(ledgerId, 0L);
            return learn(ledgerId, sequence, System.nanoTime());
        });
    }

    /** Keeps the highest sequence seen (a read may return after a commit taught a newer one); returns it. */
    private long learn(UUID ledgerId, long sequence, long now) {
        return known.merge(ledgerId, new Known(sequence, now),
                (old, fresh) -> new Known(Math.max(old.sequence(), fresh.sequence()), now)).sequence();
    }

    private void waitFor(UUID ledgerId, long min, UniEmitter<? super Long> emitter) {
        Waiter waiter = new Waiter(ledgerId, min, io.vertx.core.Vertx.currentContext(), emitter);
        waiting.computeIfAbsent(ledgerId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        emitter.onTermination(() -> forget(waiter));
        waiter.timerId = vertx.setTimer(maxWaitMillis, id -> lastLook(waiter));
        // a commit may have come between the read and the registration above, and seen no waiter
        Known cached = known.get(ledgerId);
        if (cached != null && cached.sequence() >= min) {
            complete(waiter, cached.sequence());
            return;
        }
        poll();
    }

    /** The wait is over: the sequence as it is now, reached or not. */
    private void lastLook(Waiter waiter) {
        waiter.timerId = -1;
        read(waiter.ledgerId).subscribe().with(sequence -> complete(waiter, sequence), failure -> fail(waiter, failure));
    }

    private void complete(Waiter waiter, long sequence) {
        if (!waiter.done.compareAndSet(false, true)) {
            return;
        }
        forget(waiter);
        if (waiter.context == null) {
            waiter.emitter.complete(sequence);
        } else {
            waiter.context.runOnContext(v -> waiter.emitter.complete(sequence));
        }
    }

    private void fail(Waiter waiter, Throwable failure) {
        if (!waiter.done.compareAndSet(false, true)) {
            return;
        }
        forget(waiter);
        if (waiter.context == null) {
            waiter.emitter.fail(failure);
        } else {
            waiter.context.runOnContext(v -> waiter.emitter.fail(failure));
        }
    }

    private void forget(Waiter waiter) {
        long timer = waiter.timerId;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        waiting.computeIfPresent(waiter.ledgerId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** Polls while reads wait: one timer for all of them, stopped when none is left. */
    private void poll() {
        if (polling.compareAndSet(false, true)) {
            vertx.setTimer(pollMillis, id -> pollOnce());
        }
    }

    private void pollOnce() {
        Set<UUID> ledgers = Set.copyOf(waiting.keySet());
        if (ledgers.isEmpty()) {
            polling.set(false);
            if (!waiting.isEmpty()) {
                poll();
            }
            return;
        }
        progress.sequences(pool, ledgers).subscribe().with(found -> {
            reached(found);
            vertx.setTimer(pollMillis, id -> pollOnce());
        }, failure -> {
            LOG.debugf("Cannot read the projection's progress now: %s", failure.getMessage());
            vertx.setTimer(pollMillis, id -> pollOnce());
        });
    }
}
