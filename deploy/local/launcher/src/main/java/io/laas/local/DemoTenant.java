package io.laas.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo tenant of the local stack (the seed data of the LaaS guide). IAM provisions the
 * organisation, ledger, API key and OAuth2 client from {@code deploy/local/tenants.yml}; the ledger's
 * accounts belong to the ledger itself, so they are created here through the public API.
 */
public record DemoTenant(String ledgerId, String apiKey, String clientId, String clientSecret) {

    public static final String SANDBOX_LEDGER_ID = "00000000-0000-0000-0000-000000000005";
    /** The project of the sandbox ledger, and the client that administers the demo organisation (tenants.yml). */
    public static final String PROJECT_ID = "00000000-0000-0000-0000-000000000004";
    public static final String ADMIN_CLIENT_ID = "demo-admin";
    private static final List<String[]> ACCOUNTS = List.of(
            new String[] { "cash", "Cash", "asset" },
            new String[] { "revenue", "Revenue", "revenue" });
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration LEDGER_REGISTRATION_TIMEOUT = Duration.ofSeconds(90);

    public static DemoTenant fromEnvironment() {
        var env = System.getenv();
        return new DemoTenant(SANDBOX_LEDGER_ID,
                env.getOrDefault("LAAS_DEMO_API_KEY", "sk_test_12345678901234567890123456789012"),
                "demo-client",
                env.getOrDefault("LAAS_DEMO_CLIENT_SECRET", "demo-secret"));
    }

    /** Creates the demo accounts unless they exist, waiting for the ledger to reach the command service. */
    public void provision(String gatewayUrl) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = accessToken(http, gatewayUrl);
        for (String[] account : ACCOUNTS) {
            String body = "{\"code\":\"%s\",\"name\":\"%s\",\"type\":\"%s\"}".formatted(account[0], account[1], account[2]);
            HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/ledgers/" + ledgerId + "/accounts"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            Instant deadline = Instant.now().plus(LEDGER_REGISTRATION_TIMEOUT);
            while (true) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 409) {
                    break;
                }
                // 404: IAM's ledger.created event has not reached the command service yet.
                if (response.statusCode() != 404 || Instant.now().isAfter(deadline)) {
                    throw new IOException("Creating demo account " + account[0] + " failed: " + response.statusCode()
                            + " " + response.body());
                }
                Thread.sleep(250);
            }
        }
    }

    private String accessToken(HttpClient http, String gatewayUrl) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IOException("The demo client could not get a token: " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    /** Where the console is, or how to get it when the gateway was built without it (no Node.js on the machine). */
    private static String consoleLine(String gateway) {
        HttpRequest page = HttpRequest.newBuilder(URI.create(gateway + "/")).header("Accept", "text/html")
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            if (HttpClient.newHttpClient().send(page, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return gateway + "/ (sign up there, or sign in)";
            }
        } catch (IOException e) {
            return gateway + "/ (not answering: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "not built, as Node.js 20.19+ was missing: export PATH=\"$(deploy/tools/install-node):$PATH\"; deploy/local/up --build";
    }

    public String banner(LocalStack stack, Duration startup) {
        String gateway = stack.gatewayUrl();
        return """

                LaaS is running (ready in %1$.1f s). Ctrl-C (or deploy/local/laas down) stops everything;
                deploy/local/laas status shows each process, deploy/local/laas --help the other commands.

                  Gateway (the public API)  %2$s
                  OIDC discovery            %2$s/.well-known/openid-configuration
                  API reference             %2$s/docs (OpenAPI: %2$s/openapi.json)
                  Console                   %8$s
                  Health and metrics        %7$s (loopback only)
                  Demo ledger "sandbox"     %3$s (USD), accounts cash and revenue
                  Demo API key              %4$s
                  Demo OAuth2 client        %5$s / %6$s
                  Service logs              %9$s (deploy/local/laas logs [service] [-f])

                Post the guide's transaction:

                  curl -X POST %2$s/v1/transactions \\
                    -H "Authorization: Bearer %4$s" \\
                    -H "Content-Type: application/json" \\
                    -d '{"idempotency_key": "test-txn-001", "external_id": "order-123", "currency": "USD",
                         "occurred_at": "2024-01-01T12:00:00Z",
                         "postings": [{"account_code": "cash", "direction": "debit", "amount": "100.00"},
                                      {"account_code": "revenue", "direction": "credit", "amount": "100.00"}]}'

                  curl %2$s/v1/accounts/cash -H "Authorization: Bearer %4$s"
                """.formatted(startup.toMillis() / 1000.0, gateway, ledgerId, apiKey, clientId, clientSecret,
                        managementPorts(stack), consoleLine(gateway), stack.options().dataDir().resolve("logs"));
    }

    /** Each service's management interface, e.g. {@code gateway http://127.0.0.1:9080/q/health, …}. */
    private static String managementPorts(LocalStack stack) {
        return String.join(", ", LocalStack.SERVICES.stream()
                .map(name -> name + " " + stack.service(name).managementUrl() + "/q/…").toList());
    }
}
