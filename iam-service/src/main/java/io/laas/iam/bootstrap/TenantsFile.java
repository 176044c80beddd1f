package io.laas.iam.bootstrap;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.laas.web.security.ProductionSafety;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The tenant bootstrap file ({@code laas.iam.bootstrap.file}); snake_case YAML. */
// read by a YAML mapper of its own, so native images must be told about every record
@RegisterForReflection(targets = { TenantsFile.class, TenantsFile.Organization.class, TenantsFile.User.class,
        TenantsFile.Project.class, TenantsFile.Ledger.class, TenantsFile.ApiKey.class, TenantsFile.Client.class })
public record TenantsFile(List<Organization> organizations) {

    public TenantsFile {
        organizations = organizations == null ? List.of() : organizations;
    }

    /**
     * The credentials of this file that are demo credentials ({@link ProductionSafety#DEMO_CREDENTIALS}),
     * each named by where it is (never by its value); production refuses to start with any of them.
     */
    public List<String> demoCredentials() {
        List<String> found = new ArrayList<>();
        for (Organization org : organizations) {
            org.users().stream().filter(u -> ProductionSafety.DEMO_CREDENTIALS.contains(u.password()))
                    .forEach(u -> found.add("user " + u.email() + ": password"));
            for (Project project : org.projects()) {
                project.ledgers().stream().flatMap(l -> l.apiKeys().stream())
                        .filter(k -> ProductionSafety.DEMO_CREDENTIALS.contains(k.key()))
                        .forEach(k -> found.add("api key " + k.id() + ": key"));
                project.clients().stream().filter(c -> ProductionSafety.DEMO_CREDENTIALS.contains(c.clientSecret()))
                        .forEach(c -> found.add("client " + c.clientId() + ": client_secret"));
            }
        }
        return found;
    }

    /** @param operator the operator's own organisation, whose clients and keys may hold {@code ops:admin} */
    public record Organization(UUID id, String name, boolean operator, List<User> users, List<Project> projects) {
        public Organization {
            users = users == null ? List.of() : users;
            projects = projects == null ? List.of() : projects;
        }
    }

    public record User(UUID id, String email, String password, String role) {
        @Override
        public String toString() {
            return "User[id=" + id + ", email=" + email + ", role=" + role + "]";
        }
    }

    public record Project(UUID id, String code, String name, List<Ledger> ledgers, List<Client> clients) {
        public Project {
            ledgers = ledgers == null ? List.of() : ledgers;
            clients = clients == null ? List.of() : clients;
        }
    }

    public record Ledger(UUID id, String code, String name, String currency, List<ApiKey> apiKeys) {
        public Ledger {
            apiKeys = apiKeys == null ? List.of() : apiKeys;
        }
    }

    public record ApiKey(UUID id, String key, String description, List<String> scopes, OffsetDateTime expiresAt) {
        public ApiKey {
            scopes = scopes == null ? List.of() : scopes;
        }

        @Override
        public String toString() {
            return "ApiKey[id=" + id + ", description=" + description + "]";
        }
    }

    /** An OAuth2 client; {@code ledgers} names ledgers of its project by code or id. */
    public record Client(String clientId, String clientSecret, String name, List<String> scopes, List<String> ledgers) {
        public Client {
            scopes = scopes == null ? List.of() : scopes;
            ledgers = ledgers == null ? List.of() : ledgers;
        }

        @Override
        public String toString() {
            return "Client[client_id=" + clientId + ", name=" + name + "]";
        }
    }
}
