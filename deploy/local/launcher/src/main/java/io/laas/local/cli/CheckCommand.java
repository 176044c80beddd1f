package io.laas.local.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.laas.local.LocalInfra;
import io.laas.local.PostgresServer;
import io.laas.local.check.ConsistencyCheck;
import io.laas.local.check.ConsistencyCheck.LedgerReport;

/** {@code laas check}: {@link ConsistencyCheck} on the local database, one line a ledger and what needs an operator. */
final class CheckCommand {

    static final Subcommand COMMAND = new Subcommand("check", "check [--ledger ID]...",
            "Checks every ledger's consistency across the services' schemas (balances, projection, failed events).",
            """
            Reads the whole database in one snapshot as the superuser, from the running stack or, when it is stopped,
            from its data directory (PostgreSQL started alone). Per ledger: the write model's last sequence and the
            projection's; whether the write model is balanced (per currency, debits = credits and held debits = held
            credits); when the projection is caught up, whether every account's totals in it are the write model's;
            the projector's failed and parked events; the webhook deliveries by status. Exit code 1 when a ledger is
            unbalanced, its projection differs or it has failed events (the lines after the table say which), 0
            otherwise; a projection that is only behind is no failure. The hash chain: GET /v1/ledgers/{id}/verify.
            """,
            List.of(Subcommand.Option.repeatable("ledger", "ID", "check only this ledger (repeat for more)")),
            0, 0, false, CheckCommand::run);

    private CheckCommand() {
    }

    static int run(Invocation invocation, CliContext context) throws Exception {
        List<UUID> ledgers = new ArrayList<>();
        for (String ledger : invocation.values("ledger")) {
            try {
                ledgers.add(UUID.fromString(ledger));
            } catch (IllegalArgumentException e) {
                context.err().println("laas check: --ledger takes a ledger id (a UUID), not " + ledger);
                return LaasCli.USAGE;
            }
        }
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isPresent()) {
            return check(running.get().database().port(), running.get().database().name(), ledgers, context);
        }
        return BackupCommands.withPostgresAlone(context, port -> check(port, LocalInfra.DATABASE, ledgers, context));
    }

    private static int check(int port, String database, List<UUID> ledgers, CliContext context) throws Exception {
        List<LedgerReport> reports;
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD)) {
            reports = ConsistencyCheck.run(connection, ledgers);
        }
        if (!ledgers.isEmpty() && reports.size() < ledgers.size()) {
            List<UUID> found = reports.stream().map(LedgerReport::ledgerId).toList();
            context.err().println("no such ledger: " + ledgers.stream().filter(id -> !found.contains(id))
                    .map(UUID::toString).collect(Collectors.joining(", ")));
            return 1;
        }
        print(reports, context.out());
        return reports.stream().allMatch(LedgerReport::consistent) ? 0 : 1;
    }

    static void print(List<LedgerReport> reports, PrintStream out) {
        String format = "%-36s  %9s  %9s  %-10s  %-10s  %6s  %6s  %s%n";
        out.printf(format, "LEDGER", "SEQUENCE", "PROJECTED", "BALANCED", "PROJECTION", "FAILED", "PARKED", "DELIVERIES");
        for (LedgerReport report : reports) {
            out.printf(format, report.ledgerId(), report.sequence(), report.projectedSequence(),
                    report.unbalanced().isEmpty() ? "yes" : "NO", projection(report), report.failedEvents(),
                    report.parkedEvents(), deliveries(report.deliveriesByStatus()));
        }
        List<String> problems = new ArrayList<>();
        for (LedgerReport report : reports) {
            report.unbalanced().forEach(line -> problems.add(report.ledgerId() + " write model unbalanced in " + line));
            report.projectionMismatches().forEach(line -> problems.add(report.ledgerId() + " projection differs, " + line));
            if (report.failedEvents() > 0) {
                problems.add(report.ledgerId() + " " + report.failedEvents() + " failed event(s) wait for an operator: "
                        + "GET /v1/ops/projector/failed-events?ledger_id=" + report.ledgerId() + "&status=failed");
            }
        }
        if (reports.isEmpty()) {
            out.println("no ledgers");
        } else if (problems.isEmpty()) {
            out.println(reports.size() + " ledger(s) consistent");
        } else {
            problems.forEach(out::println);
        }
    }

    private static String projection(LedgerReport report) {
        if (!report.balancesCompared()) {
            return "behind " + (report.sequence() - report.projectedSequence());
        }
        return report.projectionMismatches().isEmpty() ? "matches" : "DIFFERS";
    }

    private static String deliveries(Map<String, Long> byStatus) {
        return byStatus.isEmpty() ? "-" : byStatus.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
