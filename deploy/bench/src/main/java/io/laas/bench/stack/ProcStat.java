package io.laas.bench.stack;

/**
 * The fields of {@code /proc/<pid>/stat} the benchmark uses (see proc(5)); times in clock ticks.
 *
 * @param childrenTicks CPU of the process's children that have exited and been waited for
 */
public record ProcStat(long pid, long parentPid, long ownTicks, long childrenTicks) {

    /** Parses one stat line; the command name (field 2) may contain spaces and parentheses. */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        // after the name: state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) flags(9) minflt(10) cminflt(11)
        // majflt(12) cmajflt(13) utime(14) stime(15) cutime(16) cstime(17)
        String[] fields = line.substring(close + 1).trim().split("\\s+");
        long parent = Long.parseLong(fields[1]);
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        long cutime = Long.parseLong(fields[13]);
        long cstime = Long.parseLong(fields[14]);
        return new ProcStat(pid, parent, utime + stime, cutime + cstime);
    }
}
