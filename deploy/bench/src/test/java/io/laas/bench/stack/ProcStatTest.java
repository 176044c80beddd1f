package io.laas.bench.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsParentAndCpuTicksEvenWhenTheNameHasSpacesAndParentheses() {
        String line = "4242 (postgres: laas (idle)) S 15810 15810 15810 0 -1 4194560 2047 0 0 0 "
                + "1234 567 89 10 20 0 1 0 5851 229867520 17424 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

        ProcStat stat = ProcStat.parse(line);

        assertEquals(4242, stat.pid());
        assertEquals(15810, stat.parentPid());
        assertEquals(1234 + 567, stat.ownTicks());
        assertEquals(89 + 10, stat.childrenTicks());
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("no parentheses here"));
    }

    @Test
    void findsTheInodesOfSocketsListeningOnAPortInTcpAndTcp6Tables() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:6DA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0",
                "   1: 0100007F:6DA0 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0 20 4 30 10 -1",
                "   2: 0100007F:6DA1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0",
                "   0: 00000000000000000000000000000000:6DA0 00000000000000000000000000000000:0000 0A "
                        + "00000000:00000000 00:00000000 00000000     0        0 444 1 0 100 0 0 10 0");

        // 0x6DA0 = 28064; the established connection (01) on the same port is not a listener
        assertEquals(Set.of(111L, 444L), ListeningSockets.inodesListeningOn(table, 28064));
        assertEquals(Set.of(333L), ListeningSockets.inodesListeningOn(table, 28065));
        assertEquals(Set.of(), ListeningSockets.inodesListeningOn(table, 80));
    }

    @Test
    void cpuPerTransactionIsTheTickDeltaInMillisecondsOverTheTransactions() {
        StackProcesses.CpuSample before = new StackProcesses.CpuSample(0, java.util.Map.of("gateway", 100L, "postgres", 50L), 7);
        StackProcesses.CpuSample after = new StackProcesses.CpuSample(1, java.util.Map.of("gateway", 300L, "postgres", 150L), 17);

        // 200 ticks = 2,000 ms over 1,000 transactions
        assertEquals(2.0, StackProcesses.cpuMsPerTransaction(before, after, 1000).get("gateway"), 1e-9);
        assertEquals(1.0, StackProcesses.cpuMsPerTransaction(before, after, 1000).get("postgres"), 1e-9);
        assertEquals(0.1, StackProcesses.generatorCpuMsPerTransaction(before, after, 1000), 1e-9);
    }
}
