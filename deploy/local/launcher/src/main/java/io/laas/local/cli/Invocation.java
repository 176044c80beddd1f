package io.laas.local.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A subcommand as it was called: its options (by long name) and its arguments. */
record Invocation(Subcommand command, Map<String, List<String>> options, List<String> arguments) {

    Invocation {
        options = Map.copyOf(options);
        arguments = List.copyOf(arguments);
    }

    boolean flag(String longName) {
        return options.containsKey(longName);
    }

    Optional<String> value(String longName) {
        List<String> values = options.get(longName);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    List<String> values(String longName) {
        return options.getOrDefault(longName, List.of());
    }

    Optional<String> argument(int index) {
        return index < arguments.size() ? Optional.of(arguments.get(index)) : Optional.empty();
    }
}
