package io.laas.local.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code laas} command line against the known subcommands: which one it names, its options and arguments,
 * or a request for help. Pure: nothing is run here.
 */
final class CommandLine {

    /** What the command line asks for: help (the text to print) or a subcommand to run. */
    sealed interface Parsed permits Help, Run {
    }

    record Help(String text) implements Parsed {
    }

    record Run(Invocation invocation) implements Parsed {
    }

    private final List<Subcommand> commands;

    CommandLine(List<Subcommand> commands) {
        this.commands = List.copyOf(commands);
    }

    Parsed parse(String... args) throws UsageException {
        if (args.length == 0 || isHelp(args[0]) || args[0].equals("help") && args.length == 1) {
            return new Help(overview());
        }
        if (args[0].equals("help")) {
            Subcommand command = find(Arrays.copyOfRange(args, 1, args.length))
                    .orElseThrow(() -> unknown(String.join(" ", Arrays.copyOfRange(args, 1, args.length))));
            return new Help(help(command));
        }
        Subcommand command = find(args).orElseThrow(() -> unknown(args[0]));
        int words = command.name().split(" ").length;
        List<String> rest = List.of(args).subList(words, args.length);
        if (!rest.isEmpty() && isHelp(rest.get(0))) {
            return new Help(help(command));
        }
        if (command.passThrough()) {
            return new Run(new Invocation(command, Map.of(), rest));
        }
        return new Run(parseOptions(command, rest));
    }

    private Invocation parseOptions(Subcommand command, List<String> args) throws UsageException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> arguments = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                arguments.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (isHelp(arg)) {
                throw new UsageException("--help goes right after the command: laas " + command.name() + " --help");
            }
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            Subcommand.Option option = option(command, name);
            List<String> values = options.computeIfAbsent(option.longName(), key -> new ArrayList<>());
            if (!values.isEmpty() && !option.repeatable()) {
                throw new UsageException(name + " is given twice");
            }
            if (!option.takesValue()) {
                if (inlineValue != null) {
                    throw new UsageException(name + " takes no value");
                }
                values.add("true");
            } else if (inlineValue != null) {
                values.add(inlineValue);
            } else if (i + 1 < args.size()) {
                values.add(args.get(++i));
            } else {
                throw new UsageException(name + " needs a value (" + option.valueName() + ")");
            }
        }
        if (arguments.size() < command.minArguments()) {
            throw new UsageException("laas " + command.name() + " needs more arguments: laas " + command.synopsis());
        }
        if (arguments.size() > command.maxArguments()) {
            throw new UsageException("unexpected argument " + arguments.get(command.maxArguments()) + ": laas "
                    + command.synopsis());
        }
        return new Invocation(command, options, arguments);
    }

    private static Subcommand.Option option(Subcommand command, String name) throws UsageException {
        for (Subcommand.Option option : command.options()) {
            if (name.equals("--" + option.longName()) || option.shortName() != null && name.equals("-" + option.shortName())) {
                return option;
            }
        }
        throw new UsageException("unknown option " + name + " for laas " + command.name() + " (laas " + command.name()
                + " --help lists them)");
    }

    /** The subcommand whose words begin the command line, the one of most words first ({@code key create}). */
    private Optional<Subcommand> find(String[] args) {
        Subcommand best = null;
        for (Subcommand command : commands) {
            String[] words = command.name().split(" ");
            if (words.length <= args.length && Arrays.equals(words, Arrays.copyOf(args, words.length))
                    && (best == null || words.length > best.name().split(" ").length)) {
                best = command;
            }
        }
        return Optional.ofNullable(best);
    }

    private UsageException unknown(String name) {
        List<String> names = commands.stream().map(Subcommand::name).toList();
        String family = names.stream().filter(n -> n.startsWith(name + " ")).findFirst().orElse(null);
        if (family != null) {
            return new UsageException("laas " + name + " needs a subcommand: " + String.join(", ",
                    names.stream().filter(n -> n.startsWith(name + " ")).toList()));
        }
        return new UsageException("unknown command " + name + " (laas --help lists the commands)");
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    String overview() {
        StringBuilder text = new StringBuilder("""
                Usage: deploy/local/laas <command> [options]

                Runs and operates LaaS on this machine: PostgreSQL, Kafka and the five services, each a process.

                Commands:
                """);
        int width = commands.stream().mapToInt(command -> command.name().length()).max().orElse(0);
        for (Subcommand command : commands) {
            text.append("  ").append(pad(command.name(), width)).append("  ").append(command.summary()).append('\n');
        }
        text.append("""

                deploy/local/laas <command> --help (or deploy/local/laas help <command>) tells more of each.
                Exit codes: 0 done, 1 failed (or, for status, something is down), 2 wrong usage.
                """);
        return text.toString();
    }

    static String help(Subcommand command) {
        StringBuilder text = new StringBuilder("Usage: deploy/local/laas ").append(command.synopsis()).append("\n\n")
                .append(command.summary()).append('\n');
        if (!command.help().isBlank()) {
            text.append('\n').append(command.help().strip()).append('\n');
        }
        if (!command.options().isEmpty()) {
            text.append("\nOptions:\n");
            int width = command.options().stream().mapToInt(option -> option.usage().length()).max().orElse(0);
            for (Subcommand.Option option : command.options()) {
                text.append("  ").append(pad(option.usage(), width)).append("  ").append(option.help()).append('\n');
            }
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
