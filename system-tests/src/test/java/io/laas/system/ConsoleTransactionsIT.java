package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.console;
import static io.laas.system.ConsoleBrowser.exactly;
import static io.laas.system.ConsoleBrowser.field;
import static io.laas.system.ConsoleBrowser.named;
import static io.laas.system.ConsoleBrowser.newOwner;
import static io.laas.system.ConsoleBrowser.screenshot;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.laas.system.ConsoleBrowser.Owner;
import io.restassured.path.json.JsonPath;

/**
 * The console's transactions and reports in a real Chromium against the running stack: a person posts a
 * transaction (an unbalanced one cannot be sent, a refused one shows the problem's detail), finds it in the
 * list, reverses it, commits a hold and voids another, and reads the reports and their CSV; each step is
 * checked against what the API then answers. Screenshots: {@code target/console-screenshots/tx-*.png}.
 */
class ConsoleTransactionsIT {

    private static final Pattern TRANSACTION_URL = Pattern.compile(".*/transactions/([0-9a-f-]{36})$");
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void aPersonPostsReversesHoldsCommitsVoidsAndReadsTheReports() throws IOException {
        Owner shop = newOwner("Console Transactions", "shop", "Shop");
        String email = shop.email();
        ConsoleSession owner = shop.session();
        String ledger = shop.newLedger("books", "Books", "USD");
        // the session's token names the new ledger once it is issued again (within 5 s)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> owner.unsafe()
                .body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).statusCode() == 201);
        owner.unsafe().body(Map.of("code", "revenue", "name", "Sales", "type", "revenue"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        owner.unsafe().body(Map.of("code", "wallet", "name", "Customer wallet", "type", "liability",
                "limits", Map.of("min_balance", "0.00"))).post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        String ledgerPath = console() + "/ledgers/" + ledger;

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);

            // an unbalanced transaction cannot be sent
            page.navigate(ledgerPath + "/transactions");
            assertThat(page.getByRole(AriaRole.HEADING, named("Transactions"))).isVisible();
            assertThat(page.getByText("No transactions yet. Post the first one.")).isVisible();
            page.getByRole(AriaRole.LINK, named("New transaction")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("New transaction"))).isVisible();
            fillPosting(page, 1, "wallet", "debit", "30.00");
            fillPosting(page, 2, "revenue", "credit", "29.99");
            assertThat(page.getByText("Not balanced: debits and credits differ in USD by 0.01.")).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, named("Post transaction"))).isDisabled();
            screenshot(page, "tx-new-unbalanced");

            // a refused one shows the problem's detail, as the API gives it
            posting(page, 2).getByLabel("Amount").fill("30.00");
            assertThat(page.getByText("Balanced in USD.")).isVisible();
            page.getByRole(AriaRole.BUTTON, named("Post transaction")).click();
            String refusal = owner.unsafe().body(Map.of("idempotency_key", UUID.randomUUID().toString(), "postings", List.of(
                    Map.of("account_code", "wallet", "direction", "debit", "amount", "30.00"),
                    Map.of("account_code", "revenue", "direction", "credit", "amount", "30.00"))))
                    .post("/v1/ledgers/{ledger}/transactions", ledger)
                    .then().statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS")).extract().path("detail");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText(refusal);
            screenshot(page, "tx-new-refused");

            // posted: the page of the new transaction
            posting(page, 1).getByLabel("Account").fill("cash");
            page.getByLabel("External id (optional)").fill("order-1");
            page.getByRole(AriaRole.BUTTON, named("Add metadata")).click();
            page.getByLabel("Key 1").fill("channel");
            page.getByLabel("Value 1").fill("console");
            page.getByRole(AriaRole.BUTTON, named("Post transaction")).click();
            String posted = transactionIdOf(page);
            assertThat(page.getByRole(AriaRole.HEADING, named("Transaction"))).isVisible();
            assertThat(page.getByText("order-1")).isVisible();
            JsonPath original = transaction(owner, ledger, posted);
            assertEquals("posted", original.getString("status"));
            assertEquals("order-1", original.getString("external_id"));
            assertEquals("console", original.getString("metadata.channel"));
            assertEquals(List.of("cash", "revenue"), original.getList("postings.account_code"));
            assertEquals(List.of("30.00", "30.00"), original.getList("postings.amount"));
            String hash = owner.request().queryParam("after_sequence", original.getLong("sequence") - 1).queryParam("limit", 1)
                    .get("/v1/ledgers/{ledger}/events", ledger).then().statusCode(200).extract().path("data[0].hash");
            assertThat(page.getByText(hash)).isVisible();
            screenshot(page, "tx-detail");

            // in the list, linking to its page
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Ledger sections"))
                    .getByRole(AriaRole.LINK, exactly("Transactions")).click();
            Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("order-1"));
            assertThat(row).containsText("30.00 USD");
            assertThat(row).containsText("posted");
            screenshot(page, "tx-list");
            row.getByRole(AriaRole.LINK).click();
            assertThat(page).hasURL(ledgerPath + "/transactions/" + posted);

            // reversed: the reversal's id shown, linking to it
            page.getByRole(AriaRole.BUTTON, named("Reverse")).click();
            Locator dialog = page.getByRole(AriaRole.ALERTDIALOG, new Page.GetByRoleOptions().setName("Reverse this transaction?"));
            dialog.getByRole(AriaRole.BUTTON, exactly("Reverse")).click();
            Locator reversalLink = page.getByRole(AriaRole.STATUS).getByRole(AriaRole.LINK);
            assertThat(reversalLink).isVisible();
            String reversal = reversalLink.textContent().trim();
            assertThat(page.getByText("Everything this transaction posted has been reversed.")).isVisible();
            owner.request().get("/v1/ledgers/{ledger}/transactions/{id}", ledger, posted).then().statusCode(200)
                    .body("reversed_by", contains(reversal)).body("postings.reversed_amount", contains("30.00", "30.00"));
            owner.request().get("/v1/ledgers/{ledger}/transactions/{id}", ledger, reversal).then().statusCode(200)
                    .body("reversal_of", equalTo(posted)).body("postings.direction", contains("credit", "debit"));
            screenshot(page, "tx-reversed");
            reversalLink.click();
            assertThat(page).hasURL(ledgerPath + "/transactions/" + reversal);
            assertThat(page.locator(".transaction-id").getByText("reversal", new Locator.GetByTextOptions().setExact(true)))
                    .isVisible();
            assertThat(page.getByRole(AriaRole.LINK, named(posted))).isVisible();

            // a hold, committed in part
            page.navigate(ledgerPath + "/transactions/new");
            fillPosting(page, 1, "cash", "debit", "70.00");
            fillPosting(page, 2, "revenue", "credit", "70.00");
            page.getByLabel("External id (optional)").fill("hold-1");
            page.getByLabel("Hold only (pending until committed or voided)").check();
            page.getByLabel("Hold expires at (optional; default never)").fill("2030-01-01T12:00");
            page.getByRole(AriaRole.BUTTON, named("Hold transaction")).click();
            String hold = transactionIdOf(page);
            assertThat(page.getByRole(AriaRole.HEADING, named("Hold"))).isVisible();
            JsonPath pending = transaction(owner, ledger, hold);
            assertEquals("pending", pending.getString("status"));
            assertEquals(List.of("70.00", "70.00"), pending.getList("postings.pending_amount"));
            String expiresAt = pending.getString("expires_at");
            assertTrue(expiresAt.startsWith("2030-01-01T") && expiresAt.endsWith(":00Z"), expiresAt);
            assertThat(page.getByText("Hold expires at")).isVisible();
            page.getByLabel("Amount to commit, posting 1").fill("50.00");
            page.getByLabel("Amount to commit, posting 2").fill("50.00");
            screenshot(page, "tx-hold");
            page.getByRole(AriaRole.BUTTON, named("Commit hold")).click();
            page.getByRole(AriaRole.ALERTDIALOG, new Page.GetByRoleOptions().setName("Commit this hold?"))
                    .getByRole(AriaRole.BUTTON, exactly("Commit hold")).click();
            assertThat(page.locator(".transaction-id").getByText("committed", new Locator.GetByTextOptions().setExact(true)))
                    .isVisible();
            JsonPath committed = transaction(owner, ledger, hold);
            assertEquals("posted", committed.getString("status"));
            assertTrue(committed.getString("committed_at") != null);
            assertEquals(List.of("50.00", "50.00"), committed.getList("postings.amount"));
            assertEquals(List.of("20.00", "20.00"), committed.getList("postings.released"));
            screenshot(page, "tx-committed");

            // another hold, voided
            page.navigate(ledgerPath + "/transactions/new");
            fillPosting(page, 1, "cash", "debit", "20.00");
            fillPosting(page, 2, "revenue", "credit", "20.00");
            page.getByLabel("External id (optional)").fill("hold-2");
            page.getByLabel("Hold only (pending until committed or voided)").check();
            page.getByRole(AriaRole.BUTTON, named("Hold transaction")).click();
            String voided = transactionIdOf(page);
            page.getByRole(AriaRole.BUTTON, named("Void hold")).click();
            page.getByRole(AriaRole.ALERTDIALOG, new Page.GetByRoleOptions().setName("Void this hold?"))
                    .getByRole(AriaRole.BUTTON, exactly("Void hold")).click();
            assertThat(page.locator(".transaction-id").getByText("voided", new Locator.GetByTextOptions().setExact(true)))
                    .isVisible();
            owner.request().get("/v1/ledgers/{ledger}/transactions/{id}", ledger, voided).then().statusCode(200)
                    .body("status", equalTo("voided")).body("void_reason", equalTo("voided")).body("voided_at", notNullValue());
            screenshot(page, "tx-voided");

            // the list filtered by status (in the address), then by external id (in the form)
            page.navigate(ledgerPath + "/transactions?status=voided");
            assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("hold-2"))).isVisible();
            assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("order-1"))).hasCount(0);
            page.getByLabel("Status").selectOption("");
            field(page, "External id").fill("hold-1");
            page.getByRole(AriaRole.BUTTON, named("Apply filters")).click();
            assertThat(page).hasURL(ledgerPath + "/transactions?external_id=hold-1");
            assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("hold-1"))).containsText("committed");
            assertThat(page.getByRole(AriaRole.ROW)).hasCount(2);
            screenshot(page, "tx-list-filtered");

            // reports: the API's totals, and the same in the CSV
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Ledger sections"))
                    .getByRole(AriaRole.LINK, exactly("Reports")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Reports"))).isVisible();
            JsonPath trial = owner.request().get("/v1/ledgers/{ledger}/reports/trial-balance", ledger)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals("50.00", trial.getString("currencies[0].total_debits"));
            Locator trialTable = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Trial balance in USD"));
            assertThat(trialTable.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Total")))
                    .hasText("Total" + trial.getString("currencies[0].total_debits") + trial.getString("currencies[0].total_credits")
                            + "Balanced");
            screenshot(page, "tx-reports-trial-balance");
            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON, named("Download CSV")).click());
            String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
            String apiCsv = owner.request().accept("text/csv").get("/v1/ledgers/{ledger}/reports/trial-balance", ledger)
                    .then().statusCode(200).extract().asString();
            assertEquals(apiCsv, csv);
            assertTrue(csv.contains("USD,total,,,,,,,50.00,50.00,,"), csv);

            page.getByRole(AriaRole.RADIO, named("Balance sheet")).check();
            JsonPath sheet = owner.request().get("/v1/ledgers/{ledger}/reports/balance-sheet", ledger)
                    .then().statusCode(200).extract().jsonPath();
            Locator equity = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Equity (USD)"));
            assertThat(equity.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Current earnings")))
                    .containsText(sheet.getString("currencies[0].equity.current_earnings"));
            assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Assets (USD)"))
                    .getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Total assets")))
                    .containsText(sheet.getString("currencies[0].assets.total"));
            screenshot(page, "tx-reports-balance-sheet");

            page.getByRole(AriaRole.RADIO, named("Income statement")).check();
            Locator revenue = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Revenue (USD)"));
            assertThat(revenue.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Total revenue")))
                    .containsText("50.00");
            assertThat(page.getByText("50.00 USD")).isVisible();
            screenshot(page, "tx-reports-income-statement");
        }

        try (BrowserContext narrow = browser.newNarrowContext()) {
            Page page = narrow.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(ledgerPath + "/transactions/new");
            fillPosting(page, 1, "cash", "debit", "1.00");
            assertThat(page.getByRole(AriaRole.BUTTON, named("Post transaction"))).isDisabled();
            screenshot(page, "tx-new-narrow");
            page.navigate(ledgerPath + "/transactions");
            assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("order-1"))).isVisible();
            screenshot(page, "tx-list-narrow");
        }
    }

    private static Locator posting(Page page, int number) {
        return page.getByRole(AriaRole.GROUP, named("Posting " + number));
    }

    private static void fillPosting(Page page, int number, String account, String direction, String amount) {
        Locator posting = posting(page, number);
        posting.getByLabel("Account").fill(account);
        posting.getByLabel("Direction").selectOption(direction);
        posting.getByLabel("Amount").fill(amount);
    }

    /** The id of the transaction whose page the browser went to. */
    private static String transactionIdOf(Page page) {
        page.waitForURL(TRANSACTION_URL);
        Matcher matcher = TRANSACTION_URL.matcher(page.url());
        assertTrue(matcher.matches(), page.url());
        return matcher.group(1);
    }

    private static JsonPath transaction(ConsoleSession owner, String ledger, String id) {
        return owner.request().get("/v1/ledgers/{ledger}/transactions/{id}", ledger, id)
                .then().statusCode(200).extract().jsonPath();
    }
}
