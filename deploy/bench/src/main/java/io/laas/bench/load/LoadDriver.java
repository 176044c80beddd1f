package io.laas.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends the requests of a {@link Traffic} (single posts, bulk posts or reads) over a fixed number of
 * keep-alive HTTP/1.1 connections, all on one Vert.x event loop, and measures one window at a time:
 * <ul>
 * <li>closed loop: each connection sends its next request as soon as the last one is answered;
 * throughput and latency are taken from the requests answered within the measured part;</li>
 * <li>open loop: requests are due at a fixed rate whatever the answers (they queue for a connection if
 * all are busy); latency runs from the intended send time, so stalls are not hidden.</li>
 * </ul>
 * Each window first runs unmeasured for {@code settle}, then measures for {@code measure}; the
 * observer hears when the measured part starts and ends (to sample CPU over exactly that interval).
 * Over all windows, the driver tallies per ledger the transactions posted (whenever answered, measured
 * or not) and those whose outcome is unknown, for the consistency checks after the run.
 */
public final class LoadDriver {

    /**
     * Where requests go: the gateway, or straight to ledger-command-service (writes) or projector-service
     * (reads), which take the same paths.
     */
    public record Route(String name, URI baseUrl) {
    }

    /** Called on the driver's thread at the boundaries of the measured part. */
    public interface WindowObserver {
        void measureStarted();

        void measureEnded();

        WindowObserver NONE = new WindowObserver() {
            @Override
            public void measureStarted() {
            }

            @Override
            public void measureEnded() {
            }
        };
    }

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(45);
    private static final int REQUEST_TIMEOUT_MS = 30_000;
    private static final int ERROR_SAMPLES = 5;
    private static final int ERROR_SAMPLE_CHARS = 300;

    private final Vertx vertx;
    private final Map<UUID, Long> posted = new ConcurrentHashMap<>();
    private final Map<UUID, Long> uncertain = new ConcurrentHashMap<>();

    public LoadDriver(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Transactions posted per ledger over every window so far (single posts and bulk items answered 201). */
    public Map<UUID, Long> posted() {
        return Map.copyOf(posted);
    }

    /** Transactions per ledger whose request got no answer or a 5xx: posted or not, nobody knows. */
    public Map<UUID, Long> uncertain() {
        return Map.copyOf(uncertain);
    }

    /** Single posts of the workload, closed loop. */
    public LoadResult closedLoop(Workload workload, TransactionBodies bodies, Route route, String token, int connections,
            Duration settle, Duration measure, WindowObserver observer) {
        return closedLoop(new PostTraffic(workload, bodies), route, token, connections, settle, measure, observer);
    }

    public LoadResult closedLoop(Traffic traffic, Route route, String token, int connections, Duration settle,
            Duration measure, WindowObserver observer) {
        Window window = new Window(traffic, route, token, connections, settle, measure, false);
        window.context.runOnContext(v -> {
            for (int i = 0; i < connections; i++) {
                window.sendClosed();
            }
        });
        return window.await(observer);
    }

    public LoadResult openLoop(Workload workload, TransactionBodies bodies, Route route, String token, int connections,
            double ratePerSecond, Duration settle, Duration measure, WindowObserver observer) {
        Window window = new Window(new PostTraffic(workload, bodies), route, token, connections, settle, measure, true);
        OpenLoopSchedule schedule = new OpenLoopSchedule(window.startNanos, ratePerSecond);
        window.context.runOnContext(v -> window.vertxTimer = vertx.setPeriodic(1, id -> window.sendDue(schedule)));
        return window.await(observer);
    }

    /** The state of one window; everything but {@link #await} runs on its event-loop context. */
    private final class Window {
        final Context context = vertx.getOrCreateContext();
        final HttpClient client;
        final Traffic traffic;
        final String authorization;
        final String[] ledgerPaths;
        final long[] postedByLedger;
        final long[] uncertainByLedger;
        final String host;
        final int port;
        final SplittableRandom random = new SplittableRandom();
        final long startNanos = System.nanoTime();
        final long measureFromNanos;
        final long measureUntilNanos;
        final WindowCounter counter;
        final List<String> errorSamples = new ArrayList<>();
        final CompletableFuture<Long> drained = new CompletableFuture<>();
        long sent;
        long inFlight;
        boolean stopped;
        long vertxTimer = -1;

        Window(Traffic traffic, Route route, String token, int connections, Duration settle, Duration measure,
                boolean openLoop) {
            this.traffic = traffic;
            this.authorization = "Bearer " + token;
            this.host = route.baseUrl().getHost();
            this.port = route.baseUrl().getPort();
            this.ledgerPaths = traffic.ledgers().stream().map(UUID::toString)
                    .map(ledger -> route.baseUrl().getPath().replaceAll("/$", "") + "/v1/ledgers/" + ledger)
                    .toArray(String[]::new);
            this.postedByLedger = new long[ledgerPaths.length];
            this.uncertainByLedger = new long[ledgerPaths.length];
            this.measureFromNanos = startNanos + settle.toNanos();
            this.measureUntilNanos = measureFromNanos + measure.toNanos();
            this.counter = new WindowCounter(measureFromNanos, measureUntilNanos, openLoop);
            this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                    .setTcpNoDelay(true).setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(connections));
        }

        void sendClosed() {
            if (System.nanoTime() >= measureUntilNanos) {
                return;
            }
            long begin = System.nanoTime();
            send(begin, () -> sendClosed(), true);
        }

        void sendDue(OpenLoopSchedule schedule) {
            long now = System.nanoTime();
            long due = schedule.dueBy(Math.min(now, measureUntilNanos - 1));
            while (sent < due) {
                send(schedule.intendedNanos(sent), () -> {
                }, false);
            }
            if (now >= measureUntilNanos) {
                vertx.cancelTimer(vertxTimer);
                stopped = true;
                if (inFlight == 0) {
                    drained.complete(System.nanoTime());
                }
            }
        }

        /**
         * @param fromNanos when the request started (closed loop) or was due (open loop)
         * @param closed closed loop: the next request follows the answer
         */
        void send(long fromNanos, Runnable next, boolean closed) {
            int ledger = ledgerPaths.length == 1 ? 0 : random.nextInt(ledgerPaths.length);
            long n = sent++;
            String path = ledgerPaths[ledger] + traffic.pathSuffix(n, random);
            Buffer body = traffic.body(n, random);
            inFlight++;
            RequestOptions options = new RequestOptions().setMethod(traffic.method()).setHost(host).setPort(port)
                    .setURI(path).setIdleTimeout(REQUEST_TIMEOUT_MS)
                    .putHeader(HttpHeaders.AUTHORIZATION, authorization);
            if (body != null) {
                options.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            }
            client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(body))
                    .compose(response -> response.body().map(answer -> {
                        Outcome outcome = traffic.outcome(response.statusCode(), answer);
                        if (outcome.refusedCount() > 0 && errorSamples.size() < ERROR_SAMPLES) {
                            String text = answer.toString();
                            errorSamples.add(response.statusCode() + " " + (text.length() > ERROR_SAMPLE_CHARS
                                    ? text.substring(0, ERROR_SAMPLE_CHARS) + " …" : text));
                        }
                        return outcome;
                    }))
                    .onComplete(answered -> {
                        long end = System.nanoTime();
                        inFlight--;
                        Outcome outcome = answered.succeeded() ? answered.result()
                                : traffic.outcome(WindowCounter.NO_ANSWER, null);
                        if (answered.failed() && errorSamples.size() < ERROR_SAMPLES) {
                            errorSamples.add("no answer: " + answered.cause());
                        }
                        postedByLedger[ledger] += outcome.accepted();
                        uncertainByLedger[ledger] += outcome.uncertain();
                        counter.answered(fromNanos, end, outcome);
                        if (closed && end >= measureUntilNanos) {
                            stopped = true;
                        }
                        next.run();
                        if (stopped && inFlight == 0) {
                            drained.complete(end);
                        }
                    });
        }

        LoadResult await(WindowObserver observer) {
            try {
                sleepUntil(measureFromNanos);
                observer.measureStarted();
                sleepUntil(measureUntilNanos);
                observer.measureEnded();
                long stoppedAt = drained.get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                CompletableFuture<LoadResult> result = new CompletableFuture<>();
                context.runOnContext(v -> {
                    if (traffic.writes()) {
                        for (int i = 0; i < ledgerPaths.length; i++) {
                            posted.merge(traffic.ledgers().get(i), postedByLedger[i], Long::sum);
                            uncertain.merge(traffic.ledgers().get(i), uncertainByLedger[i], Long::sum);
                        }
                    }
                    result.complete(new LoadResult(counter.transactions(), counter.requests(), counter.errorsByStatus(),
                            counter.latencyMicros(), counter.measuredSeconds(), stoppedAt, List.copyOf(errorSamples)));
                });
                return result.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Requests of the " + traffic.name() + " window were still unanswered "
                        + DRAIN_TIMEOUT.toSeconds() + " s after it ended", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                client.close();
            }
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
