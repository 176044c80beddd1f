package io.laas.local.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code deploy/local/laas}: one command to run and operate the local stack. This class dispatches to the
 * subcommands; each one's help is in its {@link Subcommand}.
 */
public final class LaasCli {

    /** Every subcommand, in the order {@code laas --help} lists them. */
    static final List<Subcommand> COMMANDS = List.of(
            UpCommand.COMMAND,
            ControlCommands.DOWN,
            StatusCommand.COMMAND,
            LogsCommand.COMMAND,
            ControlCommands.RESTART,
            ControlCommands.KILL,
            ApiCommands.TOKEN,
            ApiCommands.KEY_CREATE,
            BackupCommands.BACKUP,
            BackupCommands.RESTORE,
            CheckCommand.COMMAND,
            PsqlCommand.COMMAND);

    static final int USAGE = 2;

    private LaasCli() {
    }

    public static void main(String[] args) {
        Path repoRoot = Path.of(System.getProperty("laas.repo.root", ".")).toAbsolutePath().normalize();
        CliContext context = new CliContext(repoRoot, CliContext.dataDir(repoRoot, System.getenv()), System.getenv(),
                System.out, System.err);
        System.exit(run(context, args));
    }

    static int run(CliContext context, String... args) {
        CommandLine.Parsed parsed;
        try {
            parsed = new CommandLine(COMMANDS).parse(args);
        } catch (UsageException e) {
            context.err().println("laas: " + e.getMessage());
            return USAGE;
        }
        if (parsed instanceof CommandLine.Help help) {
            context.out().print(help.text());
            return 0;
        }
        Invocation invocation = ((CommandLine.Run) parsed).invocation();
        try {
            return invocation.command().action().run(invocation, context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            context.err().println("laas " + invocation.command().name() + " failed: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
