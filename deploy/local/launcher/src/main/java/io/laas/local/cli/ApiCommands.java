package io.laas.local.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code laas token} and {@code laas key create}: calls to the public API through the gateway, as a client would. */
final class ApiCommands {

    static final Subcommand TOKEN = new Subcommand("token", "token [client] [secret] [--scope S]",
            "Prints an access token of an OAuth2 client (client credentials, from the gateway's /oauth/token).",
            """
            Without arguments, the demo tenant's client (demo-client, ledger:read/write and webhooks:read/write on the
            sandbox ledger); with a client id only, a client of the demo tenants whose secret the stack knows
            (demo-client, demo-admin). Prints just the token, e.g.:
              curl -H "Authorization: Bearer $(deploy/local/laas token)" localhost:8080/v1/accounts/cash
            """,
            List.of(Subcommand.Option.value("scope", null, "S", "ask for fewer scopes (space-separated, as OAuth2 has it)")),
            0, 2, false, ApiCommands::token);

    static final Subcommand KEY_CREATE = new Subcommand("key create",
            "key create [--ledger ID]... [--scope S]... [--description TEXT] [--environment live|test] [--project ID]",
            "Creates an API key (POST /v1/projects/{project}/api-keys) and prints it; it is shown only this once.",
            """
            As the demo organisation's administration client (demo-admin, scope iam:admin) unless --client and
            --secret name another. Defaults: the demo project, its sandbox ledger, scopes ledger:read and
            ledger:write, environment test. The key's id, prefix and scopes go to stderr, the key alone to stdout:
              KEY=$(deploy/local/laas key create --description ci)
            """,
            List.of(Subcommand.Option.repeatable("ledger", "ID", "a ledger the key may use (repeat for more)"),
                    Subcommand.Option.repeatable("scope", "S",
                            "ledger:read, ledger:write, webhooks:read or webhooks:write (repeat for more)"),
                    Subcommand.Option.value("description", null, "TEXT", "what the key is for"),
                    Subcommand.Option.value("environment", null, "ENV", "live (sk_live_) or test (sk_test_; default)"),
                    Subcommand.Option.value("project", null, "ID", "the project (default: the demo project)"),
                    Subcommand.Option.value("client", null, "ID", "the administration client to act as"),
                    Subcommand.Option.value("secret", null, "SECRET", "that client's secret")),
            0, 0, false, ApiCommands::createKey);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ApiCommands() {
    }

    private static int token(Invocation invocation, CliContext context) throws IOException {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isEmpty()) {
            context.err().println(StackState.NOT_RUNNING);
            return 1;
        }
        StackState state = running.get();
        String client = invocation.argument(0).orElse(state.demo().get("client_id"));
        Optional<String> secret = invocation.argument(1).or(() -> knownSecret(state, client));
        if (secret.isEmpty()) {
            context.err().println("the secret of " + client + " is needed: deploy/local/laas token " + client + " <secret>");
            return 2;
        }
        try {
            context.out().println(accessToken(state, client, secret.get(), invocation.value("scope")));
            return 0;
        } catch (RefusedException e) {
            context.err().println(e.getMessage());
            return 1;
        }
    }

    private static int createKey(Invocation invocation, CliContext context) throws IOException {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isEmpty()) {
            context.err().println(StackState.NOT_RUNNING);
            return 1;
        }
        StackState state = running.get();
        if (invocation.value("client").isPresent() != invocation.value("secret").isPresent()) {
            context.err().println("--client and --secret go together");
            return 2;
        }
        String client = invocation.value("client").orElse(state.demo().get("admin_client_id"));
        String secret = invocation.value("secret").orElse(state.demo().get("admin_client_secret"));
        String project = invocation.value("project").orElse(state.demo().get("project_id"));
        List<String> ledgers = invocation.values("ledger").isEmpty() ? List.of(state.demo().get("ledger_id"))
                : invocation.values("ledger");
        List<String> scopes = invocation.values("scope").isEmpty() ? List.of("ledger:read", "ledger:write")
                : invocation.values("scope");
        StringBuilder body = new StringBuilder("{\"scopes\": ").append(jsonArray(scopes)).append(", \"ledgers\": ")
                .append(jsonArray(ledgers)).append(", \"environment\": ")
                .append(jsonString(invocation.value("environment").orElse("test")));
        invocation.value("description").ifPresent(description -> body.append(", \"description\": ")
                .append(jsonString(description)));
        body.append('}');
        try {
            String token = accessToken(state, client, secret, Optional.empty());
            HttpResponse<String> created = LocalHttp.send(HttpRequest.newBuilder(URI.create(state.gatewayUrl()
                    + "/v1/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/api-keys"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
            Optional<String> key = LocalHttp.jsonString(created.body(), "key");
            if (created.statusCode() != 201 || key.isEmpty()) {
                context.err().println("The API refused to create the key: " + created.statusCode() + " " + created.body());
                return 1;
            }
            context.err().printf("API key %s (%s…, %s, ledgers %s) created; it is shown only this once:%n",
                    LocalHttp.jsonString(created.body(), "id").orElse("?"),
                    LocalHttp.jsonString(created.body(), "prefix").orElse("?"), String.join(" ", scopes),
                    String.join(" ", ledgers));
            context.out().println(key.get());
            return 0;
        } catch (RefusedException e) {
            context.err().println(e.getMessage());
            return 1;
        }
    }

    /** The secret of a demo client, as the stack was started with it. */
    private static Optional<String> knownSecret(StackState state, String client) {
        if (client.equals(state.demo().get("client_id"))) {
            return Optional.ofNullable(state.demo().get("client_secret"));
        }
        if (client.equals(state.demo().get("admin_client_id"))) {
            return Optional.ofNullable(state.demo().get("admin_client_secret"));
        }
        return Optional.empty();
    }

    static String accessToken(StackState state, String client, String secret, Optional<String> scope)
            throws IOException, RefusedException {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials"
                + scope.map(s -> "&scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse("");
        HttpResponse<String> answer = LocalHttp.send(HttpRequest.newBuilder(URI.create(state.gatewayUrl() + "/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(form)).build());
        Optional<String> token = LocalHttp.jsonString(answer.body(), "access_token");
        if (answer.statusCode() != 200 || token.isEmpty()) {
            throw new RefusedException("The gateway gave " + client + " no token: " + answer.statusCode() + " "
                    + answer.body());
        }
        return token.get();
    }

    private static String jsonArray(List<String> values) {
        return values.stream().map(ApiCommands::jsonString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u%04x".formatted((int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** The API answered, but not with what was asked for; the message has its status and body. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }
}
