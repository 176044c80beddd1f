package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.DemoTenant;
import io.laas.local.LocalStack;
import io.laas.system.OtlpReceiver.ExportedSpan;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * OpenTelemetry across the services, on a stack of its own that exports to a loopback OTLP collector: one
 * posted transaction is one trace from the gateway through the command service and the outbox relay to the
 * projector and each webhook attempt, and a caller's sampled {@code traceparent} is continued to the end.
 */
class TracingIT {

    private static final UUID LEDGER = UUID.fromString(DemoTenant.SANDBOX_LEDGER_ID);
    private static final String API_KEY = RunningStack.API_KEY;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static OtlpReceiver collector;
    private static LoopbackReceiver hooks;
    private static LocalStack stack;

    @BeforeAll
    static void startAStackThatExportsItsSpans() throws Exception {
        collector = OtlpReceiver.start();
        hooks = LoopbackReceiver.start("/traced-hooks");
        Path dataDir = Files.createDirectories(Path.of("target", "tracing-stack"));
        Path tenants = dataDir.resolve("tenants.yml");
        try (InputStream in = TracingIT.class.getResourceAsStream("/tenants.yml")) {
            Files.copy(in, tenants, StandardCopyOption.REPLACE_EXISTING);
        }
        stack = LocalStack.start(new LocalStack.Options(RepositoryRoot.path(), dataDir, true, LocalStack.Ports.free(),
                tenants, Map.of("LAAS_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true",
                        "QUARKUS_OTEL_SDK_DISABLED", "false",
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.url(),
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                        "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms")));
        new DemoTenant(LEDGER.toString(), API_KEY, "demo-client", "demo-secret").provision(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (hooks != null) {
            hooks.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void aPostedTransactionIsOneTraceFromTheGatewayToTheProjectorAndTheWebhookAttempt() {
        gateway().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", hooks.url(), "event_types", List.of("transaction.posted")))
                .post("/v1/webhook-endpoints").then().statusCode(201);
        String debit = account("trace-cash", "asset");
        String credit = account("trace-sales", "revenue");

        String transactionId = gateway().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .body(LedgerApi.transfer(UUID.randomUUID().toString(), debit, credit, "12.34"))
                .post("/v1/ledgers/{ledger}/transactions", LEDGER)
                .then().statusCode(201).extract().path("transaction_id");

        // the webhook request names the trace: the attempt's span, in the trace the gateway started
        LoopbackReceiver.Request delivery = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> hooks.requests().stream().filter(r -> r.body().contains(transactionId)).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        String traceparent = delivery.header("traceparent");
        assertNotNull(traceparent, "the webhook request carries a traceparent: " + delivery.headers().keySet());
        String traceId = traceparent.split("-")[1];
        String attemptSpanId = traceparent.split("-")[2];

        Set<String> hops = Set.of("gateway:SERVER", "ledger-command-service:SERVER", "ledger-command-service:PRODUCER",
                "projector-service:CONSUMER", "webhook-service:CONSUMER", "webhook-service:CLIENT");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertEquals(0, collector.undecodable(), "every export decodes: " + collector.requests());
            assertTrue(!collector.requests().isEmpty(), "the services exported nothing");
            Set<String> seen = collector.trace(traceId).stream().map(span -> span.service() + ":" + span.kind())
                    .collect(Collectors.toSet());
            assertTrue(seen.containsAll(hops), "trace " + traceId + " has " + seen + ", wants " + hops
                    + "; export requests: " + collector.requests().size() + ", spans: " + collector.spans().size());
        });

        List<ExportedSpan> trace = collector.trace(traceId);
        Map<String, ExportedSpan> byId = trace.stream().collect(Collectors.toMap(ExportedSpan::spanId, span -> span,
                (a, b) -> a));
        // one root, the gateway's server span; every other span's parent is in the trace
        List<ExportedSpan> roots = trace.stream().filter(span -> span.parentSpanId().isEmpty()).toList();
        assertEquals(1, roots.size(), "one root: " + roots);
        assertEquals("gateway:SERVER", roots.get(0).service() + ":" + roots.get(0).kind());
        for (ExportedSpan span : trace) {
            assertTrue(span.parentSpanId().isEmpty() || byId.containsKey(span.parentSpanId()),
                    "the parent of " + span + " is in the trace");
        }
        // the hops in order: relay after the command service's request, consumers after the relay
        ExportedSpan attempt = byId.get(attemptSpanId);
        assertNotNull(attempt, "the span the webhook request named was exported");
        assertEquals("webhook-service:CLIENT", attempt.service() + ":" + attempt.kind());
        ExportedSpan publish = only(trace, "ledger-command-service", "PRODUCER");
        assertEquals("ledger-command-service", ancestors(byId, publish).get(0).service(),
                "the relay continues the command service's work");
        assertTrue(ancestors(byId, publish).stream().anyMatch(span -> span.service().equals("gateway")));
        assertEquals(publish.spanId(), only(trace, "projector-service", "CONSUMER").parentSpanId(),
                "the projector continues the relay's span");
        assertEquals(publish.spanId(), only(trace, "webhook-service", "CONSUMER").parentSpanId(),
                "the webhook intake continues the relay's span");
        assertEquals(publish.spanId(), attempt.parentSpanId(), "the attempt continues the relay's span");
    }

    @Test
    void aCallersSampledTraceparentIsContinuedToTheWebhookRequest() {
        HexFormat hex = HexFormat.of();
        byte[] traceBytes = new byte[16];
        byte[] spanBytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(traceBytes);
        ThreadLocalRandom.current().nextBytes(spanBytes);
        String callerTraceId = hex.formatHex(traceBytes);
        String callerSpanId = hex.formatHex(spanBytes);
        gateway().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", hooks.url(), "event_types", List.of("account.created")))
                .post("/v1/webhook-endpoints").then().statusCode(201);

        String code = LedgerApi.newCode("traced-by-caller");
        gateway().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .header("traceparent", "00-" + callerTraceId + "-" + callerSpanId + "-01")
                .body(Map.of("code", code, "name", code, "type", "asset"))
                .post("/v1/ledgers/{ledger}/accounts", LEDGER).then().statusCode(201);

        LoopbackReceiver.Request delivery = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> hooks.requests().stream().filter(r -> r.body().contains(code)).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertEquals(callerTraceId, delivery.header("traceparent").split("-")[1]);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertTrue(
                collector.trace(callerTraceId).stream()
                        .anyMatch(span -> span.service().equals("gateway") && span.parentSpanId().equals(callerSpanId)),
                "the gateway's span is a child of the caller's: " + collector.trace(callerTraceId)));
    }

    private static String account(String prefix, String type) {
        String code = LedgerApi.newCode(prefix);
        gateway().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(Map.of("code", code, "name", code, "type", type))
                .post("/v1/ledgers/{ledger}/accounts", LEDGER).then().statusCode(201);
        return code;
    }

    private static ExportedSpan only(List<ExportedSpan> trace, String service, String kind) {
        List<ExportedSpan> found = trace.stream()
                .filter(span -> span.service().equals(service) && span.kind().equals(kind)).toList();
        assertEquals(1, found.size(), service + " " + kind + ": " + found);
        return found.get(0);
    }

    /** The span's parent, its parent's parent, and so on up to the root. */
    private static List<ExportedSpan> ancestors(Map<String, ExportedSpan> byId, ExportedSpan span) {
        List<ExportedSpan> chain = new java.util.ArrayList<>();
        ExportedSpan parent = byId.get(span.parentSpanId());
        while (parent != null) {
            chain.add(parent);
            parent = byId.get(parent.parentSpanId());
        }
        return chain;
    }

    private static RequestSpecification gateway() {
        return given().baseUri(stack.gatewayUrl());
    }
}
