package io.laas.local.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * {@code laas status}: each process of the stack with its PID, ports, state, health, version, restarts and lag.
 * Exit code 1 when one of them is not up and ready.
 */
final class StatusCommand {

    static final Subcommand COMMAND = new Subcommand("status", "status",
            "Shows each process: PID, port(s), state, health, version, restarts and lag.",
            """
            STATE is up, restarting (the supervisor is starting it again) or down. HEALTH is the service's
            readiness (GET /q/health/ready on its management port); VERSION comes from its GET /_info ("-" where
            there is none); RESTARTS counts the supervisor's restarts after the process died. LAG: the outbox rows
            not yet published (laas_outbox_pending), for the projector the ledgers behind and the furthest lag
            (laas_projector_ledgers_behind, laas_projector_lag_seconds_max), for the webhook service the deliveries
            due and pending (laas_webhook_deliveries_due, laas_webhook_deliveries_pending).
            Exit code 0 when every process is up and ready, 1 otherwise (or when LaaS is not running).
            """, List.of(), 0, 0, false, StatusCommand::run);

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** One line of the table. */
    record Row(String process, String pid, String ports, String state, String health, String version, String restarts,
            String lag) {

        boolean healthy() {
            return state.equals("up") && health.equals("ready");
        }
    }

    private StatusCommand() {
    }

    static int run(Invocation invocation, CliContext context) throws IOException {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isEmpty()) {
            context.err().println(StackState.NOT_RUNNING);
            return 1;
        }
        StackState state = running.get();
        List<Row> rows = new ArrayList<>();
        for (StackState.Entry entry : state.processes()) {
            rows.add(switch (entry.kind()) {
                case "postgres" -> postgres(entry, state.database());
                case "kafka" -> kafka(entry);
                default -> service(entry);
            });
        }
        context.out().printf("LaaS at %s, supervisor pid %d, started %s (%s ago)%n%n", state.gatewayUrl(),
                state.supervisorPid(), state.startedAt(), age(state.startedAt()));
        context.out().print(table(rows));
        boolean healthy = rows.stream().allMatch(Row::healthy);
        if (!healthy) {
            context.err().println("\nNot all processes are up and ready.");
        }
        return healthy ? 0 : 1;
    }

    static String table(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] { "PROCESS", "PID", "PORT(S)", "STATE", "HEALTH", "VERSION", "RESTARTS", "LAG" });
        rows.forEach(row -> cells.add(new String[] { row.process(), row.pid(), row.ports(), row.state(), row.health(),
                row.version(), row.restarts(), row.lag() }));
        int[] widths = new int[8];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : line[i] + " ".repeat(widths[i] - line[i].length() + 2));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static Row postgres(StackState.Entry entry, StackState.Database database) {
        boolean alive = StackState.isAlive(entry.pid());
        String health = "unreachable";
        String version = "-";
        Properties credentials = new Properties();
        credentials.setProperty("user", database.username());
        credentials.setProperty("password", database.password());
        credentials.setProperty("connectTimeout", String.valueOf(TIMEOUT.toSeconds()));
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + database.name(), credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            health = "ready";
            version = result.next() ? result.getString(1).split(" ")[0] : "-";
        } catch (SQLException e) {
            // reported as unreachable
        }
        return new Row(entry.name(), pid(entry, alive), String.valueOf(entry.port()), alive ? "up" : "down", health,
                version, "-", "-");
    }

    private static Row kafka(StackState.Entry entry) {
        boolean alive = StackState.isAlive(entry.pid());
        String health;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", entry.port()), (int) TIMEOUT.toMillis());
            health = "ready";
        } catch (IOException e) {
            health = "unreachable";
        }
        return new Row(entry.name(), pid(entry, alive), String.valueOf(entry.port()), alive ? "up" : "down", health,
                "-", "-", "-");
    }

    private static Row service(StackState.Entry entry) {
        boolean alive = StackState.isAlive(entry.pid());
        String state = entry.state().equals("up") && !alive ? "down" : entry.state();
        String management = "http://127.0.0.1:" + entry.managementPort();
        return new Row(entry.name(), pid(entry, alive), entry.port() + "/" + entry.managementPort(), state,
                health(management), version("http://127.0.0.1:" + entry.port()), String.valueOf(entry.restarts()),
                lag(management));
    }

    private static String pid(StackState.Entry entry, boolean alive) {
        return alive ? String.valueOf(entry.pid()) : "-";
    }

    private static String health(String managementUrl) {
        try {
            int status = LocalHttp.get(managementUrl + "/q/health/ready", TIMEOUT).statusCode();
            return status == 200 ? "ready" : "not ready (" + status + ")";
        } catch (IOException e) {
            return "unreachable";
        }
    }

    /** The {@code version} of the service's {@code GET /_info}, or "-" when it has none (or is unreachable). */
    private static String version(String url) {
        try {
            HttpResponse<String> info = LocalHttp.get(url + "/_info", TIMEOUT);
            return info.statusCode() == 200 ? LocalHttp.jsonString(info.body(), "version").orElse("-") : "-";
        } catch (IOException e) {
            return "-";
        }
    }

    private static String lag(String managementUrl) {
        String metrics;
        try {
            HttpResponse<String> response = LocalHttp.get(managementUrl + "/q/metrics", TIMEOUT);
            if (response.statusCode() != 200) {
                return "-";
            }
            metrics = response.body();
        } catch (IOException e) {
            return "-";
        }
        return lagOf(metrics);
    }

    /** The lag figures found in a Prometheus text exposition, "-" when it has none of them. */
    static String lagOf(String metrics) {
        List<String> parts = new ArrayList<>();
        sum(metrics, "laas_outbox_pending").ifPresent(value -> parts.add("outbox " + count(value)));
        OptionalDouble behind = sum(metrics, "laas_projector_ledgers_behind");
        if (behind.isPresent()) {
            parts.add("%s ledgers behind, %s s".formatted(count(behind.getAsDouble()),
                    String.format(Locale.ROOT, "%.1f", sum(metrics, "laas_projector_lag_seconds_max").orElse(0))));
        }
        OptionalDouble due = sum(metrics, "laas_webhook_deliveries_due");
        if (due.isPresent()) {
            parts.add("queue %s due, %s pending".formatted(count(due.getAsDouble()),
                    count(sum(metrics, "laas_webhook_deliveries_pending").orElse(0))));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** The sum of every series of a metric (all its label sets), or empty when the metric is not there. */
    static OptionalDouble sum(String metrics, String name) {
        double total = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name) || line.length() == name.length()) {
                continue;
            }
            char next = line.charAt(name.length());
            if (next != '{' && next != ' ') {
                continue;
            }
            String value = line.substring(line.lastIndexOf(' ') + 1).trim();
            try {
                total += Double.parseDouble(value);
                found = true;
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    private static String count(double value) {
        return String.valueOf(Math.round(value));
    }

    private static String age(Instant since) {
        Duration age = Duration.between(since, Instant.now());
        return age.toHours() > 0 ? "%dh%02dm".formatted(age.toHours(), age.toMinutesPart())
                : age.toMinutes() > 0 ? "%dm%02ds".formatted(age.toMinutes(), age.toSecondsPart())
                : age.toSeconds() + "s";
    }
}
