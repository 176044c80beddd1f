package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.exactly;
import static io.laas.system.ConsoleBrowser.named;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import io.restassured.http.ContentType;

/**
 * A new user's first hour, in the console only (a real Chromium against the running stack): sign up with the
 * keyboard, create a project, a ledger and its accounts, create an API key and post with it as a program would,
 * post and reverse a transaction in the console, see the account's balance and statement follow, and register a
 * webhook endpoint (a loopback receiver) whose delivery shows in the delivery log. Each step is read back through
 * the API; every page captured passes the accessibility rules ({@link ConsoleBrowser#screenshot}).
 */
class ConsoleJourneyIT {

    private static final Pattern LEDGER_URL = Pattern.compile(".*/ledgers/([0-9a-f-]{36})$");
    private static final Pattern TRANSACTION_URL = Pattern.compile(".*/transactions/([0-9a-f-]{36})$");

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = LoopbackReceiver.answering("/journey-hooks", earlier -> LoopbackReceiver.Answer.of(204));
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aNewUserGoesFromSignUpToAWebhookDeliveryInTheConsole() {
        String email = "journey-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();

            // sign up with the keyboard alone: the fields in tab order, Enter submits
            page.navigate(ConsoleBrowser.console() + "/sign-up");
            assertThat(page.getByRole(AriaRole.HEADING, named("Create your LaaS account"))).isVisible();
            page.getByLabel("Email").focus();
            page.keyboard().type(email);
            page.keyboard().press("Tab");
            page.keyboard().type(ConsoleBrowser.PASSWORD);
            page.keyboard().press("Tab");
            page.keyboard().type("Journey Books");
            page.keyboard().press("Enter");
            assertThat(page.getByRole(AriaRole.HEADING, named("Ledgers"))).isVisible();
            assertThat(page.getByText(email + " (owner)")).isVisible();
            ConsoleSession admin = ConsoleSession.signIn(email, ConsoleBrowser.PASSWORD);

            // a project, chosen in the top bar
            sections(page).getByRole(AriaRole.LINK, exactly("Projects")).click();
            page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill("shop");
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Shop");
            page.getByRole(AriaRole.BUTTON, named("Create project")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("created")))
                    .hasText("Project shop created.");
            page.getByRole(AriaRole.BANNER).getByLabel("Project").selectOption(new SelectOption().setLabel("Shop"));
            String project = admin.request().get("/v1/projects").then().statusCode(200)
                    .body("data.code", contains("shop")).extract().path("data[0].id");

            // a ledger, and its overview
            sections(page).getByRole(AriaRole.LINK, exactly("Ledgers")).click();
            page.getByRole(AriaRole.BUTTON, named("New ledger")).click();
            page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill("main");
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Main book");
            page.getByLabel("Currency").fill("EUR");
            page.getByRole(AriaRole.BUTTON, named("Create ledger")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Main book"))).isVisible();
            String ledger = idIn(page, LEDGER_URL);
            admin.request().get("/v1/projects/{project}/ledgers", project).then().statusCode(200)
                    .body("data.id", contains(ledger)).body("data[0].currency", equalTo("EUR"));
            // the API's reads below in a session opened now: a session's token lists the ledgers of its time
            ConsoleSession owner = ConsoleSession.signIn(email, ConsoleBrowser.PASSWORD);

            // two accounts
            ledgerTab(page, "Accounts");
            assertThat(page.getByRole(AriaRole.HEADING, named("Accounts"))).isVisible();
            page.getByRole(AriaRole.BUTTON, named("New account")).click();
            Locator form = page.getByRole(AriaRole.FORM, named("New account"));
            openAccount(page, form, "cash", "Cash", "asset");
            openAccount(page, form, "sales", "Sales", "revenue");
            owner.request().get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(200)
                    .body("data.code", contains("cash", "sales")).body("data.currency", contains("EUR", "EUR"));

            // an API key, used by a program: a transaction posted with it over plain HTTP
            sections(page).getByRole(AriaRole.LINK, exactly("API keys")).click();
            page.getByRole(AriaRole.BUTTON, named("New API key")).click();
            page.getByLabel("Description").fill("Checkout");
            page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("ledger:write")).check();
            page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("main")).check();
            page.getByRole(AriaRole.BUTTON, named("Create API key")).click();
            String key = page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true)).inputValue();
            ConsoleBrowser.screenshot(page, "journey-api-key");
            page.getByRole(AriaRole.BUTTON, named("I have saved it")).click();
            String sale = given().baseUri(RunningStack.gateway()).auth().oauth2(key).contentType(ContentType.JSON)
                    .header("Idempotency-Key", "sale-1")
                    .body(Map.of("postings", List.of(
                            Map.of("account_code", "cash", "direction", "debit", "amount", "100.00"),
                            Map.of("account_code", "sales", "direction", "credit", "amount", "100.00"))))
                    .post("/v1/ledgers/{ledger}/transactions", ledger).then().statusCode(201)
                    .extract().path("transaction_id");

            // a transaction posted in the console, then reversed
            page.navigate(ConsoleBrowser.console() + "/ledgers/" + ledger);
            ledgerTab(page, "Transactions");
            page.getByRole(AriaRole.LINK, named("New transaction")).click();
            fillPosting(page, 1, "cash", "debit", "25.50");
            fillPosting(page, 2, "sales", "credit", "25.50");
            assertThat(page.getByText("Balanced in EUR.")).isVisible();
            page.getByRole(AriaRole.BUTTON, named("Post transaction")).click();
            page.waitForURL(TRANSACTION_URL);
            String posted = idIn(page, TRANSACTION_URL);
            page.getByRole(AriaRole.BUTTON, named("Reverse")).click();
            page.getByRole(AriaRole.ALERTDIALOG, named("Reverse this transaction?"))
                    .getByRole(AriaRole.BUTTON, exactly("Reverse")).click();
            assertThat(page.getByText("Everything this transaction posted has been reversed.")).isVisible();
            String reversal = owner.request().get("/v1/ledgers/{ledger}/transactions/{id}", ledger, posted)
                    .then().statusCode(200).body("postings.amount", contains("25.50", "25.50"))
                    .extract().path("reversed_by[0]");
            ConsoleBrowser.screenshot(page, "journey-reversed");

            // the account's balance and statement follow: 100.00, then 125.50, then 100.00 again
            page.getByRole(AriaRole.LINK, named("cash")).first().click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Cash"))).isVisible();
            owner.request().get("/v1/ledgers/{ledger}/accounts/cash", ledger).then().statusCode(200)
                    .body("balance", equalTo("100.00"));
            assertThat(page.getByRole(AriaRole.REGION, named("Balances"))).containsText("100.00 EUR");
            Locator lines = page.getByRole(AriaRole.TABLE, named("Postings of the period with the balance after each"))
                    .getByRole(AriaRole.ROW);
            assertThat(lines).hasCount(4);
            List<String> running = List.of("100.00 EUR", "125.50 EUR", "100.00 EUR");
            List<String> transactions = List.of(sale, posted, reversal);
            for (int i = 0; i < running.size(); i++) {
                assertThat(lines.nth(i + 1).getByRole(AriaRole.CELL).last()).hasText(running.get(i));
                assertThat(lines.nth(i + 1)).containsText(transactions.get(i).substring(0, 8));
            }
            ConsoleBrowser.screenshot(page, "journey-account");

            // a webhook endpoint on a loopback receiver, and a delivery in the log
            ledgerTab(page, "Webhooks");
            assertThat(page.getByRole(AriaRole.HEADING, named("Webhook endpoints"))).isVisible();
            page.getByRole(AriaRole.LINK, named("Register an endpoint")).click();
            page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill(receiver.url());
            page.getByRole(AriaRole.BUTTON, named("Register the endpoint")).click();
            Locator secret = page.getByRole(AriaRole.REGION, named("New signing secret"));
            assertTrue(secret.getByLabel("signing secret", new Locator.GetByLabelOptions().setExact(true)).inputValue()
                    .startsWith("whsec_"));
            secret.getByRole(AriaRole.BUTTON, exactly("I have saved it")).click();
            owner.request().get("/v1/ledgers/{ledger}/webhook-endpoints", ledger).then().statusCode(200)
                    .body("data.url", contains(receiver.url()));
            String delivered = given().baseUri(RunningStack.gateway()).auth().oauth2(key).contentType(ContentType.JSON)
                    .header("Idempotency-Key", "sale-2")
                    .body(Map.of("postings", List.of(
                            Map.of("account_code", "cash", "direction", "debit", "amount", "7.25"),
                            Map.of("account_code", "sales", "direction", "credit", "amount", "7.25"))))
                    .post("/v1/ledgers/{ledger}/transactions", ledger).then().statusCode(201)
                    .extract().path("transaction_id");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> receiver.requests()
                    .stream().anyMatch(request -> request.body().contains(delivered)));
            page.getByRole(AriaRole.NAVIGATION, named("Webhooks")).getByRole(AriaRole.LINK, exactly("Delivery log")).click();
            Locator messages = page.getByRole(AriaRole.TABLE, named("Webhook messages of Main book"));
            Locator message = messages.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(delivered));
            assertThat(message).containsText("transaction.posted");
            ConsoleBrowser.screenshot(page, "journey-delivery-log");
            message.getByRole(AriaRole.LINK).first().click();
            Locator deliveries = page.getByRole(AriaRole.TABLE, named("Deliveries of this message, one per endpoint"));
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(receiver.url())))
                    .containsText("Succeeded");
        }
    }

    private static Locator sections(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, named("Sections"));
    }

    private static void ledgerTab(Page page, String tab) {
        page.getByRole(AriaRole.NAVIGATION, named("Ledger sections")).getByRole(AriaRole.LINK, exactly(tab)).click();
    }

    private static void openAccount(Page page, Locator form, String code, String name, String type) {
        form.getByLabel("Code", new Locator.GetByLabelOptions().setExact(true)).fill(code);
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill(name);
        form.getByLabel("Type", new Locator.GetByLabelOptions().setExact(true)).selectOption(type);
        form.getByRole(AriaRole.BUTTON, exactly("Create account")).click();
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("opened.")))
                .hasText("Account " + code + " opened.");
    }

    private static void fillPosting(Page page, int number, String account, String direction, String amount) {
        Locator posting = page.getByRole(AriaRole.GROUP, named("Posting " + number));
        posting.getByLabel("Account").fill(account);
        posting.getByLabel("Direction").selectOption(direction);
        posting.getByLabel("Amount").fill(amount);
    }

    private static String idIn(Page page, Pattern url) {
        Matcher matcher = url.matcher(page.url());
        assertTrue(matcher.matches(), page.url());
        return matcher.group(1);
    }
}
