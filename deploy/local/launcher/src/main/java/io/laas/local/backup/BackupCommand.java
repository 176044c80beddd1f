package io.laas.local.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.laas.local.LocalInfra;
import io.laas.local.PostgresServer;

/**
 * Backs up and restores the local stack's database (or any LaaS database it can reach as a superuser):
 *
 * <pre>
 *   backup [dir] [--keep N] [--every 1h]    one archive + manifest in dir (default deploy/local/.data/backups)
 *   restore FILE                             replaces the database with FILE's content (the stack stopped)
 *   options: --host --port --user --password --database --pg-bin DIR --code-root DIR
 * </pre>
 *
 * Connection defaults are the local stack's: 127.0.0.1, LAAS_POSTGRES_PORT or 55432, the superuser, database laas.
 */
public final class BackupCommand {

    private static final Set<String> OPTIONS = Set.of("--host", "--port", "--user", "--password", "--database",
            "--pg-bin", "--code-root", "--keep", "--every");
    private static final String USAGE = """
            usage: backup [dir] [--keep N] [--every DURATION]
                   restore FILE
            options: --host HOST --port PORT --user USER --password PASSWORD --database NAME
                     --pg-bin DIR (pg_dump/pg_restore; default: the PATH) --code-root DIR (the repository; default: .)
            DURATION: e.g. 30m, 1h, 1d""";

    private BackupCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process's exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path codeRoot = Path.of(arguments.option("--code-root",
                System.getProperty("laas.repo.root", "."))).toAbsolutePath().normalize();
        try {
            ConnectionSettings connection = new ConnectionSettings(arguments.option("--host", "127.0.0.1"),
                    arguments.intOption("--port", Integer.parseInt(System.getenv().getOrDefault("LAAS_POSTGRES_PORT",
                            String.valueOf(LocalInfra.DEFAULT_POSTGRES_PORT)))),
                    arguments.option("--user", PostgresServer.SUPERUSER),
                    arguments.option("--password", PostgresServer.SUPERUSER_PASSWORD),
                    arguments.option("--database", LocalInfra.DATABASE));
            String pgBin = arguments.option("--pg-bin", null);
            DatabaseBackup backups = new DatabaseBackup(connection, pgBin == null ? null : Path.of(pgBin), out);
            switch (arguments.command()) {
                case "backup" -> {
                    Path dir = Path.of(arguments.positional(codeRoot.resolve("deploy/local/.data/backups").toString()));
                    int keep = arguments.intOption("--keep", 0);
                    String every = arguments.option("--every", null);
                    if (every == null) {
                        backupOnce(backups, dir, keep, build(codeRoot));
                    } else {
                        schedule(backups, dir, keep, parseDuration(every), codeRoot, out, err);
                    }
                }
                case "restore" -> {
                    String file = arguments.positional(null);
                    if (file == null) {
                        throw new IllegalArgumentException("restore needs the archive to restore (a .dump file)");
                    }
                    backups.restore(Path.of(file), SchemaVersions.ofCode(codeRoot));
                    out.println("Restore done. Start the stack again (deploy/local/up, without --fresh).");
                }
                default -> throw new IllegalArgumentException("unknown command: " + arguments.command());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (BackupException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static void backupOnce(DatabaseBackup backups, Path dir, int keep, String build) throws BackupException {
        backups.backup(dir, build);
        if (keep > 0) {
            backups.applyRetention(dir, keep);
        }
    }

    /** Backs up now and then every {@code every}, in the foreground until stopped; a failed run is reported and retried. */
    private static void schedule(DatabaseBackup backups, Path dir, int keep, Duration every, Path codeRoot,
            PrintStream out, PrintStream err) {
        out.println("Backing up every " + every + " into " + dir + (keep > 0 ? ", keeping the newest " + keep : "")
                + "; Ctrl-C stops");
        while (true) {
            Instant next = Instant.now().plus(every);
            try {
                backupOnce(backups, dir, keep, build(codeRoot));
            } catch (BackupException e) {
                err.println(Instant.now() + " backup failed (next try at " + next + "): " + e.getMessage());
            }
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase();
        try {
            if (value.startsWith("p")) {
                return positive(Duration.parse(value.toUpperCase()), text);
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return positive(switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("bad duration");
            }, text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--every " + text + " is not a duration (e.g. 30m, 1h, 1d)");
        }
    }

    private static Duration positive(Duration duration, String text) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--every " + text + " must be more than zero");
        }
        return duration;
    }

    /** The commit the code was built from, as git describes it, or null outside a git work tree. */
    private static String build(Path codeRoot) {
        try {
            Process git = new ProcessBuilder("git", "-C", codeRoot.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 && !output.isEmpty() ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private record Arguments(String command, List<String> positionals, Map<String, String> options) {

        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("no command given");
            }
            List<String> positionals = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("--")) {
                    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                    if (!OPTIONS.contains(name)) {
                        throw new IllegalArgumentException("unknown option: " + name);
                    }
                    if (arg.contains("=")) {
                        options.put(name, arg.substring(arg.indexOf('=') + 1));
                    } else if (i + 1 < args.length) {
                        options.put(name, args[++i]);
                    } else {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                } else {
                    positionals.add(arg);
                }
            }
            if (positionals.size() > 1) {
                throw new IllegalArgumentException("one " + ("restore".equals(args[0]) ? "file" : "folder")
                        + " at most, got " + positionals);
            }
            return new Arguments(args[0], positionals, options);
        }

        String positional(String defaultValue) {
            return positionals.isEmpty() ? defaultValue : positionals.get(0);
        }

        String option(String name, String defaultValue) {
            return options.getOrDefault(name, defaultValue);
        }

        int intOption(String name, int defaultValue) {
            String value = options.get(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < 0 || ("--keep".equals(name) && parsed == 0)) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " " + value + " is not a "
                        + ("--keep".equals(name) ? "number of backups (1 or more)" : "port number"));
            }
        }
    }
}
