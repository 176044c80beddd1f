package io.laas.web.security;

/**
 * OAuth2 scopes of the LaaS API. Tokens carry them space-separated in the {@code scope} claim; every
 * service maps that claim to roles, so resources use {@code @RolesAllowed(Scopes.LEDGER_WRITE)}.
 */
public final class Scopes {

    public static final String LEDGER_READ = "ledger:read";
    public static final String LEDGER_WRITE = "ledger:write";
    public static final String WEBHOOKS_READ = "webhooks:read";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String IAM_ADMIN = "iam:admin";
    /**
     * Platform operations (re-drives, rebuilds, overrides): held only by clients of the operator's own
     * organisation, never granted to a tenant, hence not in {@link #ALL}, the scopes tenants may hold.
     */
    public static final String OPS_ADMIN = "ops:admin";

    /** The tenant scopes. */
    public static final java.util.Set<String> ALL = java.util.Set.of(LEDGER_READ, LEDGER_WRITE, WEBHOOKS_READ,
            WEBHOOKS_WRITE, IAM_ADMIN);

    private Scopes() {
    }
}
