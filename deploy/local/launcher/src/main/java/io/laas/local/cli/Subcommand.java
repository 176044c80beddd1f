package io.laas.local.cli;

import java.util.List;

/**
 * One subcommand of {@code laas}: the words that name it ({@code key create} has two), its synopsis and help, the
 * options it takes and how many arguments, and what it does.
 *
 * @param passThrough every argument after the name goes to the command as it is (psql's own options); only a
 *        leading {@code --help} is read as ours
 */
record Subcommand(String name, String synopsis, String summary, String help, List<Option> options, int minArguments,
        int maxArguments, boolean passThrough, Action action) {

    static final int UNLIMITED = Integer.MAX_VALUE;

    Subcommand {
        options = List.copyOf(options);
    }

    /** What a subcommand does; the answer is the process's exit code. */
    @FunctionalInterface
    interface Action {
        int run(Invocation invocation, CliContext context) throws Exception;
    }

    /**
     * An option: {@code --long}, optionally {@code -s}; a flag when {@code valueName} is null, else it takes a value
     * ({@code --long value} or {@code --long=value}); a repeatable one may be given more than once.
     */
    record Option(String longName, Character shortName, String valueName, boolean repeatable, String help) {

        static Option flag(String longName, Character shortName, String help) {
            return new Option(longName, shortName, null, false, help);
        }

        static Option value(String longName, Character shortName, String valueName, String help) {
            return new Option(longName, shortName, valueName, false, help);
        }

        static Option repeatable(String longName, String valueName, String help) {
            return new Option(longName, null, valueName, true, help);
        }

        boolean takesValue() {
            return valueName != null;
        }

        String usage() {
            String names = (shortName == null ? "" : "-" + shortName + ", ") + "--" + longName;
            return takesValue() ? names + " " + valueName : names;
        }
    }
}
