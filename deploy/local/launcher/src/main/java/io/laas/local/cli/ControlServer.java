package io.laas.local.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The supervisor's control channel: HTTP on a free loopback port, each request carrying the random token of the
 * state file (readable by the user only) as a bearer token. {@code POST /services/{name}/kill},
 * {@code POST /services/{name}/restart}, {@code POST /down}; answers are plain text.
 */
final class ControlServer implements AutoCloseable {

    private static final Pattern SERVICE_ACTION = Pattern.compile("/services/([A-Za-z0-9-]+)/(kill|restart)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;

    private ControlServer(HttpServer server, ExecutorService executor, String token) {
        this.server = server;
        this.executor = executor;
        this.token = token;
    }

    static ControlServer start(Supervisor supervisor) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a restart waits for the service to be ready: other requests (down) must not queue behind it
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "laas-control");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        ControlServer control = new ControlServer(server, executor, token);
        server.createContext("/", exchange -> control.handle(exchange, supervisor));
        server.start();
        return control;
    }

    private void handle(HttpExchange exchange, Supervisor supervisor) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
                    ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
                respond(exchange, 401, "the control token of the state file is required");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "POST only");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/down")) {
                respond(exchange, 202, "stopping");
                supervisor.requestStop();
                return;
            }
            Matcher action = SERVICE_ACTION.matcher(path);
            if (!action.matches()) {
                respond(exchange, 404, "no such control action: " + path);
                return;
            }
            try {
                String answer = action.group(2).equals("kill") ? supervisor.kill(action.group(1))
                        : supervisor.restart(action.group(1));
                respond(exchange, 200, answer);
            } catch (IllegalArgumentException e) {
                respond(exchange, 404, e.getMessage());
            } catch (IllegalStateException e) {
                respond(exchange, 409, e.getMessage());
            } catch (IOException | RuntimeException e) {
                respond(exchange, 500, e.getMessage());
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String token() {
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
