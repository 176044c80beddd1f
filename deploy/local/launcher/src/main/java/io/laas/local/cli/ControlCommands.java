package io.laas.local.cli;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code laas down}, {@code laas restart <service>}, {@code laas kill <service>}: requests to the supervisor. */
final class ControlCommands {

    static final Subcommand DOWN = new Subcommand("down", "down",
            "Stops LaaS: the services gracefully, then Kafka and PostgreSQL; waits until all are gone.",
            "The data stays (deploy/local/laas up starts from it again; up --fresh from empty data).",
            List.of(), 0, 0, false, ControlCommands::down);

    static final Subcommand RESTART = new Subcommand("restart", "restart <service>",
            "Stops one service gracefully (SIGTERM) and starts it again; waits until it is ready.",
            """
            The other processes keep serving. Services: iam-service, ledger-command-service, projector-service,
            webhook-service, gateway (and replicas, by the name laas status shows). Not counted in RESTARTS, which
            counts the supervisor's restarts after failures.
            """, List.of(), 1, 1, false, ControlCommands::restart);

    static final Subcommand KILL = new Subcommand("kill", "kill <service>",
            "Kills one service (SIGKILL, as in a crash); the supervisor restarts it with backoff.",
            """
            The other processes keep serving. The restart is logged by laas up and counted in laas status
            (RESTARTS). Services as for laas restart.
            """, List.of(), 1, 1, false, ControlCommands::kill);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(240);

    private ControlCommands() {
    }

    private static int down(Invocation invocation, CliContext context) throws IOException, InterruptedException {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isEmpty()) {
            context.err().println(StackState.NOT_RUNNING);
            return 1;
        }
        StackState state = running.get();
        HttpResponse<String> answer = LocalHttp.control(state, "/down", Duration.ofSeconds(10));
        if (answer.statusCode() != 202) {
            context.err().println("The supervisor refused to stop: " + answer.statusCode() + " " + answer.body().strip());
            return 1;
        }
        context.out().println("Stopping LaaS (supervisor pid " + state.supervisorPid() + ") ...");
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        while (StackState.isAlive(state.supervisorPid())) {
            if (Instant.now().isAfter(deadline)) {
                context.err().println("LaaS did not stop within " + STOP_TIMEOUT.toSeconds() + " s; its output (laas up)"
                        + " tells why");
                return 1;
            }
            Thread.sleep(200);
        }
        // pg_ctl returns once PostgreSQL accepted the stop; the postmaster may still be finishing its checkpoint
        Instant exitDeadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> survivors = survivors(state);
        while (!survivors.isEmpty() && Instant.now().isBefore(exitDeadline)) {
            Thread.sleep(200);
            survivors = survivors(state);
        }
        if (!survivors.isEmpty()) {
            context.err().println("Stopped, but these processes are still running: " + String.join(", ", survivors));
            return 1;
        }
        context.out().println("Stopped.");
        return 0;
    }

    private static List<String> survivors(StackState state) {
        return state.processes().stream().filter(entry -> StackState.isAlive(entry.pid()))
                .map(entry -> entry.name() + " (pid " + entry.pid() + ")").toList();
    }

    private static int restart(Invocation invocation, CliContext context) throws IOException {
        return serviceAction(invocation, context, "restart", RESTART_TIMEOUT);
    }

    private static int kill(Invocation invocation, CliContext context) throws IOException {
        return serviceAction(invocation, context, "kill", Duration.ofSeconds(30));
    }

    private static int serviceAction(Invocation invocation, CliContext context, String action, Duration timeout)
            throws IOException {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isEmpty()) {
            context.err().println(StackState.NOT_RUNNING);
            return 1;
        }
        String service = invocation.arguments().get(0);
        List<String> services = running.get().services().stream().map(StackState.Entry::name).toList();
        if (!services.contains(service)) {
            context.err().println("unknown service " + service + " (services: " + String.join(", ", services) + ")");
            return 2;
        }
        if (action.equals("restart")) {
            context.out().println("Restarting " + service + " ...");
        }
        HttpResponse<String> answer = LocalHttp.control(running.get(), "/services/" + service + "/" + action, timeout);
        if (answer.statusCode() != 200) {
            context.err().println(action + " " + service + " failed: " + answer.body().strip());
            return 1;
        }
        context.out().println(answer.body().strip());
        return 0;
    }
}
