package io.laas.iam.people.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.config.IamConfig;
import io.laas.iam.crypto.PasswordHasher;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Runs password hashing off the event loop on a small pool of its own: at most
 * {@code laas.iam.password.max-concurrent} hashes at once (each holds its argon2 memory) and a bounded
 * queue, so a flood of logins slows logins only and cannot exhaust memory or the shared worker pool.
 * Beyond the queue: 503 PASSWORD_HASHING_BUSY.
 */
@ApplicationScoped
public class PasswordWork {

    private final PasswordHasher hasher;
    private final ThreadPoolExecutor executor;

    public PasswordWork(PasswordHasher hasher, IamConfig config) {
        this.hasher = hasher;
        int threads = Math.max(1, config.password().maxConcurrent());
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.password().maxQueued())), runnable -> {
                    Thread thread = new Thread(runnable, "laas-password-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    public Uni<String> hash(String password) {
        return run(() -> hasher.hash(password));
    }

    public Uni<Boolean> verify(String password, String stored) {
        return run(() -> hasher.verify(password, stored));
    }

    public boolean needsRehash(String stored) {
        return hasher.needsRehash(stored);
    }

    private <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().<T>emitter(emitter -> {
            try {
                executor.execute(() -> {
                    try {
                        emitter.complete(work.get());
                    } catch (RuntimeException e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new ProblemException(503, "PASSWORD_HASHING_BUSY", "Service Unavailable",
                        "Too many sign-ins are being checked at once; try again in a moment."));
            }
        });
    }
}
