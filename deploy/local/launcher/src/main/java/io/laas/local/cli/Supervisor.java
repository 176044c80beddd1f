package io.laas.local.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * Keeps the services of a running {@link LocalStack} up: a service process that exits when nobody asked it to is
 * started again (same ports, environment and log file) after a {@link RestartBackoff} wait, each restart logged
 * and counted; {@link #kill} and {@link #restart} bounce one service on an operator's request while the others keep
 * serving; {@link #close} stops everything. Every change of a process is written to the {@link StackState} file.
 * PostgreSQL and Kafka are not restarted: their state shows in {@code laas status}.
 */
public final class Supervisor implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final long TICK_MILLIS = 500;

    /** The fixed part of the state file: everything but the services' own entries. */
    record Fixed(long supervisorPid, String controlToken, Instant startedAt, String gatewayUrl,
            StackState.Database database, Map<String, String> demo, List<StackState.Entry> infrastructure) {
    }

    enum State {
        UP, RESTARTING, DOWN;

        String label() {
            return name().toLowerCase();
        }
    }

    /** One supervised service process; guarded by its own lock. */
    private static final class Supervised {
        final ServiceProcess process;
        State state = State.UP;
        int restarts;
        int failuresInARow;
        Instant readySince;
        Instant startedAt;
        Instant nextAttempt;
        /** A (re)start is under way on another thread: the ticker leaves the service alone. */
        boolean busy;

        Supervised(ServiceProcess process, Instant now) {
            this.process = process;
            this.readySince = now;
            this.startedAt = now;
        }
    }

    private final LocalStack stack;
    private final Path dataDir;
    private final RestartBackoff backoff;
    private final Consumer<String> log;
    private final Clock clock;
    private final Map<String, Supervised> services = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "laas-supervisor"));
    private final ExecutorService restarts = Executors.newCachedThreadPool(runnable -> daemon(runnable, "laas-restart"));
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Fixed fixed;
    private ControlServer control;

    /**
     * @param processes the stack's service processes (and any replicas), by name, all ready
     * @param log where restarts and failures are told (the output of {@code laas up})
     */
    public Supervisor(LocalStack stack, List<ServiceProcess> processes, Path dataDir, RestartBackoff backoff,
            Consumer<String> log, Clock clock) {
        this.stack = stack;
        this.dataDir = dataDir;
        this.backoff = backoff;
        this.log = log;
        this.clock = clock;
        Instant now = clock.instant();
        processes.forEach(process -> services.put(process.name(), new Supervised(process, now)));
    }

    /** Opens the control channel, writes the state file and starts watching the processes. */
    void start(java.util.function.Function<ControlServer, Fixed> fixedState) throws IOException {
        control = ControlServer.start(this);
        fixed = fixedState.apply(control);
        writeState();
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Blocks until {@code laas down} asks the stack to stop (or the thread is interrupted). */
    void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    void requestStop() {
        stopRequested.countDown();
    }

    /** Whether {@link #close} has begun (the stack is stopping or stopped). */
    boolean isStopping() {
        return stopping.get();
    }

    void tick() {
        if (stopping.get()) {
            return;
        }
        boolean changed = false;
        Instant now = clock.instant();
        for (Map.Entry<String, Supervised> service : services.entrySet()) {
            changed |= check(service.getKey(), service.getValue(), now);
        }
        if (changed) {
            writeState();
        }
    }

    private boolean check(String name, Supervised service, Instant now) {
        synchronized (service) {
            if (service.busy) {
                return false;
            }
            switch (service.state) {
                case UP -> {
                    if (service.process.isAlive()) {
                        if (service.failuresInARow > 0 && backoff.resets(Duration.between(service.readySince, now))) {
                            service.failuresInARow = 0;
                        }
                        return false;
                    }
                    OptionalInt exit = service.process.exitCode();
                    service.failuresInARow++;
                    Duration delay = backoff.delay(service.failuresInARow);
                    service.nextAttempt = now.plus(delay);
                    service.state = State.RESTARTING;
                    log.accept("%s exited unexpectedly (exit code %s); restarting it in %s".formatted(name,
                            exit.isPresent() ? String.valueOf(exit.getAsInt()) : "unknown", seconds(delay)));
                    return true;
                }
                case RESTARTING -> {
                    if (now.isBefore(service.nextAttempt)) {
                        return false;
                    }
                    service.busy = true;
                    service.restarts++;
                    int restart = service.restarts;
                    restarts.execute(() -> restartAfterFailure(name, service, restart));
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    private void restartAfterFailure(String name, Supervised service, int restart) {
        log.accept("Restarting %s (restart %d) ...".formatted(name, restart));
        try {
            startAndAwait(service);
            log.accept("%s is back: pid %d, restart %d".formatted(name, service.process.pid(), restart));
        } catch (IOException | RuntimeException e) {
            failed(name, service, e);
        }
        writeState();
    }

    /** Starts the process and waits until it is ready; on success the service is up again. */
    private void startAndAwait(Supervised service) throws IOException {
        if (stopping.get()) {
            throw new IOException("the stack is stopping");
        }
        service.process.start();
        synchronized (service) {
            service.startedAt = clock.instant();
        }
        writeState();
        service.process.awaitReady(READY_TIMEOUT);
        synchronized (service) {
            service.state = State.UP;
            service.readySince = clock.instant();
            service.busy = false;
        }
    }

    private void failed(String name, Supervised service, Exception failure) {
        service.process.kill();
        synchronized (service) {
            service.failuresInARow++;
            Duration delay = backoff.delay(service.failuresInARow);
            service.nextAttempt = clock.instant().plus(delay);
            service.state = State.RESTARTING;
            service.busy = false;
            if (!stopping.get()) {
                log.accept("%s did not come back: %s%nTrying again in %s".formatted(name, failure.getMessage(),
                        seconds(delay)));
            }
        }
    }

    /** SIGKILL to one service, as in a crash; the supervisor then restarts it with backoff like any other exit. */
    String kill(String name) {
        Supervised service = supervised(name);
        long pid;
        synchronized (service) {
            if (service.busy || service.state != State.UP) {
                throw new IllegalStateException(name + " is " + service.state.label() + " already");
            }
            pid = service.process.pid();
            service.process.kill();
        }
        log.accept("%s (pid %d) killed on request (SIGKILL)".formatted(name, pid));
        return "killed %s (pid %d); the supervisor restarts it".formatted(name, pid);
    }

    /**
     * Stops one service gracefully (SIGTERM) and starts it again, waiting until it is ready. Not counted among the
     * restarts, which count the service's failures.
     */
    String restart(String name) throws IOException {
        Supervised service = supervised(name);
        synchronized (service) {
            if (service.busy) {
                throw new IllegalStateException(name + " is being restarted already");
            }
            service.busy = true;
            service.state = State.RESTARTING;
        }
        writeState();
        log.accept("Restarting %s on request ...".formatted(name));
        try {
            service.process.close();
            startAndAwait(service);
            synchronized (service) {
                service.failuresInARow = 0;
            }
        } catch (IOException | RuntimeException e) {
            failed(name, service, e);
            writeState();
            throw e;
        }
        writeState();
        long pid = service.process.pid();
        log.accept("%s restarted: pid %d".formatted(name, pid));
        return "restarted %s (pid %d)".formatted(name, pid);
    }

    private Supervised supervised(String name) {
        Supervised service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " (services: " + String.join(", ", services.keySet())
                    + ")");
        }
        return service;
    }

    synchronized void writeState() {
        if (fixed == null || closed.get()) {
            return;
        }
        List<StackState.Entry> entries = new ArrayList<>(fixed.infrastructure());
        for (Map.Entry<String, Supervised> named : services.entrySet()) {
            Supervised service = named.getValue();
            synchronized (service) {
                ServiceProcess process = service.process;
                entries.add(new StackState.Entry(named.getKey(), "service", process.isAlive() ? process.pid() : 0,
                        process.port(), process.managementPort(), service.state.label(), service.restarts,
                        service.startedAt, process.logFile()));
            }
        }
        try {
            new StackState(fixed.supervisorPid(), control.port(), fixed.controlToken(), fixed.startedAt(),
                    fixed.gatewayUrl(), fixed.database(), fixed.demo(), entries).write(dataDir);
        } catch (IOException e) {
            log.accept("Could not write the state file: " + e.getMessage());
        }
    }

    /** Stops watching, then the whole stack (services gracefully, then Kafka and PostgreSQL); removes the state file. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        ticker.shutdownNow();
        restarts.shutdownNow();
        try {
            stack.close();
        } finally {
            synchronized (this) {
                closed.set(true);
            }
            if (control != null) {
                control.close();
            }
            try {
                StackState.delete(dataDir);
            } catch (IOException e) {
                log.accept("Could not remove the state file: " + e.getMessage());
            }
            requestStop();
        }
    }

    private static String seconds(Duration delay) {
        return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + " s" : delay.toMillis() / 1000.0 + " s";
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
