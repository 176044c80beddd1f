package io.laas.bench.stack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and memory of the stack's processes: each service by the port it listens on, PostgreSQL as
 * its postmaster with every backend, the Kafka broker's JVM, and this JVM (the load generator) apart.
 */
public final class StackProcesses {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux). */
    public static final double TICKS_PER_SECOND = 100;

    /** CPU ticks of every group, and of the generator, at one instant. */
    public record CpuSample(long nanoTime, Map<String, Long> ticks, long generatorTicks) {
    }

    private final List<ProcessGroup> groups;
    private final long generatorPid = ProcessHandle.current().pid();

    public StackProcesses(List<ProcessGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    public List<ProcessGroup> groups() {
        return groups;
    }

    public CpuSample sampleCpu() {
        List<ProcStat> all = null;
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (ProcessGroup group : groups) {
            ProcStat root = ProcFs.stat(group.pid()).orElse(null);
            if (root == null) {
                continue;
            }
            // exited children are in the parent's children time once waited for; live ones are added one by one
            long total = root.ownTicks() + (group.withChildren() ? root.childrenTicks() : 0);
            if (group.withChildren()) {
                if (all == null) {
                    all = allStats();
                }
                for (ProcStat child : all) {
                    if (child.parentPid() == group.pid()) {
                        total += child.ownTicks() + child.childrenTicks();
                    }
                }
            }
            ticks.put(group.name(), total);
        }
        long generator = ProcFs.stat(generatorPid).map(ProcStat::ownTicks).orElse(0L);
        return new CpuSample(System.nanoTime(), ticks, generator);
    }

    /** Resident memory of each group in MB; PostgreSQL: private memory of every process plus the shared memory once. */
    public Map<String, Long> sampleRssMb() {
        Map<String, Long> rss = new LinkedHashMap<>();
        List<ProcStat> all = null;
        for (ProcessGroup group : groups) {
            ProcFs.Memory root = ProcFs.memory(group.pid());
            if (!group.withChildren()) {
                rss.put(group.name(), root.rssKb() / 1024);
                continue;
            }
            if (all == null) {
                all = allStats();
            }
            long privateKb = root.anonKb();
            long sharedKb = root.shmemKb();
            for (ProcStat child : all) {
                if (child.parentPid() == group.pid()) {
                    ProcFs.Memory memory = ProcFs.memory(child.pid());
                    privateKb += memory.anonKb();
                    sharedKb = Math.max(sharedKb, memory.shmemKb());
                }
            }
            rss.put(group.name(), (privateKb + sharedKb) / 1024);
        }
        return rss;
    }

    private static List<ProcStat> allStats() {
        try {
            return ProcFs.allStats();
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }

    /** CPU milliseconds of each group between two samples, divided by {@code transactions}. */
    public static Map<String, Double> cpuMsPerTransaction(CpuSample from, CpuSample to, long transactions) {
        Map<String, Double> perTx = new LinkedHashMap<>();
        from.ticks().forEach((name, before) -> {
            Long after = to.ticks().get(name);
            if (after != null) {
                perTx.put(name, millis(after - before) / Math.max(1, transactions));
            }
        });
        return perTx;
    }

    public static double generatorCpuMsPerTransaction(CpuSample from, CpuSample to, long transactions) {
        return millis(to.generatorTicks() - from.generatorTicks()) / Math.max(1, transactions);
    }

    static double millis(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }
}
