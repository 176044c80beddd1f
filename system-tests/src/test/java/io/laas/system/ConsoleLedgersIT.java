package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.assertNoSidewaysScroll;
import static io.laas.system.ConsoleBrowser.console;
import static io.laas.system.ConsoleBrowser.exactly;
import static io.laas.system.ConsoleBrowser.field;
import static io.laas.system.ConsoleBrowser.named;
import static io.laas.system.ConsoleBrowser.newOwner;
import static io.laas.system.ConsoleBrowser.screenshot;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import io.laas.system.ConsoleBrowser.Owner;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The ledgers' pages of the console in a real Chromium against the running stack: an owner creates a ledger with
 * a custom asset, reads its overview, creates, uses, rotates and revokes an API key, creates an OAuth client and
 * gets a token with it, and archives the ledger; every step is read back through the API as a client would.
 */
class ConsoleLedgersIT {

    private static final Duration REVOCATION = Duration.ofSeconds(10);
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void anOwnerRunsALedgerAndItsCredentialsFromTheConsole() {
        Owner works = newOwner("Ledger Works", "books", "Books");
        String email = works.email();
        ConsoleSession owner = works.session();
        String project = works.project();

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);
            String ledger = createLedgerWithAnAsset(page, owner, project);
            readTheOverview(page, owner, ledger);
            renameTheLedger(page, owner, ledger);
            String key = createAndUseAnApiKey(page, owner, project, ledger);
            rotateAndRevokeTheKey(page, key, ledger);
            createAnOAuthClientAndGetAToken(page, ledger);
            archiveTheLedger(page, owner, ledger);
        }
        try (BrowserContext phone = browser.newNarrowContext()) {
            Page page = phone.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(console() + "/ledgers");
            assertThat(page.getByRole(AriaRole.LINK, named("Main books"))).isVisible();
            assertNoSidewaysScroll(page);
            screenshot(page, "ledgers-list-narrow");
        }
    }

    private static String createLedgerWithAnAsset(Page page, ConsoleSession owner, String project) {
        page.navigate(console() + "/ledgers");
        assertThat(page.getByRole(AriaRole.HEADING, named("Ledgers"))).isVisible();
        assertThat(page.getByText("No ledgers yet.")).isVisible();
        page.getByRole(AriaRole.BUTTON, named("New ledger")).click();
        field(page, "Code").fill("main");
        field(page, "Name").fill("Main book");
        page.getByLabel("Currency").fill("eur");
        page.getByRole(AriaRole.BUTTON, named("Add an asset")).click();
        page.getByLabel("Asset code 1").fill("USDC");
        page.getByLabel("Decimal places 1").fill("6");
        screenshot(page, "ledgers-new");
        page.getByRole(AriaRole.BUTTON, named("Create ledger")).click();

        // the new ledger's overview
        assertThat(page.getByRole(AriaRole.HEADING, named("Main book"))).isVisible();
        Matcher url = Pattern.compile("/ledgers/([0-9a-f-]{36})$").matcher(page.url());
        assertTrue(url.find(), page.url());
        String ledger = url.group(1);
        owner.request().get("/v1/projects/{project}/ledgers", project).then().statusCode(200)
                .body("data.id", equalTo(List.of(ledger)))
                .body("data[0].code", equalTo("main"))
                .body("data[0].currency", equalTo("EUR"));
        owner.request().get("/v1/ledgers/{ledger}/assets", ledger).then().statusCode(200)
                .body("data.code", equalTo(List.of("USDC")))
                .body("data[0].scale", equalTo(6));
        assertThat(page.getByRole(AriaRole.TABLE, named("Custom assets"))).containsText("USDC");
        return ledger;
    }

    private static void readTheOverview(Page page, ConsoleSession owner, String ledger) {
        owner.unsafe().body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        owner.unsafe().body(Map.of("code", "sales", "name", "Sales", "type", "revenue"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        String sequence = owner.unsafe().body(Map.of("idempotency_key", "sale-1", "external_id", "order-1",
                        "currency", "EUR", "occurred_at", Instant.now().toString(),
                        "postings", List.of(Map.of("account_code", "cash", "direction", "debit", "amount", "125.50"),
                                Map.of("account_code", "sales", "direction", "credit", "amount", "125.50"))))
                .post("/v1/ledgers/{ledger}/transactions", ledger).then().statusCode(201)
                .extract().header("Ledger-Sequence");
        owner.request().queryParam("min_sequence", sequence).get("/v1/ledgers/{ledger}/overview", ledger)
                .then().statusCode(200)
                .body("accounts", equalTo(2))
                .body("last_24_hours.transactions", equalTo(1))
                .body("last_24_hours.volume[0].amount", equalTo("125.50"));

        page.reload();
        Locator figures = page.getByLabel("Figures");
        assertThat(figures.getByRole(AriaRole.DEFINITION).first()).hasText("2");
        assertThat(figures).containsText("1 transaction");
        assertThat(figures).containsText("125.50 EUR");
        Locator latest = page.getByRole(AriaRole.TABLE, named("Latest transactions"));
        assertThat(latest.getByRole(AriaRole.LINK)).hasAttribute("href",
                Pattern.compile("/ledgers/" + ledger + "/transactions/[0-9a-f-]{36}$"));
        assertThat(latest).containsText("125.50 EUR");
        assertThat(page.getByText("Up to date")).isVisible();
        screenshot(page, "ledgers-overview");
    }

    private static void renameTheLedger(Page page, ConsoleSession owner, String ledger) {
        page.navigate(console() + "/ledgers");
        page.getByRole(AriaRole.BUTTON, named("Rename main")).click();
        page.getByLabel("New name of main").fill("Main books");
        page.getByLabel("New name of main").press("Enter");
        assertThat(page.getByRole(AriaRole.LINK, named("Main books"))).isVisible();
        owner.request().get("/v1/ledgers/{ledger}", ledger).then().statusCode(200).body("name", equalTo("Main books"));
        screenshot(page, "ledgers-list");
    }

    private static String createAndUseAnApiKey(Page page, ConsoleSession owner, String project, String ledger) {
        page.getByRole(AriaRole.NAVIGATION, named("Sections")).getByRole(AriaRole.LINK, exactly("API keys")).click();
        assertThat(page.getByRole(AriaRole.HEADING, named("API keys"))).isVisible();
        // the owner chose no project in the shell: the page asks for one
        page.getByRole(AriaRole.MAIN).getByLabel("Project").selectOption(project);
        assertThat(page.getByText("This project has no API keys yet.")).isVisible();
        page.getByRole(AriaRole.BUTTON, named("New API key")).click();
        page.getByLabel("Description").fill("Checkout");
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("ledger:write")).check();
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("main")).check();
        page.getByRole(AriaRole.BUTTON, named("Create API key")).click();

        Locator secret = field(page, "API key");
        String key = secret.inputValue();
        assertTrue(key.startsWith("sk_live_k1"), key);
        assertThat(page.getByText("it is shown only once")).isVisible();
        String label = key.substring(0, 12) + "…" + key.substring(key.length() - 4);
        assertThat(page.getByRole(AriaRole.ROWHEADER, new Page.GetByRoleOptions().setName(label))).isVisible();
        screenshot(page, "ledgers-api-keys");

        // the key as a server uses it: sent as the bearer credential, on its one ledger, short paths included
        given().baseUri(RunningStack.gateway()).auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200).body("data.code", equalTo(List.of("cash", "sales")));
        given().baseUri(RunningStack.gateway()).auth().oauth2(key).get("/v1/accounts/cash")
                .then().statusCode(200).body("balance", equalTo("125.50"));
        owner.request().get("/v1/projects/{project}/api-keys", project).then().statusCode(200)
                .body("data[0].description", equalTo("Checkout"))
                .body("data[0].scopes", equalTo(List.of("ledger:read", "ledger:write")))
                .body("data[0].ledgers", equalTo(List.of(ledger)))
                .body("data[0].last_used_at", notNullValue());

        page.getByRole(AriaRole.BUTTON, named("I have saved it")).click();
        assertThat(secret).hasCount(0);
        return key;
    }

    private static void rotateAndRevokeTheKey(Page page, String oldKey, String ledger) {
        page.getByRole(AriaRole.BUTTON, named("Rotate")).click();
        Locator rotate = page.getByRole(AriaRole.ALERTDIALOG);
        rotate.getByLabel("The old key keeps working").selectOption("0");
        screenshot(page, "ledgers-api-key-rotate");
        rotate.getByRole(AriaRole.BUTTON, exactly("Rotate key")).click();
        String newKey = field(page, "API key").inputValue();
        assertTrue(newKey.startsWith("sk_live_k1") && !newKey.equals(oldKey), newKey);

        await().atMost(REVOCATION).pollInterval(Duration.ofMillis(100)).until(() -> accounts(oldKey, ledger).statusCode() == 401);
        accounts(newKey, ledger).then().statusCode(200);

        page.getByRole(AriaRole.BUTTON, named("I have saved it")).click();
        String label = newKey.substring(0, 12) + "…" + newKey.substring(newKey.length() - 4);
        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.ROWHEADER, new Page.GetByRoleOptions().setName(label))));
        row.getByRole(AriaRole.BUTTON, exactly("Revoke")).click();
        Locator revoke = page.getByRole(AriaRole.ALERTDIALOG);
        assertThat(revoke).containsText("cannot be undone");
        revoke.getByRole(AriaRole.BUTTON, exactly("Revoke key")).click();
        assertThat(revoke).hasCount(0);
        assertThat(row).containsText("revoked");
        await().atMost(REVOCATION).pollInterval(Duration.ofMillis(100)).until(() -> accounts(newKey, ledger).statusCode() == 401);
    }

    private static Response accounts(String key, String ledger) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", ledger);
    }

    private static void createAnOAuthClientAndGetAToken(Page page, String ledger) {
        page.getByRole(AriaRole.NAVIGATION, named("Sections")).getByRole(AriaRole.LINK, exactly("OAuth clients")).click();
        assertThat(page.getByRole(AriaRole.HEADING, named("OAuth clients"))).isVisible();
        // the project chosen on the API keys page is the page's own: here it is asked again
        page.getByRole(AriaRole.MAIN).getByLabel("Project").selectOption(new SelectOption().setLabel("Books (books)"));
        page.getByRole(AriaRole.BUTTON, named("New OAuth client")).click();
        field(page, "Name").fill("Reporting");
        page.getByRole(AriaRole.BUTTON, named("Create OAuth client")).click();

        String secret = field(page, "client secret").inputValue();
        String clientId = page.locator(".issued code").first().innerText();
        assertTrue(clientId.startsWith("lc_"), clientId);
        assertTrue(secret.startsWith("cs_"), secret);
        assertThat(page.getByRole(AriaRole.ROWHEADER, named("Reporting"))).isVisible();
        screenshot(page, "ledgers-oauth-clients");

        String token = given().baseUri(RunningStack.gateway()).auth().preemptive().basic(clientId, secret)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth/token").then().statusCode(200)
                .body("scope", equalTo("ledger:read"))
                .extract().path("access_token");
        // a client configured with no ledger is granted every ledger of its project
        given().baseUri(RunningStack.gateway()).auth().oauth2(token).get("/v1/ledgers").then().statusCode(200)
                .body("data.id", hasItem(ledger));
        page.getByRole(AriaRole.BUTTON, named("I have saved it")).click();
    }

    private static void archiveTheLedger(Page page, ConsoleSession owner, String ledger) {
        page.getByRole(AriaRole.NAVIGATION, named("Sections")).getByRole(AriaRole.LINK, exactly("Ledgers")).click();
        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Main books"));
        row.getByRole(AriaRole.BUTTON, exactly("Archive")).click();
        Locator dialog = page.getByRole(AriaRole.ALERTDIALOG);
        assertThat(dialog).containsText("final");
        assertThat(dialog).containsText("Pending holds stay pending");
        screenshot(page, "ledgers-archive");
        dialog.getByRole(AriaRole.BUTTON, exactly("Archive for good")).click();
        assertThat(dialog).hasCount(0);
        assertThat(row).containsText("Archived");
        assertThat(row.getByRole(AriaRole.BUTTON, exactly("Archive"))).hasCount(0);

        owner.request().get("/v1/ledgers").then().statusCode(200)
                .body("data.find { it.id == '" + ledger + "' }.archived_at", notNullValue());
        // the command service learns the archive within a second or so: from then on, every write is refused
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> owner.unsafe()
                .body(Map.of("code", "late", "name", "Late", "type", "asset"))
                .post("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(409).body("code", equalTo("LEDGER_ARCHIVED")));
        owner.request().get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200);
        assertEquals(2, owner.request().get("/v1/ledgers/{ledger}/accounts", ledger).jsonPath().getList("data").size());
    }
}
