package io.laas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The hashing that sends each ledger's writes to one command replica. */
class RendezvousHashingTest {

    private static final int LEDGERS = 20_000;
    /** Each replica's share of the ledgers is within 10% of 1/n (about 4.7 standard deviations at n = 10). */
    private static final double BALANCE_TOLERANCE = 0.10;

    @Property(tries = 200)
    void theOrderIsDeterministicAndStartsWithThePreferredReplica(@ForAll("replicas") List<String> replicas,
            @ForAll long ledgerBits) {
        UUID ledger = new UUID(ledgerBits, ~ledgerBits * 31);
        long[] seeds = seeds(replicas);
        long key = RendezvousHashing.ledgerKey(ledger);

        assertEquals(key, RendezvousHashing.ledgerKey(UUID.fromString(ledger.toString())));
        assertArrayEquals(seeds, seeds(List.copyOf(replicas)));
        int[] order = RendezvousHashing.order(key, seeds);
        assertArrayEquals(order, RendezvousHashing.order(key, seeds));
        assertEquals(RendezvousHashing.preferred(key, seeds), order[0]);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(java.util.stream.IntStream.range(0, seeds.length).toArray(), sorted, "every replica once");
    }

    @Property(tries = 30)
    void eachReplicaGetsAFairShareOfTheLedgers(@ForAll("replicas") List<String> replicas, @ForAll long ledgerSeed) {
        long[] seeds = seeds(replicas);
        int[] counts = new int[seeds.length];
        Random random = new Random(ledgerSeed);
        for (int i = 0; i < LEDGERS; i++) {
            counts[RendezvousHashing.preferred(RendezvousHashing.ledgerKey(new UUID(random.nextLong(), random.nextLong())),
                    seeds)]++;
        }
        double fair = (double) LEDGERS / seeds.length;
        for (int count : counts) {
            assertTrue(Math.abs(count - fair) <= fair * BALANCE_TOLERANCE,
                    "shares " + Arrays.toString(counts) + " of " + replicas.size() + " replicas, fair " + fair);
        }
    }

    @Property(tries = 30)
    void aJoiningReplicaTakesOnlyLedgersFromTheOthersAndAbout1OverNOfThem(@ForAll("replicas") List<String> replicas,
            @ForAll @IntRange(min = 0, max = 255) int newHost, @ForAll long ledgerSeed) {
        String joining = "http://10.1.255." + newHost + ":8082";
        List<String> after = new java.util.ArrayList<>(replicas);
        after.add(joining);
        long[] before = seeds(replicas);
        long[] now = seeds(after);
        Random random = new Random(ledgerSeed);
        int moved = 0;
        for (int i = 0; i < LEDGERS; i++) {
            long key = RendezvousHashing.ledgerKey(new UUID(random.nextLong(), random.nextLong()));
            String was = replicas.get(RendezvousHashing.preferred(key, before));
            String is = after.get(RendezvousHashing.preferred(key, now));
            if (!was.equals(is)) {
                assertEquals(joining, is, "a ledger moved between two replicas that were both there");
                moved++;
            }
        }
        double expected = (double) LEDGERS / after.size();
        assertTrue(Math.abs(moved - expected) <= expected * BALANCE_TOLERANCE,
                moved + " ledgers moved to the new replica, expected about " + expected);
    }

    @Property(tries = 30)
    void aLeavingReplicasLedgersAloneMove(@ForAll("replicas") List<String> replicas,
            @ForAll @IntRange(min = 0, max = 100) int leavingIndex, @ForAll long ledgerSeed) {
        String leaving = replicas.get(leavingIndex % replicas.size());
        List<String> after = replicas.stream().filter(replica -> !replica.equals(leaving)).toList();
        long[] before = seeds(replicas);
        long[] now = seeds(after);
        Random random = new Random(ledgerSeed);
        for (int i = 0; i < LEDGERS; i++) {
            long key = RendezvousHashing.ledgerKey(new UUID(random.nextLong(), random.nextLong()));
            int[] order = RendezvousHashing.order(key, before);
            String was = replicas.get(order[0]);
            String is = after.get(RendezvousHashing.preferred(key, now));
            if (was.equals(leaving)) {
                assertEquals(replicas.get(order[1]), is, "a leaving replica's ledger goes to its next replica");
            } else {
                assertEquals(was, is, "a ledger of a replica that stayed moved");
            }
        }
    }

    /** 2 to 10 distinct replica base URLs, as the gateway builds them from a headless Service's records. */
    @Provide
    Arbitrary<List<String>> replicas() {
        return Arbitraries.integers().between(0, 65_535)
                .map(host -> "http://10.0." + (host >> 8) + "." + (host & 0xff) + ":8082")
                .set().ofMinSize(2).ofMaxSize(10)
                .map(set -> List.copyOf(new LinkedHashSet<>(set)));
    }

    private static long[] seeds(List<String> replicas) {
        return replicas.stream().mapToLong(RendezvousHashing::replicaSeed).toArray();
    }
}
