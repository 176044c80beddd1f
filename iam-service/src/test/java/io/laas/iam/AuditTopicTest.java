package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Another service's audit.recorded events (outbox.event.audit) are appended to the audit log, once each. */
@QuarkusTest
class AuditTopicTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static void send(String key, JsonObject value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("outbox.event.audit", key, value.encode());
            record.headers().add("eventType", "audit.recorded".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(UUID organizationId) {
        return pool.preparedQuery("SELECT count(*) FROM audit_events WHERE organization_id = $1")
                .execute(Tuple.of(organizationId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    static JsonObject event(UUID id, UUID organizationId, String endpointId) {
        return new JsonObject()
                .put("event_id", id.toString())
                .put("event_type", "audit.recorded")
                .put("organization_id", organizationId.toString())
                .put("occurred_at", "2026-01-02T03:04:05.123456Z")
                .put("service", "webhook-service")
                .put("actor", new JsonObject().put("type", "client").put("id", "lc_hooks").put("display", "lc_hooks"))
                .put("action", "webhook_endpoint.created")
                .put("target", new JsonObject().put("type", "webhook_endpoint").put("id", endpointId))
                .put("source", new JsonObject().put("ip", "192.0.2.55").put("user_agent", "curl/8")
                        .put("request_id", "req-hook"))
                .put("before", null)
                .put("after", new JsonObject().put("url", "https://example.test/hook")
                        .put("signing_secret", "whsec_should-never-be-here"));
    }

    @Test
    void anotherServicesEventIsAppendedOnceWithSecretsRedacted() {
        String email = People.uniqueEmail("hooks");
        UUID orgId = People.newOwner(email)[1];
        String token = People.accessToken(People.session(email, People.PASSWORD));
        long before = count(orgId);
        UUID id = UUID.randomUUID();
        String endpoint = UUID.randomUUID().toString();
        send(orgId.toString(), event(id, orgId, endpoint));
        send(orgId.toString(), event(id, orgId, endpoint)); // redelivered

        await().atMost(Duration.ofSeconds(30)).until(() -> count(orgId) > before);
        // a poison record (no organisation) does not stop the ones after it
        UUID after = UUID.randomUUID();
        send(orgId.toString(), event(UUID.randomUUID(), orgId, "x").put("organization_id", "nope"));
        send(orgId.toString(), event(after, orgId, "next"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(orgId) == before + 2);

        given().auth().oauth2(token).queryParam("target_id", endpoint).get("/v1/organizations/current/audit-events")
                .then().statusCode(200)
                .body("data.id", contains(id.toString()))
                .body("data[0].action", equalTo("webhook_endpoint.created"))
                .body("data[0].service", equalTo("webhook-service"))
                .body("data[0].occurred_at", equalTo("2026-01-02T03:04:05.123456Z"))
                .body("data[0].actor.type", equalTo("client"))
                .body("data[0].actor.id", equalTo("lc_hooks"))
                .body("data[0].source.ip", equalTo("192.0.2.55"))
                .body("data[0].source.request_id", equalTo("req-hook"))
                .body("data[0].after.url", equalTo("https://example.test/hook"))
                .body("data[0].after.signing_secret", equalTo("[redacted]"));
        assertEquals(before + 2, count(orgId));
    }
}
