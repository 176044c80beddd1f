package io.laas.local.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One of PostgreSQL's client programs (pg_dump, pg_restore), found in a given folder or on the PATH. */
final class PgTool {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

    private final Path executable;
    private final String version;
    private final int majorVersion;

    private PgTool(Path executable, String version, int majorVersion) {
        this.executable = executable;
        this.version = version;
        this.majorVersion = majorVersion;
    }

    /** @param binDir the folder to take it from, or null for the PATH */
    static PgTool find(String name, Path binDir, int serverMajorVersion) throws BackupException {
        Path executable = binDir != null ? binDir.resolve(name) : onPath(name);
        if (executable == null || !Files.isExecutable(executable)) {
            throw new BackupException(name + " was not found " + (binDir != null ? "in " + binDir : "on the PATH")
                    + ": install PostgreSQL's client programs of the server's major version " + serverMajorVersion
                    + " (Debian: apt-get install postgresql-client-" + serverMajorVersion + ") or pass --pg-bin <folder>");
        }
        Result result = execute(List.of(executable.toString(), "--version"), null);
        Matcher matcher = VERSION.matcher(result.output());
        if (result.exitCode() != 0 || !matcher.find()) {
            throw new BackupException(executable + " --version did not say its version: " + result.output().strip());
        }
        String version = result.output().strip();
        int major = Integer.parseInt(matcher.group(1));
        if (major != serverMajorVersion) {
            throw new BackupException(executable + " is " + version + " but the server is PostgreSQL " + serverMajorVersion
                    + ": use the client programs of the server's major version (Debian: apt-get install postgresql-client-"
                    + serverMajorVersion + ", then --pg-bin /usr/lib/postgresql/" + serverMajorVersion + "/bin)");
        }
        return new PgTool(executable, version, major);
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    String version() {
        return version;
    }

    int majorVersion() {
        return majorVersion;
    }

    /** Runs the program with the arguments; a non-zero exit is an error carrying what the program printed. */
    void run(List<String> arguments, ConnectionSettings connection) throws BackupException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        Result result = execute(command, connection.password());
        if (result.exitCode() != 0) {
            throw new BackupException(executable.getFileName() + " failed (exit " + result.exitCode() + "): "
                    + result.output().strip());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(List<String> command, String password) throws BackupException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            process.getInputStream().transferTo(output);
            return new Result(process.waitFor(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackupException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("Interrupted while running " + command.get(0), e);
        }
    }
}
