package io.laas.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Which command replica a ledger's writes go to: rendezvous (highest random weight) hashing. Each replica has a
 * seed derived from its address; a ledger's score at a replica mixes the ledger's key with the seed, and the
 * ledger goes to the replica with the highest score, then (if that one refuses the connection) to the next
 * highest.
 * <p>
 * Rendezvous rather than a ring with virtual nodes: with the few replicas a command service runs (2 to ~20), the
 * n scores are a handful of multiplications per request and allocate nothing; it is exactly balanced in
 * expectation and moves only the ledgers of a replica that joins or leaves (a ledger's scores at the other
 * replicas do not change), with no virtual-node count to tune and no ring to rebuild; and the fallback order
 * of a ledger is simply the descending scores. A ring would make the lookup O(log n) but needs hundreds of
 * virtual nodes per replica to be as balanced. Every gateway replica computes the same order from the same
 * addresses, with no coordination.
 */
public final class RendezvousHashing {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RendezvousHashing() {
    }

    /** A ledger's key, computed once per request. */
    public static long ledgerKey(UUID ledger) {
        return mix(ledger.getMostSignificantBits() ^ mix(ledger.getLeastSignificantBits()));
    }

    /** A replica's seed, computed once when the replica set changes, from its base URL. */
    public static long replicaSeed(String address) {
        long hash = FNV_OFFSET;
        for (byte b : address.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return mix(hash);
    }

    /** The ledger's score at a replica; the highest wins. */
    public static long score(long ledgerKey, long replicaSeed) {
        return mix(ledgerKey ^ replicaSeed);
    }

    /** The index of the replica with the highest score (ties, vanishingly rare, go to the lower index); -1 if none. */
    public static int preferred(long ledgerKey, long[] seeds) {
        int best = -1;
        long bestScore = 0;
        for (int i = 0; i < seeds.length; i++) {
            long score = score(ledgerKey, seeds[i]);
            if (best < 0 || Long.compareUnsigned(score, bestScore) > 0) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** Every replica's index, highest score first: the order in which to try them (only needed after a refusal). */
    public static int[] order(long ledgerKey, long[] seeds) {
        int n = seeds.length;
        long[] scores = new long[n];
        Integer[] indexes = new Integer[n];
        for (int i = 0; i < n; i++) {
            scores[i] = score(ledgerKey, seeds[i]);
            indexes[i] = i;
        }
        java.util.Arrays.sort(indexes, (a, b) -> {
            int byScore = Long.compareUnsigned(scores[b], scores[a]);
            return byScore != 0 ? byScore : Integer.compare(a, b);
        });
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = indexes[i];
        }
        return order;
    }

    /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
