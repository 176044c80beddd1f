package io.laas.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.laas.local.KafkaBroker;

/**
 * {@code laas logs [service] [-f] [-n N]}: the last lines of a service's log, or of all logs interleaved by time
 * with the process's name before each line; {@code -f} follows them. Reads the log files in the data directory,
 * so it also works once the stack has stopped (to see why a process died).
 */
final class LogsCommand {

    static final Subcommand COMMAND = new Subcommand("logs", "logs [service] [-f] [-n N]",
            "Prints (or follows) a service's log; all logs interleaved, each line prefixed, when no service is given.",
            """
            Services: iam-service, ledger-command-service, projector-service, webhook-service, gateway, kafka (and
            replicas, e.g. projector-service-2). The logs are files in <data>/logs (default deploy/local/.data/logs),
            kept when the stack stops; a restarted service appends to its file.
            """,
            List.of(Subcommand.Option.flag("follow", 'f', "keep printing new lines until Ctrl-C"),
                    Subcommand.Option.value("lines", 'n', "N", "how many of the last lines to print first (default 50)")),
            0, 1, false, LogsCommand::run);

    static final int DEFAULT_LINES = 50;
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(?:[.,](\\d{1,9}))?");
    private static final long FOLLOW_INTERVAL_MILLIS = 250;

    /** A log line, with the process it came from and the time it starts with (or that of the line before). */
    record Line(String process, String sortKey, String text) {
    }

    private LogsCommand() {
    }

    static int run(Invocation invocation, CliContext context) throws IOException, InterruptedException {
        int lines;
        try {
            lines = Integer.parseInt(invocation.value("lines").orElse(String.valueOf(DEFAULT_LINES)));
        } catch (NumberFormatException e) {
            lines = -1;
        }
        if (lines < 0) {
            context.err().println("-n takes a number of lines (0 or more): " + invocation.value("lines").orElse(""));
            return 2;
        }
        Map<String, Path> logs = logFiles(context.dataDir());
        if (logs.isEmpty()) {
            context.err().println("No logs in " + context.dataDir() + " yet (start LaaS with deploy/local/laas up)");
            return 1;
        }
        Map<String, Path> chosen = logs;
        if (invocation.argument(0).isPresent()) {
            String service = invocation.argument(0).get();
            if (!logs.containsKey(service)) {
                context.err().println("no log of " + service + " (logs: " + String.join(", ", logs.keySet()) + ")");
                return 2;
            }
            chosen = Map.of(service, logs.get(service));
        }
        boolean prefixed = chosen.size() > 1;
        int width = chosen.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<Line> last = new ArrayList<>();
        Map<String, Long> positions = new LinkedHashMap<>();
        for (Map.Entry<String, Path> log : chosen.entrySet()) {
            long size = Files.size(log.getValue());
            positions.put(log.getKey(), size);
            last.addAll(lastLines(log.getKey(), log.getValue(), lines, size));
        }
        List<Line> merged = interleave(last);
        merged.subList(Math.max(0, merged.size() - lines), merged.size())
                .forEach(line -> print(context.out(), line, prefixed, width));
        context.out().flush();
        if (!invocation.flag("follow")) {
            return 0;
        }
        while (!Thread.currentThread().isInterrupted()) {
            for (Map.Entry<String, Path> log : chosen.entrySet()) {
                positions.put(log.getKey(), copyNewLines(log.getKey(), log.getValue(), positions.get(log.getKey()),
                        context.out(), prefixed, width));
            }
            context.out().flush();
            Thread.sleep(FOLLOW_INTERVAL_MILLIS);
        }
        return 0;
    }

    /** The logs there are, by process name: each {@code <data>/logs/<name>.log}, and Kafka's. */
    static Map<String, Path> logFiles(Path dataDir) throws IOException {
        Map<String, Path> logs = new LinkedHashMap<>();
        Path dir = dataDir.resolve("logs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted(Comparator.naturalOrder())
                        .forEach(file -> logs.put(file.getFileName().toString().replaceFirst("\\.log$", ""), file));
            }
        }
        Path kafka = KafkaBroker.logFile(dataDir);
        if (Files.exists(kafka)) {
            logs.put("kafka", kafka);
        }
        return logs;
    }

    /**
     * All lines in time order: lines are ordered by the time they start with, and a line without one (a stack
     * trace's) stays after the line it belongs to. The sort is stable, so each log's own order is kept.
     */
    static List<Line> interleave(List<Line> lines) {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(Line::sortKey));
        return sorted;
    }

    /** The last {@code count} lines of the first {@code size} bytes of a log, each with its sort key. */
    static List<Line> lastLines(String process, Path file, int count, long size) throws IOException {
        if (count == 0) {
            return List.of();
        }
        // read back from the end in blocks until enough lines are in hand
        long start = size;
        byte[] tail = new byte[0];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            while (start > 0 && countNewlines(tail) <= count) {
                int block = (int) Math.min(64 * 1024, start);
                start -= block;
                byte[] more = new byte[block + tail.length];
                in.seek(start);
                in.readFully(more, 0, block);
                System.arraycopy(tail, 0, more, block, tail.length);
                tail = more;
            }
        }
        List<String> texts = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\n", -1)));
        if (!texts.isEmpty() && texts.get(texts.size() - 1).isEmpty()) {
            texts.remove(texts.size() - 1);
        }
        if (start > 0 && !texts.isEmpty()) {
            texts.remove(0); // a partial line
        }
        return withSortKeys(process, texts.subList(Math.max(0, texts.size() - count), texts.size()));
    }

    static List<Line> withSortKeys(String process, List<String> texts) {
        List<Line> lines = new ArrayList<>();
        String key = "";
        for (String text : texts) {
            Matcher time = TIMESTAMP.matcher(text);
            if (time.find() && time.start() < 40) {
                String fraction = time.group(3) == null ? "" : time.group(3);
                key = time.group(1) + " " + time.group(2) + "." + (fraction + "000000000").substring(0, 9);
            }
            lines.add(new Line(process, key, text));
        }
        return lines;
    }

    private static long copyNewLines(String process, Path file, long from, PrintStream out, boolean prefixed, int width)
            throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < from) {
                from = 0; // the file was replaced (a fresh start)
            }
            if (length == from) {
                return from;
            }
            byte[] bytes = new byte[(int) Math.min(length - from, 4 * 1024 * 1024)];
            in.seek(from);
            in.readFully(bytes);
            int end = lastNewline(bytes);
            if (end < 0) {
                return from; // wait for the line to end
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                print(out, new Line(process, "", line), prefixed, width);
            }
            return from + end + 1;
        }
    }

    private static void print(PrintStream out, Line line, boolean prefixed, int width) {
        out.println(prefixed ? line.process() + " ".repeat(width - line.process().length()) + " | " + line.text()
                : line.text());
    }

    private static int countNewlines(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
