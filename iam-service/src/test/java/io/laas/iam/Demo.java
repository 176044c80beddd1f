package io.laas.iam;

import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.laas.local.testing.LocalInfraTestResource;

/** The demo tenants of src/test/resources/tenants-test.yml, applied at start of the test application. */
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(HttpPortTestResource.class)
public final class Demo {

    public static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-000000000002");
    public static final UUID USER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final UUID PROJECT = UUID.fromString("00000000-0000-0000-0000-000000000004");
    public static final UUID SANDBOX = UUID.fromString("00000000-0000-0000-0000-000000000005");
    public static final UUID EURO = UUID.fromString("00000000-0000-0000-0000-000000000015");
    public static final String API_KEY = "sk_test_12345678901234567890123456789012";
    public static final UUID API_KEY_ID = UUID.fromString("00000000-0000-0000-0000-000000000008");
    public static final String CLIENT_ID = "demo-client";
    public static final String CLIENT_SECRET = "demo-secret";
    /** An {@code iam:admin} client of {@link #ORG}, and one of another organisation with its own project and ledger. */
    public static final String ADMIN_CLIENT_ID = "org-admin";
    public static final String ADMIN_CLIENT_SECRET = "org-admin-secret";
    public static final String OTHER_ADMIN_CLIENT_ID = "other-admin";
    public static final String OTHER_ADMIN_CLIENT_SECRET = "other-admin-secret";
    public static final UUID OTHER_ORG = UUID.fromString("00000000-0000-0000-0000-000000000040");
    public static final UUID OTHER_PROJECT = UUID.fromString("00000000-0000-0000-0000-000000000041");
    public static final UUID OTHER_LEDGER = UUID.fromString("00000000-0000-0000-0000-000000000042");
    public static final String ALL_SCOPES = "ledger:read ledger:write webhooks:read webhooks:write";

    private Demo() {
    }
}
