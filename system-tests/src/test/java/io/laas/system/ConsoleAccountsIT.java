package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.assertNoSidewaysScroll;
import static io.laas.system.ConsoleBrowser.console;
import static io.laas.system.ConsoleBrowser.field;
import static io.laas.system.ConsoleBrowser.named;
import static io.laas.system.ConsoleBrowser.newOwner;
import static io.laas.system.ConsoleBrowser.screenshot;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;

import io.laas.system.ConsoleBrowser.Owner;
import io.restassured.path.json.JsonPath;

/**
 * The accounts pages in a real Chromium against the running stack: an owner opens a parent and its children
 * (a refused one shows the API's field problem next to its input), changes limits and freezes an account;
 * with transactions posted through the API, the tree, the account page's chart and statement, and the
 * statement's CSV show what the API answers. Screenshots prefixed {@code accounts-}.
 */
class ConsoleAccountsIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void anOwnerBuildsAnAccountTreeAndReadsAnAccountsHistory() throws IOException {
        Owner books = newOwner("Accounts Books", "books", "Books");
        String email = books.email();
        ConsoleSession owner = books.session();
        String ledger = books.newLedger("main", "Main books", "USD");
        String accounts = console() + "/ledgers/" + ledger + "/accounts";

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(accounts);
            assertThat(page.getByRole(AriaRole.HEADING, named("Accounts"))).isVisible();
            assertThat(page.getByText("No accounts yet.", new Page.GetByTextOptions().setExact(false))).isVisible();

            page.getByRole(AriaRole.BUTTON, named("New account")).click();
            Locator form = page.getByRole(AriaRole.FORM, named("New account"));
            openAccount(page, form, "assets", "Assets", "asset", null, null);
            openAccount(page, form, "assets:cash", "Cash", "asset", "assets", null);
            openAccount(page, form, "assets:bank", "Bank", "asset", "assets", "0");

            // refused: the API's problem about the code shows next to the Code input
            String refusal = owner.unsafe().body(Map.of("code", "bad code!", "name", "Bad", "type", "equity"))
                    .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("code"))
                    .extract().path("errors[0].message");
            field(form, "Code").fill("bad code!");
            field(form, "Name").fill("Capital");
            field(form, "Type").selectOption("equity");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create account")).click();
            Locator code = field(form, "Code");
            assertThat(code).hasAttribute("aria-invalid", "true");
            assertThat(code).hasAccessibleDescription(Pattern.compile(literal(refusal)));
            screenshot(page, "accounts-create-refused");
            openAccount(page, form, "equity:capital", "Capital", "equity", null, null);
            owner.request().get("/v1/ledgers/{ledger}/accounts/{code}", ledger, "bad code!").then().statusCode(404);

            // transactions through the API: capital paid in 3 days ago, moved to the bank yesterday, a hold now
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            post(owner, ledger, Map.of("occurred_at", now.minusDays(3).toString(), "postings", List.of(
                    posting("assets:cash", "debit", "1250.00"), posting("equity:capital", "credit", "1250.00"))));
            post(owner, ledger, Map.of("occurred_at", now.minusDays(1).toString(), "postings", List.of(
                    posting("assets:bank", "debit", "300.50"), posting("assets:cash", "credit", "300.50"))));
            int sequence = post(owner, ledger, Map.of("status", "pending", "postings", List.of(
                    posting("assets:bank", "debit", "49.50"), posting("assets:cash", "credit", "49.50"))));
            owner.request().queryParam("min_sequence", sequence).get("/v1/ledgers/{ledger}/accounts", ledger)
                    .then().statusCode(200);

            // the tree shows what the API answers
            page.navigate(accounts);
            JsonPath list = owner.request().queryParam("limit", 1000).get("/v1/ledgers/{ledger}/accounts", ledger)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("assets", "assets:bank", "assets:cash", "equity:capital"), list.getList("data.code"));
            Locator tree = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Accounts of Main books"));
            for (int i = 0; i < 4; i++) {
                Locator row = row(tree, list.getString("data[" + i + "].code"));
                for (String figure : List.of("posted", "pending_debits", "pending_credits", "available")) {
                    assertThat(row).containsText(money(list.getString("data[" + i + "].balances." + figure), "USD"));
                }
            }
            assertThat(row(tree, "assets:cash")).containsText(money("900.00", "USD")); // available: 949.50 posted less the 49.50 held
            Locator collapse = tree.getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Collapse assets (2 sub-accounts)"));
            collapse.focus();
            page.keyboard().press("Enter");
            assertThat(row(tree, "assets:cash")).hasCount(0);
            page.keyboard().press("Enter");
            assertThat(row(tree, "assets:cash")).isVisible();
            screenshot(page, "accounts-tree");

            // the account page: limits edited, then frozen, both as the API then answers
            row(tree, "assets:cash").getByRole(AriaRole.LINK).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Cash"))).isVisible();
            page.getByRole(AriaRole.BUTTON, named("Edit account")).click();
            Locator edit = page.getByRole(AriaRole.FORM, named("Edit account"));
            edit.getByLabel("Minimum balance").fill("0");
            edit.getByLabel("Maximum balance").fill("100000");
            edit.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save changes")).click();
            assertThat(edit).hasCount(0);
            Locator details = page.getByRole(AriaRole.REGION, named("Details"));
            assertThat(details).containsText(money("100000.00", "USD"));
            owner.request().get("/v1/ledgers/{ledger}/accounts/{code}", ledger, "assets:cash").then().statusCode(200)
                    .body("limits.min_balance", equalTo("0.00")).body("limits.max_balance", equalTo("100000.00"))
                    .body("status", equalTo("open"));

            // the chart and the statement, read with the period the page asked for
            Request statementRequest = page.waitForRequest(request -> request.url().contains("/statement?"), () -> page.reload());
            assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions()
                    .setName(Pattern.compile("^Posted balance at the end of each day")))).isVisible();
            assertThat(page.locator(".recharts-line-curve")).isVisible();
            URI asked = URI.create(statementRequest.url());
            JsonPath statement = owner.request().urlEncodingEnabled(false)
                    .get(asked.getRawPath() + "?" + asked.getRawQuery()).then().statusCode(200).extract().jsonPath();
            List<String> balances = statement.getList("data.balance");
            assertEquals(List.of("1250.00", "949.50"), balances);
            Locator lines = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions()
                    .setName("Postings of the period with the balance after each"));
            Locator rows = lines.getByRole(AriaRole.ROW);
            assertThat(rows).hasCount(1 + balances.size());
            for (int i = 0; i < balances.size(); i++) {
                assertThat(rows.nth(i + 1).getByRole(AriaRole.CELL).last()).hasText(money(balances.get(i), "USD"));
            }
            Locator summary = page.getByRole(AriaRole.REGION, named("Statement"));
            assertThat(summary).containsText(money(statement.getString("closing_balance"), "USD"));
            assertThat(summary).containsText(money(statement.getString("pending.credits"), "USD"));
            screenshot(page, "accounts-account");

            // the CSV the page downloads is the API's for the same period
            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON, named("Download CSV")).click());
            String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
            String from = query(asked, "from");
            String to = query(asked, "to");
            String expected = owner.request().urlEncodingEnabled(false).accept("text/csv")
                    .get(asked.getRawPath() + "?from=" + from + "&to=" + to).then().statusCode(200).extract().asString();
            assertEquals(expected, csv);
            assertTrue(download.suggestedFilename().startsWith("statement-assets_cash-"), download.suggestedFilename());
            List<String> csvLines = csv.lines().toList();
            assertEquals("account_code,currency,line,effective_at,recorded_at,transaction_id,posting,sequence,event_type,"
                    + "direction,amount,balance", csvLines.get(0));
            assertEquals("assets:cash,USD,opening,,,,,,,,,0.00", csvLines.get(1));
            assertTrue(csvLines.get(2).endsWith(",debit,1250.00,1250.00"), csvLines.get(2));
            assertTrue(csvLines.get(3).endsWith(",credit,300.50,949.50"), csvLines.get(3));
            assertEquals("assets:cash,USD,pending,,,,,,,credit,49.50,", csvLines.get(7));
            assertEquals("assets:cash,USD,closing,,,,,,,,,949.50", csvLines.get(8));

            // freezing asks first, then the API answers the account frozen
            page.getByRole(AriaRole.BUTTON, named("Freeze")).click();
            Locator dialog = page.getByRole(AriaRole.ALERTDIALOG, named("Freeze assets:cash?"));
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Freeze")).click();
            assertThat(page.getByRole(AriaRole.BUTTON, named("Reopen"))).isVisible();
            assertThat(page.getByRole(AriaRole.HEADING, named("Cash")).locator("xpath=..")).containsText("frozen");
            owner.request().get("/v1/ledgers/{ledger}/accounts/{code}", ledger, "assets:cash").then().statusCode(200)
                    .body("status", equalTo("frozen"));
            screenshot(page, "accounts-account-frozen");

            page.navigate(accounts);
            page.getByLabel("Status").selectOption("frozen");
            page.getByRole(AriaRole.BUTTON, named("Apply filters")).click();
            assertThat(row(tree, "assets:cash")).isVisible();
            assertThat(tree.getByRole(AriaRole.LINK)).hasCount(1);
        }

        try (BrowserContext narrow = browser.newNarrowContext()) {
            Page page = narrow.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(accounts + "/assets%3Abank");
            assertThat(page.getByRole(AriaRole.HEADING, named("Bank"))).isVisible();
            assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions()
                    .setName("Postings of the period with the balance after each"))).isVisible();
            assertNoSidewaysScroll(page);
            screenshot(page, "accounts-account-narrow");
            page.navigate(accounts);
            assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Accounts of Main books")))
                    .isVisible();
            assertNoSidewaysScroll(page);
            screenshot(page, "accounts-tree-narrow");
        }
    }

    /** Fills the new-account form and waits for the console to say it was opened. */
    private static void openAccount(Page page, Locator form, String code, String name, String type, String parent,
            String minimum) {
        field(form, "Code").fill(code);
        field(form, "Name").fill(name);
        field(form, "Type").selectOption(type);
        form.getByLabel("Parent account").fill(parent == null ? "" : parent);
        form.getByLabel("Minimum balance").fill(minimum == null ? "" : minimum);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create account")).click();
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("opened.")))
                .hasText("Account " + code + " opened.");
        Locator tree = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Accounts of Main books"));
        assertThat(row(tree, code)).isVisible();
    }

    private static Locator row(Locator tree, String code) {
        return tree.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions()
                .setHas(tree.page().getByRole(AriaRole.LINK, named(code))));
    }

    /** A regular expression matching the text as it is (Playwright runs it in the browser, where Java's quoting is unknown). */
    private static String literal(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}-]", "\\\\$0");
    }

    private static Map<String, Object> posting(String account, String direction, String amount) {
        return Map.of("account_code", account, "direction", direction, "amount", amount);
    }

    /** Posts a transaction through the API; its ledger sequence. */
    private static int post(ConsoleSession owner, String ledger, Map<String, Object> transaction) {
        return owner.unsafe().header("Idempotency-Key", UUID.randomUUID().toString()).body(transaction)
                .post("/v1/ledgers/{ledger}/transactions", ledger).then().statusCode(201)
                .extract().path("ledger_sequence");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }

    /** An amount as the console shows it: thousands grouped, the digits as the API gave them, the currency after. */
    private static String money(String amount, String currency) {
        boolean negative = amount.startsWith("-");
        String digits = negative ? amount.substring(1) : amount;
        int point = digits.indexOf('.');
        String whole = point < 0 ? digits : digits.substring(0, point);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(whole.charAt(i));
        }
        assertFalse(grouped.isEmpty());
        return (negative ? "\u2212" : "") + grouped + (point < 0 ? "" : digits.substring(point)) + " " + currency;
    }
}
