package io.laas.local.cli;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.laas.local.LocalInfra;
import io.laas.local.PostgresServer;
import io.laas.local.backup.BackupCommand;

/**
 * {@code laas backup} and {@code laas restore}: {@link BackupCommand} on the local stack's database. A backup is taken
 * from the running stack's PostgreSQL, or from its data directory started on its own when the stack is stopped; a
 * restore needs the stack stopped (nothing may be connected) and starts PostgreSQL on its own for it.
 */
final class BackupCommands {

    static final Subcommand BACKUP = new Subcommand("backup", "backup [dir] [--keep N] [--every DURATION]",
            "Backs up the whole database: one compressed pg_dump archive and its manifest.",
            """
            Writes laas-backup-<UTC time>.dump and .manifest.json (time, versions, schema versions, each ledger's
            last sequence and chain head) into dir (default: backups in the data directory, deploy/local/.data). Needs Debian's
            postgresql-client-15 (pg_dump of the server's major version). The stack may keep serving meanwhile.
              --keep N          keep only the newest N archives in dir
              --every DURATION  back up again every DURATION (30m, 1h, 1d) in the foreground until stopped
            """, List.of(), 0, Subcommand.UNLIMITED, true, BackupCommands::backup);

    static final Subcommand RESTORE = new Subcommand("restore", "restore <file>",
            "Replaces the whole database with a backup's content (the stack stopped).",
            """
            Checks the archive against its manifest and the code's migrations, restores it into a new database
            in one transaction and swaps it in; a refused or failed restore changes nothing. Stop the stack first
            (deploy/local/laas down); start it again afterwards without --fresh.
            """, List.of(), 1, Subcommand.UNLIMITED, true, BackupCommands::restore);

    private BackupCommands() {
    }

    static int backup(Invocation invocation, CliContext context) throws Exception {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isPresent()) {
            return runBackupCommand("backup", running.get().database().port(), invocation, context);
        }
        return withPostgresAlone(context, port -> runBackupCommand("backup", port, invocation, context));
    }

    static int restore(Invocation invocation, CliContext context) throws Exception {
        if (StackState.readLive(context.dataDir()).isPresent()) {
            context.err().println("LaaS is running: stop it first (deploy/local/laas down), then restore");
            return 1;
        }
        return withPostgresAlone(context, port -> runBackupCommand("restore", port, invocation, context));
    }

    private static int runBackupCommand(String command, int port, Invocation invocation, CliContext context) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(invocation.arguments());
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--port"))) {
            arguments.addAll(List.of("--port", String.valueOf(port)));
        }
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--code-root"))) {
            arguments.addAll(List.of("--code-root", context.repoRoot().toString()));
        }
        if (command.equals("backup") && !hasPositional(invocation.arguments())) {
            arguments.add(1, context.dataDir().resolve("backups").toString());
        }
        return BackupCommand.run(arguments.toArray(String[]::new), context.out(), context.err());
    }

    /** Whether a directory was given: every option of {@link BackupCommand} takes a value. */
    static boolean hasPositional(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("--")) {
                return true;
            }
            if (!argument.contains("=")) {
                i++;
            }
        }
        return false;
    }

    static int withPostgresAlone(CliContext context, PortAction action) throws Exception {
        if (!Files.isDirectory(context.dataDir().resolve("postgres-data"))) {
            context.err().println("There is no local database in " + context.dataDir()
                    + " yet: start LaaS once (deploy/local/laas up)");
            return 1;
        }
        int port = Integer.parseInt(context.env("LAAS_POSTGRES_PORT", String.valueOf(LocalInfra.DEFAULT_POSTGRES_PORT)));
        context.out().println("Starting PostgreSQL on port " + port + " (the services stay stopped) ...");
        try (PostgresServer postgres = PostgresServer.start(port, context.dataDir(), false, LocalInfra.DATABASE,
                LocalInfra.USERNAME, LocalInfra.PASSWORD)) {
            return action.run(port);
        }
    }

    @FunctionalInterface
    interface PortAction {
        int run(int port) throws Exception;
    }
}
