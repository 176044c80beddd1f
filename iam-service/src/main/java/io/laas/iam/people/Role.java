package io.laas.iam.people;

import java.util.List;
import java.util.Optional;

import io.laas.web.security.Scopes;

/** A person's role in an organisation, and the scopes their console access tokens carry. */
public enum Role {

    /** Every tenant scope: ledgers, webhooks, and the organisation's administration (members, keys, deletion). */
    OWNER("owner", List.of(Scopes.LEDGER_READ, Scopes.LEDGER_WRITE, Scopes.WEBHOOKS_READ, Scopes.WEBHOOKS_WRITE,
            Scopes.IAM_ADMIN)),
    /** Ledgers and webhooks, no administration. */
    DEVELOPER("developer", List.of(Scopes.LEDGER_READ, Scopes.LEDGER_WRITE, Scopes.WEBHOOKS_READ,
            Scopes.WEBHOOKS_WRITE));

    private final String value;
    private final List<String> scopes;

    Role(String value, List<String> scopes) {
        this.value = value;
        this.scopes = scopes;
    }

    /** As stored and as written in JSON. */
    public String value() {
        return value;
    }

    public List<String> scopes() {
        return scopes;
    }

    public static Optional<Role> parse(String value) {
        for (Role role : values()) {
            if (role.value.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
