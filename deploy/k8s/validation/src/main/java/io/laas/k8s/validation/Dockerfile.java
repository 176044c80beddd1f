package io.laas.k8s.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The instructions of a Dockerfile (continuation lines joined, comments left out), enough to check it against a build. */
public record Dockerfile(List<Instruction> instructions) {

    /** One instruction: its keyword in upper case and its arguments. */
    public record Instruction(String keyword, List<String> arguments) {
    }

    public static Dockerfile read(Path file) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String stripped = line.strip();
                if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                    continue;
                }
                if (stripped.endsWith("\\")) {
                    current.append(stripped, 0, stripped.length() - 1).append(' ');
                    continue;
                }
                current.append(stripped);
                String[] words = current.toString().strip().split("\\s+");
                instructions.add(new Instruction(words[0].toUpperCase(), Arrays.asList(words).subList(1, words.length)));
                current.setLength(0);
            }
            return new Dockerfile(List.copyOf(instructions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Instruction> all(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    /** The base image of the (last) stage. */
    public String baseImage() {
        List<Instruction> from = all("FROM");
        return from.get(from.size() - 1).arguments().get(0);
    }

    /** The user the image runs as: the last USER instruction, root when there is none. */
    public String user() {
        List<Instruction> users = all("USER");
        return users.isEmpty() ? "root" : users.get(users.size() - 1).arguments().get(0);
    }

    public List<Integer> exposedPorts() {
        return all("EXPOSE").stream().flatMap(expose -> expose.arguments().stream())
                .map(port -> Integer.parseInt(port.replace("/tcp", ""))).toList();
    }

    /** The build-context sources of every COPY that does not copy from another stage. */
    public List<String> copySources() {
        List<String> sources = new ArrayList<>();
        for (Instruction copy : all("COPY")) {
            if (copy.arguments().stream().anyMatch(argument -> argument.startsWith("--from="))) {
                continue;
            }
            List<String> paths = copy.arguments().stream().filter(argument -> !argument.startsWith("--")).toList();
            sources.addAll(paths.subList(0, paths.size() - 1));
        }
        return sources;
    }
}
