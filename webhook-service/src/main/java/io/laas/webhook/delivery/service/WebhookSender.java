package io.laas.webhook.delivery.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.laas.web.tracing.TraceContext;
import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.delivery.FailedExchange;
import io.laas.webhook.net.TargetGuard;
import io.laas.webhook.net.VettedTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.Vertx;

/**
 * Sends one signed webhook request. It connects to the vetted IP address while the URL's host
 * stays the Host header, the TLS SNI name and the name the certificate is verified against.
 * Redirects are not followed (a 3xx is a failed attempt). A 2xx answer's body is discarded; of any other
 * answer the headers and at most {@link FailedExchange#MAX_BODY_BYTES} of the body are read, and a longer
 * body is not read any further: the connection is reset, so a receiver answering with a gigabyte costs
 * 20 KiB. The result carries the request headers as sent.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String USER_AGENT = "LaaS-Webhooks/1.0";
    private static final int MAX_ERROR_LENGTH = 1000;

    private final HttpClient client;
    private final Duration timeout;

    public WebhookSender(Vertx vertx, WebhookConfig config) {
        this.timeout = config.requestTimeout();
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setVerifyHost(true)
                // Connections per target host: endpoints of many tenants may share one host.
                .setMaxPoolSize(Math.max(4, config.maxInFlight()))
                // the attempt's span is the dispatcher's, and its traceparent the one the request carries
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<SendResult> send(VettedTarget target, String webhookId, long timestamp, String signature, String body) {
        return send(target, webhookId, timestamp, signature, body, Map.of(), null);
    }

    /**
     * Sends with the endpoint's custom {@code headers}: the headers the sender owns (signature, body type, user
     * agent) are set after them, and a custom header of the same name is dropped. {@code traceparent}, when not
     * {@code null}, is sent as the W3C header of that name (the attempt's span), replacing a custom one.
     */
    public Uni<SendResult> send(VettedTarget target, String webhookId, long timestamp, String signature, String body,
            Map<String, String> customHeaders, String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        customHeaders.forEach((name, value) -> {
            if (!FailedExchange.STANDARD_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        if (traceparent != null) {
            headers.keySet().removeIf(TraceContext.TRACEPARENT::equalsIgnoreCase);
            headers.put(TraceContext.TRACEPARENT, traceparent);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        Map<String, String> sent = Collections.unmodifiableMap(headers);
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        return Uni.createFrom().<SendResult>emitter(emitter -> exchange(options, Buffer.buffer(body), sent, request,
                emitter))
                // Given up on (the overall timeout): the connection is not left to finish the exchange.
                .onCancellation().invoke(() -> {
                    HttpClientRequest given = request.get();
                    if (given != null) {
                        given.reset();
                    }
                })
                .ifNoItem().after(timeout.plusSeconds(1))
                .failWith(() -> new TimeoutException("no response within " + timeout.toMillis() + " ms"))
                .onFailure().recoverWithItem(e -> SendResult.failure(describe(e), sent));
    }

    private void exchange(RequestOptions options, Buffer body, Map<String, String> sent,
            AtomicReference<HttpClientRequest> made, UniEmitter<? super SendResult> emitter) {
        client.request(options).onComplete(requested -> {
            if (requested.failed()) {
                emitter.fail(requested.cause());
                return;
            }
            HttpClientRequest request = requested.result();
            made.set(request);
            request.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    emitter.fail(answered.cause());
                    return;
                }
                HttpClientResponse response = answered.result();
                int status = response.statusCode();
                String retryAfter = response.getHeader("retry-after");
                if (status >= 200 && status < 300) {
                    response.end().onComplete(ended -> {
                        if (ended.failed()) {
                            emitter.fail(ended.cause());
                        } else {
                            emitter.complete(SendResult.answered(status, retryAfter, sent, null, null, false));
                        }
                    });
                } else {
                    readFailure(request, response, status, retryAfter, sent, emitter);
                }
            });
        });
    }

    /** Reads the headers and at most MAX_BODY_BYTES of the body of an answer other than 2xx. */
    private static void readFailure(HttpClientRequest request, HttpClientResponse response, int status,
            String retryAfter, Map<String, String> sent, UniEmitter<? super SendResult> emitter) {
        Map<String, String> headers = responseHeaders(response);
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            int room = FailedExchange.MAX_BODY_BYTES - kept.length();
            if (chunk.length() <= room) {
                kept.appendBuffer(chunk);
                return;
            }
            kept.appendBuffer(chunk, 0, room);
            response.handler(null);
            emitter.complete(SendResult.answered(status, retryAfter, sent, headers, text(kept), true));
            // Not another byte: the rest of the body is refused with the connection.
            request.reset();
        });
        response.exceptionHandler(e -> emitter.complete(SendResult.answered(status, retryAfter, sent, headers,
                text(kept), false)));
        response.endHandler(v -> emitter.complete(SendResult.answered(status, retryAfter, sent, headers, text(kept),
                false)));
    }

    /** The answer's headers (several values of one name joined), at most MAX_RESPONSE_HEADERS and their size. */
    private static Map<String, String> responseHeaders(HttpClientResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        int chars = 0;
        for (String name : response.headers().names()) {
            String value = String.join(", ", response.headers().getAll(name));
            chars += name.length() + value.length();
            if (headers.size() == FailedExchange.MAX_RESPONSE_HEADERS || chars > FailedExchange.MAX_RESPONSE_HEADER_CHARS) {
                break;
            }
            headers.put(name.toLowerCase(Locale.ROOT), withoutNul(value));
        }
        return headers;
    }

    /** The body as text; a character cut by the limit, or bytes that are not UTF-8, become U+FFFD. */
    private static String text(Buffer body) {
        return withoutNul(new String(body.getBytes(), StandardCharsets.UTF_8));
    }

    // PostgreSQL's text and jsonb cannot hold NUL.
    private static String withoutNul(String value) {
        return value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    public static String describe(Throwable e) {
        String message;
        if (TargetGuard.isRefusal(e)) {
            // Tenants read the delivery log: the same words whether the host did not resolve or was refused.
            message = TargetGuard.attemptError(e);
        } else if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            message = "timeout: " + e.getMessage();
        } else {
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
