package io.laas.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    private final CommandLine commandLine = new CommandLine(LaasCli.COMMANDS);

    private Invocation run(String... args) throws UsageException {
        return assertInstanceOf(CommandLine.Run.class, commandLine.parse(args)).invocation();
    }

    private String help(String... args) throws UsageException {
        return assertInstanceOf(CommandLine.Help.class, commandLine.parse(args)).text();
    }

    @Test
    void noArgumentsOrHelpGiveTheOverviewOfEveryCommand() throws UsageException {
        for (String[] args : List.of(new String[0], new String[] { "--help" }, new String[] { "-h" },
                new String[] { "help" })) {
            String overview = help(args);
            for (Subcommand command : LaasCli.COMMANDS) {
                assertTrue(overview.contains("  " + command.name() + " "), command.name() + " missing from:\n" + overview);
            }
        }
    }

    @Test
    void eachCommandHasItsOwnHelp() throws UsageException {
        for (Subcommand command : LaasCli.COMMANDS) {
            String[] words = command.name().split(" ");
            String[] withHelp = java.util.Arrays.copyOf(words, words.length + 1);
            withHelp[words.length] = "--help";
            String help = help(withHelp);
            assertTrue(help.startsWith("Usage: deploy/local/laas " + command.synopsis()), help);
            assertTrue(help.contains(command.summary()), help);
            command.options().forEach(option -> assertTrue(help.contains("--" + option.longName()), help));
            String[] viaHelp = new String[words.length + 1];
            viaHelp[0] = "help";
            System.arraycopy(words, 0, viaHelp, 1, words.length);
            assertEquals(help, help(viaHelp));
        }
    }

    @Test
    void flagsShortAndLongAndValuesInBothForms() throws UsageException {
        Invocation logs = run("logs", "gateway", "-f", "-n", "20");
        assertEquals("logs", logs.command().name());
        assertEquals(List.of("gateway"), logs.arguments());
        assertTrue(logs.flag("follow"));
        assertEquals(Optional.of("20"), logs.value("lines"));

        Invocation longForm = run("logs", "--lines=5", "--follow");
        assertEquals(List.of(), longForm.arguments());
        assertEquals(Optional.of("5"), longForm.value("lines"));

        Invocation up = run("up", "--fresh", "-d");
        assertTrue(up.flag("fresh"));
        assertTrue(up.flag("detach"));
        assertFalse(up.flag("build"));
    }

    @Test
    void twoWordCommandsAndRepeatableOptions() throws UsageException {
        Invocation key = run("key", "create", "--ledger", "a", "--ledger=b", "--scope", "ledger:read",
                "--description", "ci key");
        assertEquals("key create", key.command().name());
        assertEquals(List.of("a", "b"), key.values("ledger"));
        assertEquals(List.of("ledger:read"), key.values("scope"));
        assertEquals(Optional.of("ci key"), key.value("description"));
    }

    @Test
    void psqlTakesItsArgumentsAsTheyAre() throws UsageException {
        Invocation psql = run("psql", "-c", "select 1", "--no-psqlrc");
        assertEquals(List.of("-c", "select 1", "--no-psqlrc"), psql.arguments());
        assertTrue(help("psql", "--help").contains("psql"));
    }

    @Test
    void argumentsCountedAgainstTheCommand() throws UsageException {
        assertEquals(List.of("demo-client", "s3cret"), run("token", "demo-client", "s3cret").arguments());
        assertEquals("unexpected argument x: laas token [client] [secret] [--scope S]",
                assertThrows(UsageException.class, () -> commandLine.parse("token", "a", "b", "x")).getMessage());
        assertEquals("laas restart needs more arguments: laas restart <service>",
                assertThrows(UsageException.class, () -> commandLine.parse("restart")).getMessage());
        assertEquals(List.of("-notAnOption"), run("kill", "--", "-notAnOption").arguments());
    }

    @Test
    void preciseErrorsForWhatCannotRun() {
        assertEquals("unknown command frobnicate (laas --help lists the commands)",
                assertThrows(UsageException.class, () -> commandLine.parse("frobnicate")).getMessage());
        assertEquals("laas key needs a subcommand: key create",
                assertThrows(UsageException.class, () -> commandLine.parse("key")).getMessage());
        assertEquals("laas key needs a subcommand: key create",
                assertThrows(UsageException.class, () -> commandLine.parse("key", "delete")).getMessage());
        assertEquals("unknown option --bogus for laas up (laas up --help lists them)",
                assertThrows(UsageException.class, () -> commandLine.parse("up", "--bogus")).getMessage());
        assertEquals("-n needs a value (N)",
                assertThrows(UsageException.class, () -> commandLine.parse("logs", "-n")).getMessage());
        assertEquals("--fresh takes no value",
                assertThrows(UsageException.class, () -> commandLine.parse("up", "--fresh=yes")).getMessage());
        assertEquals("--fresh is given twice",
                assertThrows(UsageException.class, () -> commandLine.parse("up", "--fresh", "--fresh")).getMessage());
        assertEquals("unknown command nope (laas --help lists the commands)",
                assertThrows(UsageException.class, () -> commandLine.parse("help", "nope")).getMessage());
    }
}
