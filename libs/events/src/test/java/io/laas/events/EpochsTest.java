package io.laas.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EpochsTest {

    private final UUID restored = UUID.randomUUID();
    private final UUID createdInTheLostTail = UUID.randomUUID();

    /** Epoch 2 started by a restore that kept the ledger's events up to sequence 5. */
    private final Epochs afterOneRestore = new Epochs(2, new TreeMap<>(Map.of(2L, Map.of(restored, 5L))));

    @Test
    void beforeAnyRestoreNothingIsLostTail() {
        assertFalse(Epochs.first().isLostTail(1, restored, 1_000));
    }

    @Test
    void anEarlierEpochsEventBeyondTheCutIsLostTail() {
        assertTrue(afterOneRestore.isLostTail(1, restored, 6));
        assertTrue(afterOneRestore.isLostTail(1, createdInTheLostTail, 1), "a ledger the restore did not keep");
    }

    @Test
    void anEarlierEpochsEventUpToTheCutIsKept() {
        assertFalse(afterOneRestore.isLostTail(1, restored, 5));
        assertFalse(afterOneRestore.isLostTail(1, restored, 1));
    }

    @Test
    void theCurrentEpochsEventsAreNeverLostTailWhateverTheirSequence() {
        assertFalse(afterOneRestore.isLostTail(2, restored, 6));
        assertFalse(afterOneRestore.isLostTail(2, createdInTheLostTail, 1));
    }

    @Test
    void everyRestoreSinceTheEventsEpochCuts() {
        // restore 1 kept sequences up to 5 (epoch 2), restore 2 went back to a backup holding sequences up to 3
        Epochs afterTwo = new Epochs(3, new TreeMap<>(Map.of(2L, Map.of(restored, 5L), 3L, Map.of(restored, 3L))));
        assertTrue(afterTwo.isLostTail(1, restored, 4), "kept by the first restore, lost by the second");
        assertFalse(afterTwo.isLostTail(1, restored, 3));
        assertTrue(afterTwo.isLostTail(2, restored, 4));
        assertFalse(afterTwo.isLostTail(3, restored, 4));
    }
}
