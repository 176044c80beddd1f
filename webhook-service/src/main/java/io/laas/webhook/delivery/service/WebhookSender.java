package io.laas.webhook.delivery.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.net.TargetNotAllowedException;
import io.laas.webhook.net.VettedTarget;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;

/**
 * Sends one signed webhook request. It connects to the vetted IP address while the URL's host
 * stays the Host header, the TLS SNI name and the name the certificate is verified against.
 * Redirects are not followed (a 3xx is a failed attempt) and the response body is discarded.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String USER_AGENT = "LaaS-Webhooks/1.0";
    private static final int MAX_ERROR_LENGTH = 1000;

    private final WebClient client;
    private final Duration timeout;

    public WebhookSender(Vertx vertx, WebhookConfig config) {
        this.timeout = config.requestTimeout();
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent(USER_AGENT)
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setVerifyHost(true)
                // Connections per target host: endpoints of many tenants may share one host.
                .setMaxPoolSize(Math.max(4, config.maxInFlight())));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<SendResult> send(VettedTarget target, String webhookId, long timestamp, String signature, String body) {
        return send(target, webhookId, timestamp, signature, body, Map.of());
    }

    /**
     * Sends with the endpoint's custom {@code headers}, set first: the headers the sender owns (signature, body
     * type, user agent) are set after them and replace any of the same name.
     */
    public Uni<SendResult> send(VettedTarget target, String webhookId, long timestamp, String signature, String body,
            Map<String, String> headers) {
        RequestOptions options = new RequestOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri())
                .setFollowRedirects(false);
        SocketAddress server = SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress());
        HttpRequest<Buffer> request = client.request(HttpMethod.POST, server, options);
        headers.forEach(request::putHeader);
        return request
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", webhookId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature)
                .timeout(timeout.toMillis())
                .as(BodyCodec.none())
                .sendBuffer(Buffer.buffer(body))
                .ifNoItem().after(timeout.plusSeconds(1))
                .failWith(() -> new TimeoutException("no response within " + timeout.toMillis() + " ms"))
                .map(response -> SendResult.response(response.statusCode(), response.getHeader("retry-after")))
                .onFailure().recoverWithItem(e -> SendResult.failure(describe(e)));
    }

    public static String describe(Throwable e) {
        String message;
        if (e instanceof TargetNotAllowedException) {
            message = "target not allowed: " + e.getMessage();
        } else if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            message = "timeout: " + e.getMessage();
        } else {
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
