package io.laas.webhook.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.laas.web.problem.ProblemException;
import io.laas.webhook.config.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.WorkerExecutor;
import io.vertx.mutiny.core.Vertx;

/**
 * SSRF guard for webhook URLs. The host is resolved and every resolved address is judged by
 * {@link AddressPolicy}: special-purpose addresses are refused unless {@code laas.webhook.allow-private-targets}
 * is set, cloud metadata addresses always. The port must be in {@code laas.webhook.allowed-ports} when that is
 * set. The caller then connects to the vetted address, so a second DNS answer cannot redirect the request.
 * Used when an endpoint is created and again before every delivery attempt.
 * <p>
 * No DNS oracle: a client is told only "The webhook URL is not allowed." whether the host does not resolve,
 * resolves to a refused address or its lookup times out (the delivery log says "target not allowed"); the
 * detail goes to the server log. Refusals that do not depend on DNS (scheme, credentials, port) say why.
 * <p>
 * The JDK resolver (which honours the hosts file and search domains) blocks, so it runs on a pool of its
 * own ({@code laas.webhook.dns-threads}), and nobody waits for it longer than
 * {@code laas.webhook.dns-timeout}. Concurrent lookups of one host share a single one, so a host whose
 * DNS hangs fails its own attempts and holds one thread of the pool until the JDK gives up.
 */
@ApplicationScoped
public class TargetGuard {

    public static final String URL_NOT_ALLOWED = "WEBHOOK_URL_NOT_ALLOWED";
    /** All a client learns of a refusal that depends on DNS. */
    public static final String NOT_ALLOWED_DETAIL = "The webhook URL is not allowed.";
    /** All the delivery log (which tenants read) says of a refused or unresolved target. */
    public static final String NOT_ALLOWED_ATTEMPT = "target not allowed";
    private static final Logger LOG = Logger.getLogger(TargetGuard.class);

    /** Resolves a host name to all its addresses; the JDK resolver in production. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final WebhookConfig config;
    private final HostResolver hostResolver;
    private final WorkerExecutor resolverThreads;
    private final Map<String, CompletableFuture<InetAddress[]>> lookups = new ConcurrentHashMap<>();

    @Inject
    public TargetGuard(WebhookConfig config, Vertx vertx) {
        this(config, vertx, InetAddress::getAllByName);
    }

    TargetGuard(WebhookConfig config, Vertx vertx, HostResolver hostResolver) {
        this.config = config;
        this.hostResolver = hostResolver;
        // A lookup the JDK itself gives up on takes a few resolver timeouts: not worth a blocked-thread warning.
        this.resolverThreads = vertx.getDelegate().createSharedWorkerExecutor("laas-webhook-dns",
                Math.max(1, config.dnsThreads()), 2, TimeUnit.MINUTES);
    }

    @PreDestroy
    void close() {
        resolverThreads.close();
    }

    /**
     * Parses a URL given by a client: 400 VALIDATION_FAILED when it is not an absolute URL with a
     * host, 422 WEBHOOK_URL_NOT_ALLOWED when it is a URL we refuse to call.
     */
    public static URI parseClientUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw invalidUrl("is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw invalidUrl("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw notAllowed("only http and https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalidUrl("must be an absolute http or https URL with a valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw notAllowed("credentials in the URL are not allowed");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalidUrl("has a port outside 1-65535");
        }
        return uri;
    }

    /**
     * Resolves and checks the URL's host; fails with {@link TargetNotAllowedException}, or with
     * {@link ResolutionTimeoutException} when the lookup takes longer than the DNS timeout. Each refusal is
     * logged with its reason.
     */
    public Uni<VettedTarget> vet(URI uri) {
        Duration timeout = config.dnsTimeout();
        return Uni.createFrom().deferred(() -> {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new TargetNotAllowedException("scheme " + scheme + " refused", "only http and https URLs are allowed");
            }
            if (uri.getHost() == null) {
                throw new TargetNotAllowedException("the URL has no host", "the URL has no host");
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            Optional<Set<Integer>> allowedPorts = config.allowedPorts();
            if (allowedPorts.isPresent() && !allowedPorts.get().isEmpty() && !allowedPorts.get().contains(port)) {
                String reason = "port " + port + " is not allowed (allowed: "
                        + allowedPorts.get().stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
                throw new TargetNotAllowedException(reason, reason);
            }
            String host = uri.getHost();
            String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (isMappedLiteral(bareHost)) {
                // The JDK reads an IPv4-mapped literal as the IPv4 address: refuse the form itself, as the policy does.
                throw new TargetNotAllowedException("host " + host + " is an IPv4-mapped IPv6 address");
            }
            // A copy: giving up on the shared lookup must not cancel it for the others.
            return Uni.createFrom().completionStage(() -> lookup(bareHost).copy())
                    .ifNoItem().after(timeout)
                    .failWith(() -> new ResolutionTimeoutException("the DNS lookup of " + bareHost
                            + " did not answer within " + timeout.toMillis() + " ms"))
                    .map(addresses -> vetted(uri, scheme, port, bareHost, addresses));
        }).onFailure(TargetGuard::isRefusal)
                .invoke(e -> LOG.infof("Webhook URL %s refused: %s", redacted(uri), e.getMessage()));
    }

    /**
     * Like {@link #vet(URI)} but answers a client with 422 WEBHOOK_URL_NOT_ALLOWED: "The webhook URL is not
     * allowed." and nothing more when the refusal depends on DNS (no oracle), the reason when it does not.
     */
    public Uni<VettedTarget> vetForClient(URI uri) {
        return vet(uri).onFailure(TargetGuard::isRefusal)
                .transform(e -> e instanceof TargetNotAllowedException refused && refused.publicReason() != null
                        ? notAllowed(refused.publicReason())
                        : ProblemException.unprocessable(URL_NOT_ALLOWED, NOT_ALLOWED_DETAIL));
    }

    /** What the delivery log says of a failed vetting: the reason when it does not depend on DNS. */
    public static String attemptError(Throwable e) {
        if (e instanceof TargetNotAllowedException refused && refused.publicReason() != null) {
            return NOT_ALLOWED_ATTEMPT + ": " + refused.publicReason();
        }
        return NOT_ALLOWED_ATTEMPT;
    }

    /** Whether a failure is the guard's refusal (or its lookup's timeout) rather than the request's. */
    public static boolean isRefusal(Throwable e) {
        return e instanceof TargetNotAllowedException || e instanceof ResolutionTimeoutException;
    }

    private static boolean isMappedLiteral(String host) {
        if (host.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(host) instanceof Inet4Address; // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new TargetNotAllowedException("host " + host + " is not a valid IPv6 literal");
        }
    }

    /** The URL for the log: without credentials or query, which may carry a receiver's token. */
    private static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /**
     * The addresses of a host. Callers that ask while a lookup of the same host runs share it, so a host
     * whose DNS hangs holds one resolver thread however many attempts wait for it.
     */
    private CompletableFuture<InetAddress[]> lookup(String host) {
        CompletableFuture<InetAddress[]> created = new CompletableFuture<>();
        CompletableFuture<InetAddress[]> running = lookups.putIfAbsent(host, created);
        if (running != null) {
            return running;
        }
        resolverThreads.executeBlocking(() -> hostResolver.resolve(host), false).onComplete(result -> {
            lookups.remove(host, created);
            if (result.succeeded()) {
                created.complete(result.result());
            } else if (result.cause() instanceof UnknownHostException) {
                created.completeExceptionally(new TargetNotAllowedException("host " + host + " cannot be resolved"));
            } else {
                created.completeExceptionally(result.cause());
            }
        });
        return created;
    }

    private VettedTarget vetted(URI uri, String scheme, int port, String host, InetAddress[] addresses) {
        // Every answer must be allowed: a mixed answer is how DNS rebinding slips through.
        for (InetAddress address : addresses) {
            String refusal = AddressPolicy.refusal(address, config.allowPrivateTargets());
            if (refusal != null) {
                throw new TargetNotAllowedException("host " + host + " resolves to " + address.getHostAddress()
                        + ": " + refusal);
            }
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new VettedTarget(host, port, scheme.equals("https"), requestUri, addresses[0]);
    }

    private static ProblemException invalidUrl(String message) {
        return ProblemException.validation("url", message);
    }

    private static ProblemException notAllowed(String message) {
        return ProblemException.unprocessable(URL_NOT_ALLOWED, "The webhook URL is not allowed: " + message + ".");
    }
}
