package io.laas.system;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;

/**
 * The real Debezium engine, embedded, with the connector configuration of the {@code KafkaConnector}: it applies the
 * connector's transforms (the Outbox Event Router) itself, and each record it hands over is turned into the Kafka
 * record a Kafka Connect worker would produce, with the worker's converters of the {@code KafkaConnect} (the way
 * Connect's source task converts headers, key and value). The records are kept; once {@link #forwardTo} is called
 * the outbox records are also produced to Kafka, acknowledged one by one in order, as the only relay.
 */
final class EmbeddedDebezium implements AutoCloseable {

    private static final String OUTBOX_TOPIC_PREFIX = "outbox.event.";

    private final Converter keyConverter;
    private final Converter valueConverter;
    private final HeaderConverter headerConverter;
    private final List<ProducerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "debezium-engine"));
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile Producer<byte[], byte[]> producer;

    EmbeddedDebezium(Map<String, String> connectorConfig, Map<String, String> workerConfig) {
        this.keyConverter = converter(workerConfig, "key.converter", true);
        this.valueConverter = converter(workerConfig, "value.converter", false);
        this.headerConverter = instance(workerConfig.get("header.converter"), HeaderConverter.class);
        headerConverter.configure(Map.of("converter.type", "header"));
        Properties properties = new Properties();
        properties.putAll(connectorConfig);
        properties.put("name", "laas-outbox");
        properties.put("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        properties.put("offset.flush.interval.ms", "1000");
        this.engine = DebeziumEngine.create(Connect.class)
                .using(properties)
                .notifying(event -> accept(event.value()))
                .using((success, message, error) -> {
                    if (!success) {
                        failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                    }
                })
                .build();
        runner.execute(engine);
    }

    /** From now on every outbox record is also produced to Kafka with {@code producerConfig}. */
    void forwardTo(Map<String, Object> producerConfig) {
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The outbox records produced so far (heartbeats left out), in the order of the WAL. */
    List<ProducerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    int heartbeats() {
        return heartbeats.get();
    }

    /** Why the engine stopped, or {@code null} while it runs. */
    Throwable failure() {
        return failure.get();
    }

    private void accept(SourceRecord record) {
        if (!record.topic().startsWith(OUTBOX_TOPIC_PREFIX)) {
            heartbeats.incrementAndGet();
            return;
        }
        ProducerRecord<byte[], byte[]> converted = convert(record);
        records.add(converted);
        Producer<byte[], byte[]> forward = producer;
        if (forward != null) {
            try {
                forward.send(converted).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                // the record is not acknowledged: the engine stops rather than skip it, as a Connect task would
                failure.compareAndSet(null, e.getCause());
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** What Kafka Connect's source task does with a transformed record: headers, key and value through the converters. */
    ProducerRecord<byte[], byte[]> convert(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), headerConverter.fromConnectHeader(record.topic(), header.key(), header.schema(),
                    header.value()));
        }
        byte[] key = keyConverter.fromConnectData(record.topic(), headers, record.keySchema(), record.key());
        byte[] value = valueConverter.fromConnectData(record.topic(), headers, record.valueSchema(), record.value());
        return new ProducerRecord<>(record.topic(), record.kafkaPartition(), record.timestamp(), key, value, headers);
    }

    private static Converter converter(Map<String, String> workerConfig, String key, boolean isKey) {
        Converter converter = instance(workerConfig.get(key), Converter.class);
        Map<String, Object> config = new java.util.HashMap<>();
        workerConfig.forEach((name, value) -> {
            if (name.startsWith(key + ".")) {
                config.put(name.substring(key.length() + 1), value);
            }
        });
        converter.configure(config, isKey);
        return converter;
    }

    private static <T> T instance(String className, Class<T> type) {
        if (className == null) {
            throw new IllegalStateException("The KafkaConnect names no " + type.getSimpleName());
        }
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + className, e);
        }
    }

    @Override
    public void close() throws IOException {
        engine.close();
        runner.shutdown();
        try {
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Producer<byte[], byte[]> forward = producer;
        if (forward != null) {
            forward.close();
        }
    }
}
