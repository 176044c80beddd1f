package io.laas.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalInfraTest {

    @Test
    void startsRealPostgresWithLogicalWalAndARealKafkaBrokerAndKeepsDataAcrossRestarts() throws Exception {
        Path base = Files.createTempDirectory(Path.of("target"), "infra-test");
        int pgPort = LocalInfra.freePort();
        int kafkaPort = LocalInfra.freePortPair();
        try (LocalInfra infra = LocalInfra.start(base, true, pgPort, kafkaPort)) {
            Map<String, String> config = infra.serviceConfig();
            String url = "jdbc:postgresql://127.0.0.1:" + config.get("laas.db.port") + "/" + config.get("laas.db.name");
            try (var connection = DriverManager.getConnection(url, config.get("laas.db.username"), config.get("laas.db.password"));
                    var statement = connection.createStatement()) {
                var walLevel = statement.executeQuery("SHOW wal_level");
                walLevel.next();
                assertEquals("logical", walLevel.getString(1));
                statement.execute("CREATE TABLE survivor (id int)");
                statement.execute("INSERT INTO survivor VALUES (42)");
            }
            assertEquals("hello", roundTrip(config.get("kafka.bootstrap.servers"), "hello"));
            String oneMebibyte = "x".repeat(1 << 20);
            assertEquals(oneMebibyte, roundTrip(config.get("kafka.bootstrap.servers"), oneMebibyte));
        }
        try (LocalInfra infra = LocalInfra.start(base, false, pgPort, kafkaPort)) {
            Map<String, String> config = infra.serviceConfig();
            String url = "jdbc:postgresql://127.0.0.1:" + config.get("laas.db.port") + "/" + config.get("laas.db.name");
            try (var connection = DriverManager.getConnection(url, "laas", "laas");
                    var statement = connection.createStatement()) {
                var row = statement.executeQuery("SELECT id FROM survivor");
                row.next();
                assertEquals(42, row.getInt(1));
            }
            assertEquals("again", roundTrip(config.get("kafka.bootstrap.servers"), "again"));
        }
    }

    private static String roundTrip(String bootstrap, String value) throws Exception {
        String topic = "infra-check-" + System.nanoTime();
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("acks", "all");
        // as the outbox relay: a 1 MiB record plus its overhead
        producerConfig.put("max.request.size", (1 << 20) + (64 << 10));
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
        Properties consumerConfig = new Properties();
        consumerConfig.put("bootstrap.servers", bootstrap);
        consumerConfig.put("group.id", "infra-check");
        consumerConfig.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return records.iterator().next().value();
                }
            }
        }
        return null;
    }
}
