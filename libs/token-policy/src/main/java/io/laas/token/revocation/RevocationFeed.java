package io.laas.token.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.laas.kafka.KafkaClientSettings;
import io.laas.token.TokenPolicyConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows IAM's revocation topic into the {@link DenyList}. Every process must see every event, so there is
 * no consumer group: the feed assigns itself all partitions of the topic. At start it goes back to the
 * events of the last maximum token lifetime (plus clock skew), the only ones that can still concern a
 * valid token, so a process started after a revocation refuses the revoked tokens too; the topic's
 * retention (days by default) is far longer than that window.
 * <p>
 * A plain {@link KafkaConsumer} on its own thread: it blocks on {@code poll} and nothing else waits for it.
 */
@ApplicationScoped
public class RevocationFeed {

    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final TokenPolicyConfig config;
    private final DenyList denyList;
    private final KafkaClientSettings kafka;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private Thread thread;
    private KafkaConsumer<String, String> consumer;

    public RevocationFeed(TokenPolicyConfig config, DenyList denyList, KafkaClientSettings kafka) {
        this.config = config;
        this.denyList = denyList;
        this.kafka = kafka;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.denyList().feed()) {
            LOG.info("The revocation deny-list is not fed from Kafka (laas.token.deny-list.feed=false)");
            return;
        }
        running = true;
        consumer = new KafkaConsumer<>(consumerProperties(config, kafka), new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::run, "laas-deny-list");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the feed has read every event that was on the topic when it started (true from then on, even if
     * Kafka becomes unreachable later: the deny-list keeps what it has and catches up when Kafka is back).
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void markCaughtUp() {
        if (!caughtUp) {
            caughtUp = true;
            LOG.infof("Revocation deny-list up to date (%d entries)", denyList.size());
        }
    }

    /** Whether this process follows the topic at all. */
    public boolean enabled() {
        return config.denyList().feed();
    }

    /**
     * The service's shared Kafka connection and security settings, and a consumer without a group: it never
     * commits, it assigns itself the partitions.
     */
    static Map<String, Object> consumerProperties(TokenPolicyConfig config, KafkaClientSettings kafka) {
        Map<String, Object> properties = kafka.common();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.denyList().bootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "laas-deny-list-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "2097152");
        return properties;
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> startEnds = Map.of();
        Instant lastCheck = Instant.EPOCH;
        try {
            while (running) {
                try {
                    if (assigned.isEmpty() || Instant.now().isAfter(lastCheck.plus(PARTITION_CHECK))) {
                        lastCheck = Instant.now();
                        Set<TopicPartition> added = assignNewPartitions(assigned);
                        if (!added.isEmpty() && !caughtUp) {
                            startEnds = consumer.endOffsets(assigned);
                        }
                        if (assigned.isEmpty()) {
                            // no topic yet: nothing was ever revoked, so there is nothing to catch up with
                            markCaughtUp();
                            sleep(RETRY);
                            continue;
                        }
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(config.denyList().pollTimeout())) {
                        apply(record);
                    }
                    if (!caughtUp && startEnds.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                        markCaughtUp();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warnf("Revocation feed: %s; retrying", e.toString());
                    sleep(RETRY);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Set<TopicPartition> assignNewPartitions(Set<TopicPartition> assigned) {
        String topic = config.denyList().topic();
        Set<TopicPartition> added = new HashSet<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(5)).forEach(info -> {
            TopicPartition partition = new TopicPartition(topic, info.partition());
            if (!assigned.contains(partition)) {
                added.add(partition);
            }
        });
        if (added.isEmpty()) {
            return added;
        }
        assigned.addAll(added);
        consumer.assign(List.copyOf(assigned));
        long from = Instant.now().minus(config.maxLifetime()).minus(config.clockSkew()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        added.forEach(partition -> query.put(partition, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(5));
        for (TopicPartition partition : added) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            } else {
                consumer.seekToEnd(List.of(partition));
            }
        }
        LOG.infof("Revocation feed reads %s from %s", added, Instant.ofEpochMilli(from));
        return added;
    }

    private void apply(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader("eventType");
        String eventType = type == null ? null : unquote(new String(type.value(), StandardCharsets.UTF_8));
        try {
            RevocationReader.read(eventType, record.value()).ifPresent(denyList::apply);
        } catch (IllegalArgumentException e) {
            // a deny-list cannot stop on one bad event: the others must still apply
            LOG.errorf("Skipped revocation event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1)
                : value;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
