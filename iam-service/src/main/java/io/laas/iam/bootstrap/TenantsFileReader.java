package io.laas.iam.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.laas.iam.credential.service.CredentialGrants;
import io.laas.iam.ledger.service.LedgerService;
import io.laas.web.security.ApiKeyFormat;
import io.laas.web.security.Scopes;

/**
 * Reads and validates the tenant bootstrap file. String values may reference environment variables as
 * {@code ${NAME}} or {@code ${NAME:default}}; they are substituted after parsing, so a value can never
 * change the structure of the document.
 */
public final class TenantsFileReader {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new JavaTimeModule())
            .build();

    private final Function<String, String> environment;

    public TenantsFileReader(Function<String, String> environment) {
        this.environment = environment;
    }

    public static TenantsFileReader withSystemEnvironment() {
        return new TenantsFileReader(System::getenv);
    }

    public TenantsFile read(Path file) {
        try {
            JsonNode tree = MAPPER.readTree(Files.readString(file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return validate(new TenantsFile(List.of()));
            }
            return validate(MAPPER.treeToValue(interpolate(tree), TenantsFile.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tenant bootstrap file " + file + ": " + e.getMessage(), e);
        }
    }

    JsonNode interpolate(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            fields.forEachRemaining(entries::add);
            entries.forEach(e -> object.set(e.getKey(), interpolate(e.getValue())));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, interpolate(array.get(i)));
            }
            return array;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.textValue()));
        }
        return node;
    }

    String substitute(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String resolved = environment.apply(matcher.group(1));
            if (resolved == null) {
                resolved = matcher.group(2);
            }
            if (resolved == null) {
                throw new IllegalArgumentException("Environment variable " + matcher.group(1)
                        + " is referenced by the tenant bootstrap file but not set, and has no default");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static TenantsFile validate(TenantsFile file) {
        Set<UUID> ids = new HashSet<>();
        Set<String> clientIds = new HashSet<>();
        for (TenantsFile.Organization org : file.organizations()) {
            String where = "organization " + org.id();
            unique(ids, org.id(), "organization");
            notBlank(org.name(), where + ": name");
            for (TenantsFile.User user : org.users()) {
                unique(ids, user.id(), "user");
                notBlank(user.email(), "user " + user.id() + ": email");
                notBlank(user.password(), "user " + user.id() + ": password");
                require("owner".equals(user.role()) || "developer".equals(user.role()),
                        "user " + user.id() + ": role must be owner or developer");
            }
            for (TenantsFile.Project project : org.projects()) {
                unique(ids, project.id(), "project");
                notBlank(project.code(), "project " + project.id() + ": code");
                notBlank(project.name(), "project " + project.id() + ": name");
                for (TenantsFile.Ledger ledger : project.ledgers()) {
                    unique(ids, ledger.id(), "ledger");
                    notBlank(ledger.code(), "ledger " + ledger.id() + ": code");
                    notBlank(ledger.name(), "ledger " + ledger.id() + ": name");
                    LedgerService.requireCurrency(ledger.currency());
                    for (TenantsFile.ApiKey key : ledger.apiKeys()) {
                        unique(ids, key.id(), "api key");
                        require(ApiKeyFormat.isWellFormed(key.key()), "api key " + key.id()
                                + ": a key is sk_test_ or sk_live_ followed by 32 to 200 characters [A-Za-z0-9_-]"
                                + " (one starting with " + ApiKeyFormat.VERSION + " must carry its checksum)");
                        scopes(key.scopes(), org.operator(), CredentialGrants.API_KEY_SCOPES, "api key " + key.id());
                    }
                }
                for (TenantsFile.Client client : project.clients()) {
                    notBlank(client.clientId(), "project " + project.id() + ": client_id");
                    require(clientIds.add(client.clientId()), "client " + client.clientId() + " is listed twice");
                    require(!ApiKeyFormat.looksLikeApiKey(client.clientId()),
                            "client " + client.clientId() + ": a client_id may not start like an API key");
                    notBlank(client.clientSecret(), "client " + client.clientId() + ": client_secret");
                    notBlank(client.name(), "client " + client.clientId() + ": name");
                    scopes(client.scopes(), org.operator(), CredentialGrants.CLIENT_SCOPES, "client " + client.clientId());
                }
            }
        }
        return file;
    }

    private static void scopes(List<String> scopes, boolean operator, Set<String> allowed, String where) {
        for (String scope : scopes) {
            if (scope.equals(Scopes.OPS_ADMIN)) {
                require(operator, where + ": " + Scopes.OPS_ADMIN
                        + " is held only by clients and keys of the operator's organization (operator: true)");
            } else {
                require(allowed.contains(scope), where + ": scope " + scope + " is unknown or not for this credential");
            }
        }
    }

    private static void unique(Set<UUID> ids, UUID id, String what) {
        require(id != null, "every " + what + " needs an id");
        require(ids.add(id), "id " + id + " is used twice");
    }

    private static void notBlank(String value, String what) {
        require(value != null && !value.isBlank(), what + " is required");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid tenant bootstrap file: " + message);
        }
    }
}
