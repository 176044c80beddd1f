package io.laas.local.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Requests whose body is one byte over a service's limit, sent the two ways a client can: with a
 * declared {@code Content-Length} and chunked (length unknown until the end), for the size-limit tests
 * of every service.
 */
public final class OversizedRequests {

    /** What the service answered. */
    public record Answer(int status, String contentType, String body) {

        /** Fails unless this is the 413 problem+json {@code PAYLOAD_TOO_LARGE} every service answers. */
        public void assertPayloadTooLargeProblem() {
            if (status != 413 || !"application/problem+json".equals(contentType)
                    || !body.contains("\"code\":\"PAYLOAD_TOO_LARGE\"")) {
                throw new AssertionError("expected 413 application/problem+json PAYLOAD_TOO_LARGE, got " + status + " "
                        + contentType + " " + body);
            }
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OversizedRequests() {
    }

    /** POST with {@code Content-Length: limitBytes + 1}; {@code headers} are added (e.g. Authorization). */
    public static Answer declared(URI uri, Map<String, String> headers, long limitBytes) {
        return send(uri, headers, HttpRequest.BodyPublishers.ofByteArray(body(limitBytes + 1)));
    }

    /**
     * POST of {@code limitBytes + 1} bytes without a declared length. The server answers 413 and closes
     * the connection as soon as the body grows over its limit, which can race with the last bytes still
     * being sent; when the client loses that race (the connection reset before the answer is read), the
     * request is sent again, up to three times.
     */
    public static Answer chunked(URI uri, Map<String, String> headers, long limitBytes) {
        byte[] body = body(limitBytes + 1);
        for (int attempt = 1;; attempt++) {
            try {
                return send(uri, headers, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            } catch (IllegalStateException e) {
                if (attempt == 3 || !(e.getCause() instanceof IOException)) {
                    throw e;
                }
            }
        }
    }

    private static byte[] body(long size) {
        byte[] body = new byte[Math.toIntExact(size)];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }

    private static Answer send(URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(body);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
