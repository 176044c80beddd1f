package io.laas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.local.ServiceProcess;

/**
 * Plain JDK HTTP for the whole-suite tests that drive several processes at once (replicas, a second gateway) and
 * read their management ports, where rest-assured's one base URI does not fit.
 */
final class StackHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StackHttp() {
    }

    /** A request to {@code baseUrl + path} with the caller's access token and a JSON content type. */
    static HttpRequest.Builder request(String baseUrl, String path, String token) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }

    static HttpRequest.BodyPublisher body(Object body) throws IOException {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    static HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request, fails the test unless the answer has {@code status}, and returns its JSON body. */
    static JsonNode send(HttpRequest request, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != status) {
            fail(request.method() + " " + request.uri() + ": expected " + status + " but was " + response.statusCode()
                    + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Opens an asset account, asking again while the command service answers 404 because the ledger's registration
     * has not reached it yet (at most a minute).
     *
     * @return the 201 answer
     */
    static HttpResponse<String> createAccount(String baseUrl, String token, UUID ledger, String code) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> response = exchange(request(baseUrl, "/v1/ledgers/" + ledger + "/accounts", token)
                    .POST(body(Map.of("code", code, "name", code, "type", "asset"))).build());
            if (response.statusCode() == 201) {
                return response;
            }
            if (response.statusCode() != 404 || Instant.now().isAfter(deadline)) {
                fail("creating account " + code + " of " + ledger + ": " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(250);
        }
    }

    /** A process's management endpoint ({@code /q/health/ready}, ...), its body whatever the status. */
    static String management(ServiceProcess process, String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(URI.create(process.managementUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build()).body();
    }

    /** The sum of a Prometheus metric's series on a process whose labels contain {@code label} ("" for all); 0 if none. */
    static double metric(ServiceProcess process, String name, String label) throws IOException, InterruptedException {
        return metric(process.managementUrl(), name, label);
    }

    /** {@link #metric(ServiceProcess, String, String)} of the process whose management URL this is. */
    static double metric(String managementUrl, String name, String label) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertEquals(200, response.statusCode(), "metrics of " + managementUrl);
        double sum = 0;
        for (String line : response.body().split("\n")) {
            boolean series = line.startsWith(name + "{") || line.startsWith(name + " ");
            if (series && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
