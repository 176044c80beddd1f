package io.laas.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.laas.local.DemoTenant;
import io.laas.local.LocalStack;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The five packaged services, PostgreSQL and Kafka, started once for every whole-suite test of this
 * JVM on free loopback ports. Tests talk to the gateway over HTTP only.
 */
final class RunningStack {

    static final UUID SANDBOX = UUID.fromString(DemoTenant.SANDBOX_LEDGER_ID);
    static final UUID OTHER_LEDGER = UUID.fromString("00000000-0000-0000-0000-000000000015");
    static final String API_KEY = "sk_test_12345678901234567890123456789012";

    private static LocalStack stack;
    private static Duration startup;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path repoRoot = Path.of(System.getProperty("laas.repo.root", "..")).toAbsolutePath().normalize();
                Path dataDir = Files.createDirectories(Path.of("target", "stack"));
                Path tenants = dataDir.resolve("tenants.yml");
                try (InputStream in = RunningStack.class.getResourceAsStream("/tenants.yml")) {
                    Files.copy(in, tenants, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Instant begin = Instant.now();
                stack = LocalStack.start(new LocalStack.Options(repoRoot, dataDir, true, LocalStack.Ports.free(), tenants,
                        Map.of("LAAS_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true",
                                // TokenLifecycleIT rotates the signing key within seconds, not the production
                                // 10 minutes (which is more than the verifiers' 5-minute JWKS refresh): the
                                // verifiers may then refetch the JWKS for every unknown kid
                                "LAAS_IAM_SIGNING_KEYS_LEAD_TIME", "3s",
                                "LAAS_IAM_SIGNING_KEYS_CHECK_INTERVAL", "1s",
                                "SMALLRYE_JWT_JWKS_FORCED_REFRESH_INTERVAL", "0",
                                "QUARKUS_OIDC_TOKEN_FORCED_JWK_REFRESH_INTERVAL", "1S",
                                // every whole-suite test calls from 127.0.0.1: TenancyMatrixIT alone presents a
                                // revoked API key once per public operation, more than the 100 failures a minute
                                // one address may cost before the gateway answers 429
                                "LAAS_GATEWAY_AUTH_FAILURES_MAX_PER_ADDRESS", "1000")));
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "laas-stack-stop"));
                new DemoTenant(SANDBOX.toString(), API_KEY, "demo-client", "demo-secret").provision(stack.gatewayUrl());
                startup = Duration.between(begin, Instant.now());
                System.out.printf("LaaS stack ready in %.1f s at %s%n", startup.toMillis() / 1000.0, stack.gatewayUrl());
                RestAssured.baseURI = stack.gatewayUrl();
                RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return stack;
    }

    static String gateway() {
        return get().gatewayUrl();
    }

    /** An access token of an OAuth2 client (client_secret_basic), optionally narrowed to some scopes. */
    static String token(String clientId, String secret, String scope) {
        RequestSpecification request = given().baseUri(gateway()).auth().preemptive().basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials");
        if (scope != null) {
            request = request.formParam("scope", scope);
        }
        return request.post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    static String demoToken() {
        return token("demo-client", "demo-secret", null);
    }

    static String otherToken() {
        return token("other-client", "other-secret", null);
    }
}
