package io.laas.web.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class LatencyHistogramsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    LatencyHistogramsTest() {
        registry.config().meterFilter(new LatencyHistograms().latencyBuckets());
    }

    @Test
    void httpServerAndLaasTimersPublishTheFixedBuckets() {
        for (String name : new String[] { "http.server.requests", "laas.ledger.event.append" }) {
            Timer timer = Timer.builder(name).register(registry);
            timer.record(Duration.ofMillis(30));
            CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
            assertArrayEquals(Arrays.stream(LatencyHistograms.BUCKETS).mapToDouble(Duration::toNanos).toArray(),
                    Arrays.stream(buckets).mapToDouble(CountAtBucket::bucket).toArray(), name);
            // 30 ms lies in the buckets from 50 ms up, not in those below
            assertEquals(0.0, buckets[2].count(), name + " le 25 ms");
            assertEquals(1.0, buckets[3].count(), name + " le 50 ms");
        }
    }

    @Test
    void aTimerWithItsOwnBucketsKeepsThem() {
        Timer timer = Timer.builder("laas.projector.event.delay")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1)).register(registry);
        timer.record(Duration.ofMillis(30));
        assertEquals(2, timer.takeSnapshot().histogramCounts().length);
    }

    @Test
    void otherTimersGetNoBuckets() {
        Timer timer = Timer.builder("http.client.requests").register(registry);
        timer.record(Duration.ofMillis(30));
        assertEquals(0, timer.takeSnapshot().histogramCounts().length);
    }
}
