package io.laas.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static Histogram millisOneTo(int highest) {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int ms = 1; ms <= highest; ms++) {
            micros.recordValue(ms * 1_000L);
        }
        return micros;
    }

    @Test
    void percentilesAreInMilliseconds() {
        Percentiles p = Percentiles.ofMicros(millisOneTo(100));

        assertEquals(100, p.count());
        assertEquals(50, p.p50(), 0.1);
        assertEquals(95, p.p95(), 0.1);
        assertEquals(99, p.p99(), 0.1);
        assertEquals(100, p.max(), 0.1);
        assertEquals(Percentiles.NONE, Percentiles.ofMicros(new Histogram(3)));
    }

    @Test
    void eventsThatNeverArrivedCountAsLaterThanAnyThatDid() {
        // 80 of 100 arrived, in 1..80 ms: the median of all is the 50th of them, p95 and p99 are beyond the run
        Percentiles p = Percentiles.ofMicros(millisOneTo(80), 100);

        assertEquals(80, p.count());
        assertEquals(50, p.p50(), 0.1);
        assertTrue(Double.isInfinite(p.p95()));
        assertTrue(Double.isInfinite(p.p99()));
        assertTrue(Double.isInfinite(Percentiles.ofMicros(millisOneTo(40), 100).p50()));
        Percentiles none = Percentiles.ofMicros(new Histogram(3), 100);
        assertEquals(0, none.count());
        assertTrue(Double.isInfinite(none.p50()), "none arrived: not 0 ms");
        assertEquals(Percentiles.NONE, Percentiles.ofMicros(new Histogram(3), 0));
        assertEquals(Percentiles.ofMicros(millisOneTo(100)), Percentiles.ofMicros(millisOneTo(100), 90));
    }
}
