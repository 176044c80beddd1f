package io.laas.bench.stack;

/**
 * A process of the stack whose CPU and memory are reported.
 *
 * @param name as reported: {@code gateway}, {@code iam}, {@code command}, {@code projector}, {@code webhook},
 *        {@code postgres}, {@code kafka}
 * @param withChildren count its child processes too (PostgreSQL's postmaster and its backends)
 */
public record ProcessGroup(String name, long pid, boolean withChildren) {
}
