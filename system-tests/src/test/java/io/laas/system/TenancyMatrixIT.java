package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The tenancy matrix: every public operation of the gateway's API document, called with real resources of a
 * victim organisation under each condition a caller must be refused in (a token for another ledger of the same
 * organisation, another organisation, another organisation's ids under its own ledger, a read-only token, an
 * expired token, a revoked API key, a revoked token, a member without the role), is refused with the status and
 * code docs/security.md ("Tenancy matrix") documents, as a problem document, through the gateway (canonical and
 * short paths) and straight at the service behind it; and nothing of either organisation was written, in any
 * service's tables or on the outbox topics. Lists that name no resource answer the caller's own data only.
 */
class TenancyMatrixIT {

    private static final String PASSWORD = "matrix horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");
    /** The verifiers' clock skew on {@code exp} in the local stack (libs/token-policy). */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Set<String> READ_SCOPES = Set.of("ledger:read", "webhooks:read");
    private static final Set<String> ADMIN_SCOPES = Set.of("iam:admin", "ops:admin");
    /** A period for the reads that need one. */
    private static final String PERIOD = "from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z";
    /** An account code only the victim's ledger L1 has. */
    private static final String VICTIM_ONLY_ACCOUNT = "victim-only";

    /** Operations that no bearer credential reaches, and why the matrix does not apply to them. */
    private static final Map<String, String> EXEMPT = new TreeMap<>(Map.ofEntries(
            Map.entry("POST /oauth/token", "authenticates the client itself (RFC 6749); a revoked or expired key or a "
                    + "deleted client gets invalid_client: ApiKeyResourceTest, OAuthClientResourceTest, "
                    + "ApiKeyLifecycleIT"),
            Map.entry("POST /oauth/revoke", "authenticates the client itself; another client's token is refused: "
                    + "TokenLifecycleTest"),
            Map.entry("POST /oauth/introspect", "authenticates the client itself; answers active: false to everyone "
                    + "but the token's client and the operator: TokenLifecycleTest"),
            Map.entry("GET /.well-known/openid-configuration", "public by design: the authorisation server's metadata"),
            Map.entry("GET /.well-known/jwks.json", "public by design: the keys that verify tokens"),
            Map.entry("GET /_info", "public by design: the gateway's build, no tenant data: PlatformInfoTest, InfoIT"),
            Map.entry("GET /v1/_info", "public by design: each service's build and state, no tenant data: "
                    + "PlatformInfoTest, InfoIT"),
            Map.entry("GET /api/ledger/_info", "public by design: the command service's build, no tenant data: "
                    + "PlatformInfoTest, InfoIT"),
            Map.entry("GET /api/auth/_info", "public by design: IAM's build, no tenant data: PlatformInfoTest, InfoIT"),
            Map.entry("POST /v1/signup", "public by design: creates a new organisation (switched off in production)"),
            Map.entry("POST /v1/sessions", "public by design: signs in with a password (throttled, locked out)"),
            Map.entry("POST /v1/invitations/{token}/accept", "the single-use invitation token is the credential: "
                    + "InvitationTest"),
            Map.entry("GET /v1/sessions/current", "the session cookie's own session only, never a bearer token: "
                    + "SessionCookieTest, HumanLoginIT"),
            Map.entry("DELETE /v1/sessions/current", "ends the cookie's own session only: SessionCookieTest, "
                    + "HumanLoginIT"),
            Map.entry("DELETE /v1/sessions", "ends the cookie's own person's sessions only: SessionTest, "
                    + "HumanLoginIT"),
            Map.entry("GET /v1/sessions/current/organizations", "the cookie's own person's organisations only, never "
                    + "a bearer token: OrganizationSwitchTest, ConsoleIamIT"),
            Map.entry("POST /v1/sessions/current/organization", "moves the cookie's own session to another organisation "
                    + "of the same person only (403 NOT_A_MEMBER otherwise): OrganizationSwitchTest, SessionCookieTest, "
                    + "ConsoleIamIT")));

    /**
     * What each operation is sent: its body (fresh for every call, valid, so that only the condition can refuse
     * it; a write the matrix failed to refuse then really writes, and the digest sees it) and its query. Every
     * operation of the document that a bearer credential reaches must be here: a new one fails the test until
     * it is added.
     */
    private static final Map<String, Call> CALLS = new TreeMap<>();

    static {
        call("GET /v1/ledgers");
        call("GET /v1/ledgers/{ledger_id}");
        call("PATCH /v1/ledgers/{ledger_id}", f -> Map.of("name", "Renamed by the matrix"));
        call("POST /v1/ledgers/{ledger_id}/archive");
        call("POST /v1/ledgers/{ledger_id}/accounts",
                f -> Map.of("code", code("acct"), "name", "Matrix", "type", "asset"));
        call("GET /v1/ledgers/{ledger_id}/accounts");
        call("PATCH /v1/ledgers/{ledger_id}/accounts/{code}", f -> Map.of("status", "frozen"));
        call("GET /v1/ledgers/{ledger_id}/accounts/{code}");
        call("GET /v1/ledgers/{ledger_id}/accounts/{code}/balance-history", PERIOD);
        call("GET /v1/ledgers/{ledger_id}/accounts/{code}/postings");
        call("GET /v1/ledgers/{ledger_id}/accounts/{code}/statement", PERIOD);
        call("GET /v1/ledgers/{ledger_id}/assets");
        call("PUT /v1/ledgers/{ledger_id}/assets/{code}", f -> Map.of("scale", 2));
        call("GET /v1/ledgers/{ledger_id}/events");
        call("GET /v1/ledgers/{ledger_id}/overview");
        call("GET /v1/ledgers/{ledger_id}/projection");
        call("GET /v1/ledgers/{ledger_id}/reports/balance-sheet");
        call("GET /v1/ledgers/{ledger_id}/reports/income-statement", PERIOD);
        call("GET /v1/ledgers/{ledger_id}/reports/trial-balance");
        call("GET /v1/ledgers/{ledger_id}/schedules");
        call("POST /v1/ledgers/{ledger_id}/schedules", f -> schedule());
        call("GET /v1/ledgers/{ledger_id}/schedules/{schedule_id}");
        call("POST /v1/ledgers/{ledger_id}/schedules/{schedule_id}/cancel");
        call("POST /v1/ledgers/{ledger_id}/schedules/{schedule_id}/pause");
        call("POST /v1/ledgers/{ledger_id}/schedules/{schedule_id}/resume");
        call("POST /v1/ledgers/{ledger_id}/transactions",
                f -> LedgerApi.transfer(code("tx"), "cash", "revenue", "1.00"));
        call("GET /v1/ledgers/{ledger_id}/transactions");
        call("POST /v1/ledgers/{ledger_id}/transactions/bulk",
                f -> Map.of("transactions", List.of(LedgerApi.transfer(code("bulk"), "cash", "revenue", "1.00"))));
        call("GET /v1/ledgers/{ledger_id}/transactions/{transaction_id}");
        call("POST /v1/ledgers/{ledger_id}/transactions/{transaction_id}/post",
                f -> Map.of("idempotency_key", code("post")));
        call("GET /v1/ledgers/{ledger_id}/transactions/{transaction_id}/postings");
        call("POST /v1/ledgers/{ledger_id}/transactions/{transaction_id}/reversal",
                f -> Map.of("idempotency_key", code("rev")));
        call("POST /v1/ledgers/{ledger_id}/transactions/{transaction_id}/void",
                f -> Map.of("idempotency_key", code("void")));
        call("GET /v1/ledgers/{ledger_id}/verify");
        call("GET /v1/ledgers/{ledger_id}/webhook-endpoints");
        call("POST /v1/ledgers/{ledger_id}/webhook-endpoints", f -> endpoint());
        call("GET /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}");
        call("GET /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/attempts");
        call("GET /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/stats");
        call("POST /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/recover",
                f -> Map.of("since", Instant.now().minus(Duration.ofHours(1)).toString()));
        call("GET /v1/ledgers/{ledger_id}/webhook-messages");
        call("GET /v1/ledgers/{ledger_id}/webhook-messages/{message_id}");
        call("GET /v1/ledgers/{ledger_id}/webhook-messages/{message_id}/attempts");
        call("GET /v1/ledgers/{ledger_id}/webhook-messages/{message_id}/attempts/{attempt_id}");
        call("POST /v1/ledgers/{ledger_id}/webhook-messages/{message_id}/endpoints/{endpoint_id}/resend");
        call("PATCH /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}",
                f -> Map.of("description", "Changed by the matrix"));
        call("DELETE /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}");
        call("POST /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/test");
        call("POST /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/secret/rotate");
        call("GET /v1/projects");
        call("POST /v1/projects", f -> Map.of("code", code("p"), "name", "Matrix project"));
        call("GET /v1/projects/{project_id}");
        call("PATCH /v1/projects/{project_id}", f -> Map.of("name", "Renamed by the matrix"));
        call("DELETE /v1/projects/{project_id}");
        call("GET /v1/projects/{project_id}/ledgers");
        call("POST /v1/projects/{project_id}/ledgers",
                f -> Map.of("code", code("l"), "name", "Matrix", "currency", "USD"));
        call("GET /v1/projects/{project_id}/api-keys");
        call("POST /v1/projects/{project_id}/api-keys",
                f -> Map.of("scopes", List.of("ledger:read"), "ledgers", List.of(f.grantedLedger().toString())));
        call("GET /v1/projects/{project_id}/api-keys/{key_id}");
        call("DELETE /v1/projects/{project_id}/api-keys/{key_id}");
        call("POST /v1/projects/{project_id}/api-keys/{key_id}/rotate", f -> Map.of("overlap_seconds", 0));
        call("GET /v1/projects/{project_id}/clients");
        call("POST /v1/projects/{project_id}/clients", f -> Map.of("name", "Matrix", "scopes", List.of("ledger:read"),
                "ledgers", List.of(f.grantedLedger().toString())));
        call("GET /v1/projects/{project_id}/clients/{id}");
        call("DELETE /v1/projects/{project_id}/clients/{id}");
        call("POST /v1/projects/{project_id}/clients/{id}/rotate-secret", f -> Map.of("overlap_seconds", 0));
        call("GET /v1/organizations/current/members");
        call("PATCH /v1/organizations/current/members/{user_id}", f -> Map.of("role", "owner"));
        call("DELETE /v1/organizations/current/members/{user_id}");
        call("GET /v1/organizations/current/invitations");
        call("POST /v1/organizations/current/invitations",
                f -> Map.of("email", code("invitee") + "@example.test", "role", "owner"));
        call("DELETE /v1/organizations/current/invitations/{invitation_id}");
        call("GET /v1/organizations/current/audit-events");
        call("GET /v1/ops/organizations/{org_id}/quotas");
        call("PUT /v1/ops/organizations/{org_id}/quotas", f -> Map.of("ledgers", 0));
        call("DELETE /v1/ops/organizations/{org_id}/quotas");
        call("GET /v1/ops/organizations/{organization_id}/audit-events");
        call("GET /v1/ops/projector/failed-events");
        call("GET /v1/ops/projector/failed-events/{id}");
        call("POST /v1/ops/projector/failed-events/{id}/dismiss");
        call("POST /v1/ops/projector/failed-events/{id}/redrive");
        call("POST /v1/ops/projector/ledgers/{ledger_id}/rebuild");
        call("GET /v1/ops/projector/ledgers/{ledger_id}/rebuild");
        call("GET /v1/ops/signing-keys");
        call("POST /v1/ops/signing-keys/rotation");
    }

    /** What an operation is sent, given the resources it is aimed at. */
    private record Call(Function<Resources, Object> body, String query) {
    }

    private static void call(String operation) {
        CALLS.put(operation, new Call(f -> null, ""));
    }

    private static void call(String operation, String query) {
        CALLS.put(operation, new Call(f -> null, query));
    }

    private static void call(String operation, Function<Resources, Object> body) {
        CALLS.put(operation, new Call(body, ""));
    }

    private static String code(String prefix) {
        return LedgerApi.newCode("mx-" + prefix);
    }

    private static Map<String, Object> schedule() {
        return Map.of("idempotency_key", code("sched"), "start_at", "2099-01-01T00:00:00Z",
                "transaction", Map.of("currency", "USD", "postings", List.of(
                        Map.of("account_code", "cash", "direction", "debit", "amount", "1.00"),
                        Map.of("account_code", "revenue", "direction", "credit", "amount", "1.00"))));
    }

    private static Map<String, Object> endpoint() {
        // a type only sent on request, which this test never makes: the endpoint gets no deliveries, so the
        // dispatcher writes nothing for it
        return Map.of("url", "http://127.0.0.1:9/matrix", "event_types", List.of("webhook.test"));
    }

    /** The conditions under which a caller must be refused. */
    enum Condition {
        /** A token for ledger L1 of the organisation, aimed at ledger L2 and its resources. */
        OTHER_LEDGER,
        /** A token of another organisation (every tenant scope and iam:admin), aimed at the victim's resources. */
        OTHER_ORG,
        /**
         * The other organisation's token aimed at the victim's transaction, schedule, webhook endpoint or account
         * under a ledger of its own, or granting a new key or client of its own project the victim's ledger: only
         * the service's own tenancy can refuse these.
         */
        FOREIGN_ID,
        /** A token with ledger:read and webhooks:read only, aimed at the organisation's own resources. */
        READ_ONLY,
        /** A token IAM issued for an API key that has since expired (a token never outlives its key). */
        EXPIRED_TOKEN,
        /** An API key revoked by its organisation, sent as the bearer. */
        REVOKED_KEY,
        /** A token revoked through POST /oauth/revoke. */
        REVOKED_TOKEN,
        /** A developer's console session (cookie and CSRF token), aimed at owners' and the operator's operations. */
        MEMBER_WITHOUT_ROLE
    }

    /** What a cell of the matrix expects. */
    private sealed interface Expectation permits Refused, OwnOnly, NotApplicable {
    }

    private record Refused(int status, String code) implements Expectation {
    }

    /** A list that names no resource: answered, with none of the victim's ids in it. */
    private record OwnOnly() implements Expectation {
    }

    private record NotApplicable(String reason) implements Expectation {
    }

    /** One public operation of the document. */
    private record Operation(String method, String path, String operationId, Optional<String> scope) {
        String key() {
            return method + " " + path;
        }

        boolean underLedger() {
            return path.startsWith("/v1/ledgers/{ledger_id}");
        }

        boolean ledgerAdministration() {
            return underLedger() && scope.equals(Optional.of("iam:admin"));
        }
    }

    /** The resources a call is aimed at. */
    private record Resources(UUID ledger, UUID grantedLedger, String account, UUID transaction, UUID hold,
            UUID schedule, UUID endpoint, UUID project,
            UUID keyProject, UUID key, UUID client, UUID user, UUID invitation, UUID organization, UUID message) {
    }

    /** A credential: a bearer (token or API key), or a console session. */
    private record Credential(String bearer, String session, String csrf) {
        static Credential bearer(String bearer) {
            return new Credential(bearer, null, null);
        }
    }

    /** An organisation made for the matrix, with what it holds. */
    private record Org(UUID id, UUID owner, ConsoleSession browser, UUID project, String adminClient, String adminSecret) {
        String token(String scope) {
            return RunningStack.token(adminClient, adminSecret, scope);
        }
    }

    private static Org victim;
    private static Org attacker;
    private static UUID ledger1;
    private static UUID ledger2;
    private static UUID attackerLedger;
    private static final Map<UUID, Map<String, UUID>> ledgerResources = new LinkedHashMap<>();
    private static UUID key;
    private static UUID client;
    private static UUID invitation;
    private static UUID developer;
    private static ConsoleSession developerBrowser;
    private static String developerEmail;
    private static final Map<Condition, Credential> CREDENTIALS = new EnumMap<>(Condition.class);
    /**
     * The same conditions sent straight to the service behind the gateway, which must refuse them on its own. A
     * service takes access tokens only: the revoked key is represented by a token issued for it before its
     * revocation, and the developer's console session has no token a test could hold (the gateway keeps it).
     */
    private static final Map<Condition, Credential> DIRECT_CREDENTIALS = new EnumMap<>(Condition.class);
    private static Instant expiredTokenExp;

    @BeforeAll
    static void twoOrganisations() {
        RunningStack.get();
        victim = signUp("Matrix Victim");
        ledger1 = createLedger(victim, "one");
        ledger2 = createLedger(victim, "two");

        // first, so that its expiry runs out while the rest is built: a token for a key that expires in seconds
        // is cut to the key's expiry, and refused once that is past by more than the clock skew
        Map<String, Object> expiring = createKey(victim, List.of("ledger:read", "ledger:write", "webhooks:read",
                "webhooks:write"), ledger1, Instant.now().plusSeconds(10));
        String rawExpiring = (String) expiring.get("key");
        String expiringToken = RunningStack.token(rawExpiring.substring(0, 12), rawExpiring, null);
        expiredTokenExp = Instant.ofEpochSecond(claims(expiringToken).path("exp").asLong());
        assertTrue(expiredTokenExp.isBefore(Instant.now().plusSeconds(11)), "the token is cut to its key's expiry");
        status(expiringToken, "/v1/ledgers/" + ledger1 + "/accounts", 200);
        CREDENTIALS.put(Condition.EXPIRED_TOKEN, Credential.bearer(expiringToken));

        String admin = victim.token(null);
        for (UUID ledger : List.of(ledger1, ledger2)) {
            ledgerResources.put(ledger, stock(admin, ledger));
        }
        LedgerApi.createAccount(admin, ledger1, VICTIM_ONLY_ACCOUNT, "asset");
        key = UUID.fromString((String) createKey(victim, List.of("ledger:read"), ledger1, null).get("id"));
        Response created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Matrix target", "scopes", List.of("ledger:read"),
                        "ledgers", List.of(ledger1.toString())))
                .post("/v1/projects/{project}/clients", victim.project());
        created.then().statusCode(201);
        client = UUID.fromString(created.path("id"));
        invitation = UUID.fromString(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("email", code("pending") + "@example.test", "role", "developer"))
                .post("/v1/organizations/current/invitations").then().statusCode(201).extract().path("id"));

        developerEmail = code("dev") + "@example.test";
        Response invited = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("email", developerEmail, "role", "developer"))
                .post("/v1/organizations/current/invitations");
        invited.then().statusCode(201);
        developer = UUID.fromString(given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD)).post((String) invited.path("accept_path"))
                .then().statusCode(200).extract().path("user.id"));
        developerBrowser = signIn(developerEmail);
        status(developerBrowser, "/v1/ledgers/" + ledger1 + "/accounts", 200);
        CREDENTIALS.put(Condition.MEMBER_WITHOUT_ROLE, new Credential(null, developerBrowser.session(),
                developerBrowser.csrf()));

        // a client of the organisation that was given ledger L1 only, with every ledger and webhook scope
        Response l1Client = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Ledger one only", "scopes", List.of("ledger:read", "ledger:write",
                        "webhooks:read", "webhooks:write"), "ledgers", List.of(ledger1.toString())))
                .post("/v1/projects/{project}/clients", victim.project());
        l1Client.then().statusCode(201);
        CREDENTIALS.put(Condition.OTHER_LEDGER, Credential.bearer(RunningStack.token(l1Client.path("client_id"),
                l1Client.path("client_secret"), null)));
        CREDENTIALS.put(Condition.READ_ONLY, Credential.bearer(victim.token("ledger:read webhooks:read")));

        String revokedKey = (String) createKey(victim, List.of("ledger:read", "ledger:write", "webhooks:read",
                "webhooks:write"), ledger1, null).get("key");
        status(revokedKey, "/v1/ledgers/" + ledger1 + "/accounts", 200);
        String revokedKeyToken = RunningStack.token(revokedKey.substring(0, 12), revokedKey, null);
        String revokedKeyId = given().auth().oauth2(admin).get("/v1/projects/{project}/api-keys", victim.project())
                .then().statusCode(200).extract().jsonPath()
                .getString("data.find { it.prefix == '" + revokedKey.substring(0, 12) + "' }.id");
        given().auth().oauth2(admin).delete("/v1/projects/{project}/api-keys/{key}", victim.project(), revokedKeyId)
                .then().statusCode(204);
        awaitRefused(revokedKey);
        awaitRefused(revokedKeyToken);
        CREDENTIALS.put(Condition.REVOKED_KEY, Credential.bearer(revokedKey));

        String revokedToken = victim.token(null);
        status(revokedToken, "/v1/projects", 200);
        given().auth().preemptive().basic(victim.adminClient(), victim.adminSecret()).formParam("token", revokedToken)
                .post("/oauth/revoke").then().statusCode(200);
        awaitRefused(revokedToken);
        CREDENTIALS.put(Condition.REVOKED_TOKEN, Credential.bearer(revokedToken));

        attacker = signUp("Matrix Attacker");
        attackerLedger = createLedger(attacker, "mine");
        String attackerToken = attacker.token(null);
        stock(attackerToken, attackerLedger);
        CREDENTIALS.put(Condition.OTHER_ORG, Credential.bearer(attackerToken));
        CREDENTIALS.put(Condition.FOREIGN_ID, Credential.bearer(attackerToken));

        await("the expiring key's token is past its expiry and the clock skew").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Instant.now().isAfter(expiredTokenExp.plus(CLOCK_SKEW)) && status(expiringToken,
                        "/v1/ledgers/" + ledger1 + "/accounts") == 401);

        DIRECT_CREDENTIALS.putAll(CREDENTIALS);
        DIRECT_CREDENTIALS.put(Condition.REVOKED_KEY, Credential.bearer(revokedKeyToken));
        DIRECT_CREDENTIALS.remove(Condition.MEMBER_WITHOUT_ROLE);
    }

    @Test
    void everyPublicOperationRefusesEveryConditionAndWritesNothing() throws Exception {
        List<Operation> operations = publicOperations();
        Set<String> documented = new TreeSet<>();
        operations.forEach(o -> documented.add(o.key()));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(CALLS.keySet());
        missing.removeAll(EXEMPT.keySet());
        Set<String> stale = new TreeSet<>(CALLS.keySet());
        stale.addAll(EXEMPT.keySet());
        stale.removeAll(documented);
        assertTrue(missing.isEmpty(), "public operations without an entry in the tenancy matrix (add them to CALLS, "
                + "or to EXEMPT with the reason): " + missing);
        assertTrue(stale.isEmpty(), "entries of the tenancy matrix that are no longer public operations: " + stale);
        for (Operation operation : operations) {
            if (operation.scope().isEmpty() && CALLS.containsKey(operation.key())
                    && !operation.key().equals("GET /v1/ledgers")) {
                throw new AssertionError(operation.key() + " takes a bearer credential but documents no scope");
            }
        }

        TenantState state = new TenantState();
        TenantState.Tenants tenants = new TenantState.Tenants(Set.of(victim.id(), attacker.id()),
                Set.of(victim.project(), attacker.project()), Set.of(ledger1, ledger2, attackerLedger),
                Set.of(victim.owner(), attacker.owner(), developer));
        Map<String, String> before = state.settled(tenants);
        for (String table : List.of("iam.api_keys", "iam.audit_events", "iam.revoked_tokens", "iam.sessions",
                "ledger.transactions", "ledger.schedules",
                "projector.transactions", "projector.accounts", "webhook.endpoints")) {
            assertTrue(!before.get(table).startsWith("0:"),
                    table + " holds the organisations' rows (the digest sees them)");
        }
        Map<TopicPartition, Long> published = state.outboxEnds();

        List<Cell> cells = new ArrayList<>();
        for (Operation operation : operations) {
            if (EXEMPT.containsKey(operation.key())) {
                continue;
            }
            for (Condition condition : Condition.values()) {
                Expectation expected = expectation(operation, condition);
                if (!(expected instanceof NotApplicable)) {
                    cells.add(new Cell(operation, condition, expected, null, false));
                    if (DIRECT_CREDENTIALS.containsKey(condition)) {
                        cells.add(new Cell(operation, condition, expected, upstream(operation), false));
                    }
                }
                Expectation shortened = shortFormExpectation(operation, condition);
                if (!(shortened instanceof NotApplicable)) {
                    cells.add(new Cell(operation, condition, shortened, null, true));
                }
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<String> failures = new ArrayList<>();
        Map<Condition, Integer> checked = new EnumMap<>(Condition.class);
        int direct = 0;
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (Cell cell : cells) {
                results.add(pool.submit(() -> run(http, cell)));
            }
            for (int i = 0; i < cells.size(); i++) {
                results.get(i).get().ifPresent(failures::add);
                checked.merge(cells.get(i).condition(), 1, Integer::sum);
                if (cells.get(i).service() != null) {
                    direct++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("Tenancy matrix: %d operations (%d exempt), %d requests (%d straight to the services) %s%n",
                operations.size(), EXEMPT.size(), cells.size(), direct, checked);

        Map<String, String> after = state.settled(tenants);
        List<String> changed = new ArrayList<>();
        before.forEach((table, digest) -> {
            if (!digest.equals(after.get(table))) {
                changed.add(table + " (" + digest + " -> " + after.get(table) + ")");
            }
        });
        Set<String> ids = tenants.ids();
        ids.addAll(List.of(key.toString(), client.toString(), invitation.toString()));
        List<String> announced = state.outboxRecordsSince(published).stream()
                .filter(record -> ids.stream().anyMatch(record::contains)).toList();

        assertAll(
                () -> assertTrue(failures.isEmpty(), failures.size() + " cells of the tenancy matrix were not refused "
                        + "as documented:\n" + String.join("\n", failures)),
                () -> assertEquals(List.of(), changed, "refused requests changed the organisations' rows"),
                () -> assertEquals(List.of(), announced, "refused requests published events about the organisations"));

        // the instruments see a write: one the victim's own administrator may make changes the digest and is published
        LedgerApi.createAccount(victim.token(null), ledger1, code("control"), "asset");
        assertNotEquals(after.get("ledger.accounts"), state.digest(tenants).get("ledger.accounts"));
        await("the control write is published").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> state.outboxRecordsSince(published).stream()
                        .anyMatch(r -> r.contains(ledger1.toString())));
    }

    /**
     * One request of the matrix: through the gateway ({@code service} null), or straight to the service behind it;
     * at the operation's canonical path, or at its short form ({@code /v1/transactions…} for the one ledger a
     * credential grants), which is public too but not repeated in the document.
     */
    private record Cell(Operation operation, Condition condition, Expectation expected, String service,
            boolean shortForm) {
    }

    private static final Pattern SHORT_FORM = Pattern.compile("/v1/ledgers/[^/]+/((transactions|accounts|"
            + "webhook-endpoints)(/.*)?)");

    /**
     * The short form's answer. It names no ledger, so it is aimed at the resources of another ledger by their ids
     * only: the ledger the credential grants must not hold them. Dead credentials are refused as anywhere.
     */
    private static Expectation shortFormExpectation(Operation operation, Condition condition) {
        if (!SHORT_FORM.matcher(operation.path().replace("{ledger_id}", "x")).matches()) {
            return new NotApplicable("has no short form");
        }
        switch (condition) {
            case EXPIRED_TOKEN, REVOKED_KEY, REVOKED_TOKEN:
                return new Refused(401, "UNAUTHORIZED");
            case FOREIGN_ID:
                return expectation(operation, condition);
            case OTHER_LEDGER:
                if (operation.path().contains("{transaction_id}")) {
                    return new Refused(404, "TRANSACTION_NOT_FOUND");
                }
                return operation.path().contains("{endpoint_id}")
                        ? new Refused(404, "WEBHOOK_ENDPOINT_NOT_FOUND")
                        : new NotApplicable("names nothing of the other ledger (account codes repeat across ledgers)");
            default:
                return new NotApplicable("the credential grants several ledgers or the read, as at the canonical path");
        }
    }

    /**
     * The service that answers an operation behind the gateway (docs/architecture.md, the gateway's routing
     * table): IAM administers organisations, ledgers included; webhook paths are the webhook service's; a ledger's
     * history and schedules and every write are the command service's; other reads are the projector's.
     */
    private static String upstream(Operation operation) {
        String path = operation.path();
        if (path.startsWith("/v1/ops/projector/")) {
            return "projector-service";
        }
        String ledgerPath = "/v1/ledgers/{ledger_id}/";
        if (!path.startsWith(ledgerPath) || path.equals(ledgerPath + "archive")) {
            return "iam-service";
        }
        String rest = path.substring(ledgerPath.length());
        if (rest.startsWith("webhook-")) {
            return "webhook-service";
        }
        if (!operation.method().equals("GET") || rest.startsWith("events") || rest.startsWith("verify")
                || rest.startsWith("schedules")) {
            return "ledger-command-service";
        }
        return "projector-service";
    }

    /** The documented answer (docs/security.md, "Tenancy matrix") of an operation under a condition. */
    private static Expectation expectation(Operation operation, Condition condition) {
        Optional<String> scope = operation.scope();
        boolean platform = scope.equals(Optional.of("ops:admin"));
        switch (condition) {
            case EXPIRED_TOKEN, REVOKED_KEY, REVOKED_TOKEN:
                return new Refused(401, "UNAUTHORIZED");
            case READ_ONLY:
                return scope.isEmpty() || READ_SCOPES.contains(scope.get())
                        ? new NotApplicable("a read the token's scopes grant")
                        : new Refused(403, "FORBIDDEN");
            case MEMBER_WITHOUT_ROLE:
                return scope.isPresent() && ADMIN_SCOPES.contains(scope.get())
                        ? new Refused(403, "FORBIDDEN")
                        : new NotApplicable("a developer's role grants it");
            case OTHER_LEDGER:
                if (operation.key().equals("GET /v1/ledgers")) {
                    return new OwnOnly();
                }
                return operation.underLedger() && !operation.ledgerAdministration()
                        ? new Refused(404, "LEDGER_NOT_FOUND")
                        : new NotApplicable("names no ledger, or administers the whole organisation (iam:admin)");
            case OTHER_ORG:
                if (platform) {
                    return new Refused(403, "FORBIDDEN");
                }
                if (operation.underLedger()) {
                    return new Refused(404, "LEDGER_NOT_FOUND");
                }
                String path = operation.path();
                if (path.contains("{key_id}")) {
                    return new Refused(404, "API_KEY_NOT_FOUND");
                }
                if (path.contains("/clients/{id}")) {
                    return new Refused(404, "CLIENT_NOT_FOUND");
                }
                if (path.contains("{project_id}")) {
                    return new Refused(404, "PROJECT_NOT_FOUND");
                }
                if (path.contains("{user_id}")) {
                    return new Refused(404, "MEMBER_NOT_FOUND");
                }
                if (path.contains("{invitation_id}")) {
                    return new Refused(404, "INVITATION_NOT_FOUND");
                }
                return operation.method().equals("GET")
                        ? new OwnOnly()
                        : new NotApplicable("creates in the caller's own organisation, naming nothing of another");
            case FOREIGN_ID:
                if (operation.key().equals("POST /v1/projects/{project_id}/api-keys")
                        || operation.key().equals("POST /v1/projects/{project_id}/clients")) {
                    return new Refused(400, "VALIDATION_FAILED");
                }
                if (!operation.underLedger() || platform) {
                    return new NotApplicable("names no resource under a ledger");
                }
                if (operation.path().contains("{transaction_id}")) {
                    return new Refused(404, "TRANSACTION_NOT_FOUND");
                }
                if (operation.path().contains("{schedule_id}")) {
                    return new Refused(404, "SCHEDULE_NOT_FOUND");
                }
                // a resend names a message and an endpoint: the message is looked up first
                if (operation.path().contains("{message_id}")) {
                    return new Refused(404, "WEBHOOK_MESSAGE_NOT_FOUND");
                }
                if (operation.path().contains("{endpoint_id}")) {
                    return new Refused(404, "WEBHOOK_ENDPOINT_NOT_FOUND");
                }
                return operation.path().contains("/accounts/{code}")
                        ? new Refused(404, "ACCOUNT_NOT_FOUND")
                        : new NotApplicable("names no resource under the ledger, or creates one in the caller's own");
            default:
                throw new IllegalArgumentException(condition.name());
        }
    }

    /**
     * The resources a condition aims at: ledger L2's for another ledger, L1's under the attacker's own ledger for
     * foreign ids, else L1's and the organisation's.
     */
    private static Resources resources(Condition condition) {
        UUID ledger = switch (condition) {
            case OTHER_LEDGER -> ledger2;
            case FOREIGN_ID -> attackerLedger;
            default -> ledger1;
        };
        Map<String, UUID> held = ledgerResources.get(condition == Condition.OTHER_LEDGER ? ledger2 : ledger1);
        String account = condition == Condition.FOREIGN_ID ? VICTIM_ONLY_ACCOUNT : "cash";
        // another organisation names the victim's key and client under a project of its own: the project check
        // passes there, so only the key's and the client's own tenancy can refuse
        UUID keyProject = condition == Condition.OTHER_ORG ? attacker.project() : victim.project();
        // foreign ids: the attacker's own project, granting a new credential the victim's ledger
        UUID project = condition == Condition.FOREIGN_ID ? attacker.project() : victim.project();
        UUID granted = condition == Condition.FOREIGN_ID ? ledger1 : ledger;
        return new Resources(ledger, granted, account, held.get("transaction"), held.get("hold"), held.get("schedule"),
                held.get("endpoint"), project, condition == Condition.FOREIGN_ID ? project : keyProject, key, client,
                developer, invitation, victim.id(), held.get("message"));
    }

    /** Sends one cell's request; answers what was wrong with the answer, if anything. */
    private static Optional<String> run(HttpClient http, Cell cell) throws IOException, InterruptedException {
        Operation operation = cell.operation();
        Resources target = resources(cell.condition());
        Call call = CALLS.get(operation.key());
        String path = bind(operation.path(), target);
        if (cell.shortForm()) {
            Matcher shortForm = SHORT_FORM.matcher(path);
            assertTrue(shortForm.matches(), path);
            path = "/v1/" + shortForm.group(1);
        }
        String base = cell.service() == null ? RunningStack.gateway()
                : RunningStack.get().service(cell.service()).url();
        URI uri = URI.create(base + path + (call.query().isEmpty() ? "" : "?" + call.query()));
        Object body = call.body().apply(target);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(operation.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        Credential credential = (cell.service() == null ? CREDENTIALS : DIRECT_CREDENTIALS).get(cell.condition());
        if (credential.bearer() != null) {
            request.header("Authorization", "Bearer " + credential.bearer());
        } else {
            request.header("Cookie", ConsoleSession.COOKIE + "=" + credential.session());
            if (!operation.method().equals("GET")) {
                request.header("X-CSRF-Token", credential.csrf());
            }
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String where = cell.condition() + " " + operation.method() + " " + path
                + (cell.service() == null ? "" : " at " + cell.service()) + ": ";
        String answer = " (answered " + response.statusCode() + " " + abbreviate(response.body()) + ")";
        if (cell.expected() instanceof OwnOnly) {
            if (response.statusCode() != 200) {
                return Optional.of(where + "expected 200 with the caller's own data" + answer);
            }
            for (String id : victimIds(cell.condition())) {
                if (response.body().contains(id)) {
                    return Optional.of(where + "lists the victim's " + id + answer);
                }
            }
            return Optional.empty();
        }
        Refused refused = (Refused) cell.expected();
        if (response.statusCode() != refused.status()) {
            return Optional.of(where + "expected " + refused.status() + " " + refused.code() + answer);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/problem+json")) {
            return Optional.of(where + "not a problem document: " + contentType + answer);
        }
        JsonNode problem = JSON.readTree(response.body());
        if (problem.path("status").asInt() != refused.status()
                || !problem.path("code").asText().equals(refused.code())) {
            return Optional.of(where + "expected code " + refused.code() + answer);
        }
        if (refused.status() == 401
                && !response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")) {
            return Optional.of(where + "401 without WWW-Authenticate: Bearer" + answer);
        }
        // the gateway names the scope it asked for; a service behind it just refuses
        if (refused.status() == 403 && cell.service() == null
                && !problem.path("required_scope").asText().equals(operation.scope().orElse(""))) {
            return Optional.of(where + "403 without required_scope " + operation.scope().orElse("") + answer);
        }
        return Optional.empty();
    }

    /** The ids a list must not show under a condition. */
    private static List<String> victimIds(Condition condition) {
        List<String> ids = new ArrayList<>();
        if (condition == Condition.OTHER_LEDGER) {
            ids.add(ledger2.toString());
            ledgerResources.get(ledger2).values().forEach(id -> ids.add(id.toString()));
            return ids;
        }
        for (UUID id : List.of(victim.id(), victim.project(), ledger1, ledger2, key, client, invitation, developer,
                victim.owner())) {
            ids.add(id.toString());
        }
        ids.add(developerEmail);
        return ids;
    }

    private static String bind(String template, Resources target) {
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "ledger_id" -> target.ledger().toString();
                case "code" -> template.contains("/assets/") ? "MX" + UUID.randomUUID().toString().substring(0, 6)
                        .toUpperCase().replaceAll("[^A-Z0-9]", "A") : target.account();
                case "transaction_id" -> (template.endsWith("/post") || template.endsWith("/void") ? target.hold()
                        : target.transaction()).toString();
                case "schedule_id" -> target.schedule().toString();
                case "endpoint_id" -> target.endpoint().toString();
                case "message_id" -> target.message().toString();
                // the matrix's endpoints subscribe to nothing that occurs: no attempt exists to name
                case "attempt_id" -> UUID.randomUUID().toString();
                case "project_id" -> (template.contains("{key_id}") || template.contains("/clients/{id}")
                        ? target.keyProject() : target.project()).toString();
                case "key_id" -> target.key().toString();
                case "id" -> template.contains("/clients/") ? target.client().toString() : UUID.randomUUID().toString();
                case "user_id" -> target.user().toString();
                case "invitation_id" -> target.invitation().toString();
                case "org_id", "organization_id" -> target.organization().toString();
                default -> throw new AssertionError("No value for the path parameter " + matcher.group(1) + " of "
                        + template + ": add one to the tenancy matrix");
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    /** The operations of the public document the gateway serves, each with the scope it documents. */
    private static List<Operation> publicOperations() throws IOException {
        JsonNode document = JSON.readTree(given().baseUri(RunningStack.gateway()).get("/openapi.json")
                .then().statusCode(200).extract().asString());
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters") || op.getKey().startsWith("x-")) {
                return;
            }
            Optional<String> scope = Optional.empty();
            for (JsonNode requirement : op.getValue().path("security")) {
                JsonNode scopes = requirement.path("oauth2");
                if (scopes.size() > 0) {
                    scope = Optional.of(scopes.get(0).asText());
                }
            }
            operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(),
                    op.getValue().path("operationId").asText(), scope));
        }));
        assertTrue(operations.size() > 50, "the public document lists the API: " + operations.size());
        return operations;
    }

    // --- building the organisations ---

    private static Org signUp(String name) {
        String email = code("owner") + "@example.test";
        Response signedUp = given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "organization_name", name)).post("/v1/signup");
        signedUp.then().statusCode(201);
        ConsoleSession browser = signIn(email);
        UUID project = UUID.fromString(browser.unsafe().body(Map.of("code", code("proj"), "name", name))
                .post("/v1/projects").then().statusCode(201).extract().path("id"));
        Response admin = browser.unsafe().body(Map.of("name", name + " administration", "scopes", List.of("ledger:read",
                "ledger:write", "webhooks:read", "webhooks:write", "iam:admin")))
                .post("/v1/projects/{project}/clients", project);
        admin.then().statusCode(201);
        return new Org(UUID.fromString(signedUp.path("organization.id")), UUID.fromString(signedUp.path("user.id")),
                browser, project, admin.path("client_id"), admin.path("client_secret"));
    }

    private static ConsoleSession signIn(String email) {
        return ConsoleSession.signIn(email, PASSWORD);
    }

    private static UUID createLedger(Org org, String name) {
        return UUID.fromString(org.browser().unsafe().body(Map.of("code", code(name), "name", name, "currency", "USD"))
                .post("/v1/projects/{project}/ledgers", org.project()).then().statusCode(201).extract().path("id"));
    }

    private static Map<String, Object> createKey(Org org, List<String> scopes, UUID ledger, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("scopes", scopes, "ledgers", List.of(ledger.toString()),
                "environment", "test"));
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return org.browser().unsafe().body(body).post("/v1/projects/{project}/api-keys", org.project())
                .then().statusCode(201).extract().as(Map.class);
    }

    /**
     * Accounts, an asset, a posted transaction, a hold, a schedule and a webhook endpoint in the ledger, and the
     * webhook message of one of its events.
     */
    private static Map<String, UUID> stock(String token, UUID ledger) {
        LedgerApi.createAccount(token, ledger, "cash", "asset");
        LedgerApi.createAccount(token, ledger, "revenue", "revenue");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("scale", 0))
                .put("/v1/ledgers/{ledger}/assets/{code}", ledger, "PTS").then().statusCode(201);
        Map<String, UUID> held = new LinkedHashMap<>();
        held.put("transaction", UUID.fromString(LedgerApi.post(token, ledger, LedgerApi.transfer(code("posted"), "cash",
                "revenue", "10.00")).then().statusCode(201).extract().path("transaction_id")));
        Map<String, Object> hold = new LinkedHashMap<>(LedgerApi.transfer(code("hold"), "cash", "revenue", "5.00"));
        hold.put("status", "pending");
        held.put("hold", UUID.fromString(LedgerApi.post(token, ledger, hold).then().statusCode(201).extract()
                .path("transaction_id")));
        held.put("schedule", UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON).body(schedule())
                .post("/v1/ledgers/{ledger}/schedules", ledger).then().statusCode(201).extract().path("id")));
        held.put("endpoint", UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON).body(endpoint())
                .post("/v1/ledgers/{ledger}/webhook-endpoints", ledger).then().statusCode(201).extract().path("id")));
        // the webhook service's message of one of the ledger's events
        held.put("message", UUID.fromString(await("the ledger's events reach the webhook service")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(token).queryParam("limit", 1)
                        .get("/v1/ledgers/{ledger}/webhook-messages", ledger).then().statusCode(200).extract()
                        .<String>path("data[0].id"), id -> id != null)));
        return held;
    }

    private static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(String bearer, String path) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(bearer).get(path).statusCode();
    }

    private static void status(String bearer, String path, int expected) {
        given().baseUri(RunningStack.gateway()).auth().oauth2(bearer).get(path).then().statusCode(expected);
    }

    private static void status(ConsoleSession browser, String path, int expected) {
        given().baseUri(RunningStack.gateway()).cookie(ConsoleSession.COOKIE, browser.session()).get(path)
                .then().statusCode(expected);
    }

    /** Revocations reach the gateway's deny-list within 5 s: polled, not slept. */
    private static void awaitRefused(String bearer) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(bearer, "/v1/ledgers/" + ledger1 + "/accounts") == 401);
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
