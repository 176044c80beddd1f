package io.laas.ledger.registry.client;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.config.RegistryConfig;
import io.laas.ledger.registry.Ledger;
import io.laas.token.client.ServiceTokens;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Reads one ledger of IAM's registry ({@code GET /v1/ops/registry/ledgers/{id}}) with the service's own token. A
 * token IAM refuses (401: revoked, or signed by a key IAM no longer has) is fetched again once.
 */
@ApplicationScoped
public class RegistryClient {

    private final WebClient client;
    private final ServiceTokens tokens;
    private final RegistryConfig config;

    public RegistryClient(Vertx vertx, RegistryConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setName("laas-ledger-registry")
                .setFollowRedirects(false));
        this.tokens = new ServiceTokens(client, new ServiceTokens.Identity(config.tokenUrl(), config.clientId(),
                config.clientSecret(), "laas.ledger.registry.client-secret / LAAS_LEDGER_REGISTRY_CLIENT_SECRET",
                Scopes.OPS_ADMIN), config.requestTimeout(), RegistryException::new);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The ledger as IAM has it, or {@code null} when IAM knows no such ledger; fails with {@link RegistryException}. */
    public Uni<Ledger> find(UUID id) {
        return get(id).chain(response -> {
            if (response.statusCode() == 401) {
                tokens.forget();
                return get(id);
            }
            return Uni.createFrom().item(response);
        }).map(response -> switch (response.statusCode()) {
            case 200 -> parse(id, response);
            case 404 -> null;
            default -> throw new RegistryException("IAM answered " + response.statusCode() + " to the lookup of ledger "
                    + id);
        });
    }

    private Uni<HttpResponse<io.vertx.mutiny.core.buffer.Buffer>> get(UUID id) {
        String url = config.iamUrl() + "/v1/ops/registry/ledgers/" + id;
        return tokens.token().chain(token -> client.getAbs(url)
                .bearerTokenAuthentication(token)
                .putHeader("accept", "application/json")
                .timeout(config.requestTimeout().toMillis())
                .send()
                .onFailure().transform(failure -> new RegistryException("cannot reach IAM at " + url + ": "
                        + failure.getMessage())));
    }

    private static Ledger parse(UUID id, HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            UUID answered = UUID.fromString(body.getString("id"));
            if (!answered.equals(id)) {
                throw new RegistryException("IAM answered ledger " + answered + " to the lookup of " + id);
            }
            String currency = body.getString("currency");
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                throw new RegistryException("IAM answered ledger " + id + " with currency " + currency);
            }
            return new Ledger(id, UUID.fromString(body.getString("org_id")), UUID.fromString(body.getString("project_id")),
                    required(body, "code"), required(body, "name"), currency, Map.of(), 0,
                    java.util.Objects.requireNonNull(time(body, "created_at"), "created_at"), time(body, "updated_at"), time(body, "archived_at"));
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException
                | DateTimeParseException e) {
            throw new RegistryException("IAM's answer to the lookup of ledger " + id + " is not a ledger: " + e.getMessage());
        }
    }

    private static String required(JsonObject body, String field) {
        String value = body.getString(field);
        if (value == null || value.isBlank()) {
            throw new RegistryException("IAM answered a ledger without " + field);
        }
        return value;
    }

    private static OffsetDateTime time(JsonObject body, String field) {
        String value = body.getString(field);
        return value == null ? null : OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
