package io.laas.local.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code laas psql [args]}: psql on the local database as the application role. */
final class PsqlCommand {

    static final Subcommand COMMAND = new Subcommand("psql", "psql [psql arguments]",
            "Runs psql on the local database (laas) as the application role, passing the arguments on.",
            """
            Uses the psql on PATH (Debian: apt-get install postgresql-client). The application role is subject to
            row-level security as the services are: a tenant's rows are visible only with its ledger set. Examples:
              deploy/local/laas psql -c 'select 1'
              deploy/local/laas psql -- --help      (psql's own help)
            """, List.of(), 0, Subcommand.UNLIMITED, true, PsqlCommand::run);

    private PsqlCommand() {
    }

    static int run(Invocation invocation, CliContext context) throws Exception {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isEmpty()) {
            context.err().println(StackState.NOT_RUNNING);
            return 1;
        }
        Optional<String> psql = findOnPath(context.env("PATH", "/usr/bin:/bin"), "psql");
        if (psql.isEmpty()) {
            context.err().println("psql is not installed: on Debian or Ubuntu, sudo apt-get install postgresql-client");
            return 1;
        }
        StackState.Database database = running.get().database();
        List<String> command = new ArrayList<>(List.of(psql.get(), "-h", "127.0.0.1", "-p",
                String.valueOf(database.port()), "-U", database.username(), "-d", database.name()));
        List<String> arguments = invocation.arguments();
        if (!arguments.isEmpty() && arguments.get(0).equals("--")) {
            arguments = arguments.subList(1, arguments.size());
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("PGPASSWORD", database.password());
        return builder.start().waitFor();
    }

    static Optional<String> findOnPath(String path, String program) {
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir.isEmpty() ? "." : dir, program);
            if (candidate.isFile() && candidate.canExecute()) {
                return Optional.of(candidate.getAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
