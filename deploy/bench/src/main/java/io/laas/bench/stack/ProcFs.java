package io.laas.bench.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What {@code /proc} says about the processes of the stack (Linux only). */
public final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /** The process that listens on the TCP port on this machine, if any (and if we may see its sockets). */
    public static Optional<Long> pidListeningOn(int port) throws IOException {
        List<String> table = new ArrayList<>();
        for (String name : List.of("tcp", "tcp6")) {
            Path file = PROC.resolve("net").resolve(name);
            if (Files.isReadable(file)) {
                table.addAll(Files.readAllLines(file));
            }
        }
        Set<Long> inodes = ListeningSockets.inodesListeningOn(table, port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        for (long pid : pids()) {
            Path fds = PROC.resolve(Long.toString(pid)).resolve("fd");
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(fds)) {
                for (Path fd : stream) {
                    String target = readLink(fd);
                    if (target.startsWith("socket:[")
                            && inodes.contains(Long.parseLong(target.substring(8, target.length() - 1)))) {
                        return Optional.of(pid);
                    }
                }
            } catch (IOException | SecurityException e) {
                // gone, or not ours to look into
            }
        }
        return Optional.empty();
    }

    public static List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            stream.forEach(path -> pids.add(Long.parseLong(path.getFileName().toString())));
        }
        return pids;
    }

    public static Optional<ProcStat> stat(long pid) {
        try {
            return Optional.of(ProcStat.parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every process's stat line, for finding children. */
    public static List<ProcStat> allStats() throws IOException {
        List<ProcStat> stats = new ArrayList<>();
        for (long pid : pids()) {
            stat(pid).ifPresent(stats::add);
        }
        return stats;
    }

    /** The {@code kB} values of {@code /proc/<pid>/status} lines such as {@code VmRSS}, or 0. */
    public static Memory memory(long pid) {
        try {
            long rss = 0;
            long anon = 0;
            long shmem = 0;
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kilobytes(line);
                } else if (line.startsWith("RssShmem:")) {
                    shmem = kilobytes(line);
                }
            }
            return new Memory(rss, anon, shmem);
        } catch (IOException | RuntimeException e) {
            return new Memory(0, 0, 0);
        }
    }

    /** Resident memory in kB: all of it, the private (anonymous) part and the shared-memory part. */
    public record Memory(long rssKb, long anonKb, long shmemKb) {
    }

    private static long kilobytes(String statusLine) {
        String[] fields = statusLine.trim().split("\\s+");
        return Long.parseLong(fields[1]);
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
