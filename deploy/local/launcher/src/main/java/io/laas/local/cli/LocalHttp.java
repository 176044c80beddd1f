package io.laas.local.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain JDK HTTP to the local stack (loopback): the control channel, the services' ports, the gateway. */
final class LocalHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalHttp() {
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static HttpResponse<String> get(String url, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    /** A request to the supervisor's control channel. */
    static HttpResponse<String> control(StackState state, String path, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.controlPort() + path))
                .header("Authorization", "Bearer " + state.controlToken())
                .timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * The string value of a top-level field of a small JSON object. The answers read here (token, API key,
     * {@code /_info}) are flat and their values plain; a full JSON parser would be the launcher's only dependency.
     */
    static Optional<String> jsonString(String json, String field) {
        Matcher value = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return value.find() ? Optional.of(value.group(1).replace("\\\"", "\"").replace("\\\\", "\\")) : Optional.empty();
    }
}
