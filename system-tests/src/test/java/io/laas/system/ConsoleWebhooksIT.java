package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.standardwebhooks.Webhook;

import io.restassured.path.json.JsonPath;

/**
 * The console's webhooks pages in a real Chromium against the running stack, with a receiver on loopback (the
 * whole-suite stack allows private targets): a person registers an endpoint and keeps its secret, sends a test
 * event, follows a transaction's delivery in the log down to the attempt, sees a failed attempt's answer and
 * resends once the receiver is back, rotates the secret, disables and deletes the endpoint. Every step is read
 * back through the API.
 */
class ConsoleWebhooksIT {

    private static final Map<String, String> FAILURE_HEADERS = Map.of("X-Receiver-State", "down");

    private static ConsoleBrowser browser;
    private static LoopbackReceiver receiver;
    private static final AtomicBoolean receiverDown = new AtomicBoolean(false);

    @BeforeAll
    static void start() {
        browser = ConsoleBrowser.launch();
        receiver = LoopbackReceiver.answering("/console-hooks", earlier -> receiverDown.get()
                ? new LoopbackReceiver.Answer(500, FAILURE_HEADERS, Duration.ZERO)
                : LoopbackReceiver.Answer.of(204));
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonRunsAWebhookEndpointFromRegistrationToDeletion() throws Exception {
        String email = ConsoleBrowser.signUpOwner("Hooks Books");
        ConsoleSession owner = ConsoleSession.signIn(email, ConsoleBrowser.PASSWORD);
        String ledger = newLedgerWithAccounts(owner);
        String endpoints = "/v1/ledgers/" + ledger + "/webhook-endpoints";
        String url = receiver.url();

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(ConsoleBrowser.console() + "/ledgers/" + ledger);
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Ledger sections"))
                    .getByRole(AriaRole.LINK, exactly("Webhooks")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("Webhook endpoints"))).isVisible();
            assertThat(page.getByText("No webhook endpoints yet.", new Page.GetByTextOptions().setExact(false))).isVisible();

            // a URL the service refuses: its problem, as the API words it
            page.getByRole(AriaRole.LINK, ConsoleBrowser.named("Register an endpoint")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("Register a webhook endpoint"))).isVisible();
            page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill("ftp://127.0.0.1/hooks");
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Register the endpoint")).click();
            String refusal = owner.unsafe().body(Map.of("url", "ftp://127.0.0.1/hooks")).post(endpoints)
                    .then().statusCode(422).body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED")).extract().path("detail");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText(refusal);
            owner.request().get(endpoints).then().statusCode(200).body("data.size()", equalTo(0));
            screenshot(page, "hooks-new-endpoint-refused");

            // registered: the secret shown once, the settings as chosen
            page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill(url);
            page.getByLabel("Description", new Page.GetByLabelOptions().setExact(true)).fill("Console receiver");
            page.getByRole(AriaRole.CHECKBOX, ConsoleBrowser.named("transaction.*")).check();
            page.getByRole(AriaRole.CHECKBOX, ConsoleBrowser.named("webhook.test")).check();
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Add a header")).click();
            page.getByLabel("Header name 1", new Page.GetByLabelOptions().setExact(true)).fill("X-Tenant");
            page.getByLabel("Header value 1", new Page.GetByLabelOptions().setExact(true)).fill("hooks-books");
            page.getByLabel("Max in flight", new Page.GetByLabelOptions().setExact(true)).fill("4");
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Register the endpoint")).click();
            Locator shown = page.getByRole(AriaRole.REGION, ConsoleBrowser.named("New signing secret"));
            assertThat(shown).isVisible();
            String secret = shown.getByLabel("signing secret", new Locator.GetByLabelOptions().setExact(true)).inputValue();
            assertTrue(secret.startsWith("whsec_"), secret);
            screenshot(page, "hooks-new-endpoint");
            JsonPath listed = owner.request().get(endpoints).then().statusCode(200).body("data.size()", equalTo(1))
                    .body("data[0]", not(hasKey("secret"))).extract().jsonPath();
            assertEquals(url, listed.getString("data[0].url"));
            assertEquals(List.of("transaction.*", "webhook.test"), listed.getList("data[0].event_types"));
            assertEquals("Console receiver", listed.getString("data[0].description"));
            assertEquals(Map.of("X-Tenant", "hooks-books"), listed.getMap("data[0].headers"));
            assertEquals(4, listed.getInt("data[0].max_in_flight"));
            assertEquals(false, listed.getBoolean("data[0].fifo"));
            assertTrue(listed.getBoolean("data[0].enabled"));
            String endpointId = listed.getString("data[0].id");
            String endpoint = endpoints + "/" + endpointId;

            // a test event reaches the receiver, signed with the secret the page showed
            shown.getByRole(AriaRole.BUTTON, exactly("I have saved it")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named(url))).isVisible();
            assertThat(page.getByLabel("signing secret")).hasCount(0);
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Send a test event")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Test event queued")))
                    .isVisible();
            LoopbackReceiver.Request test = arrival(request -> request.body().contains("\"webhook.test\""));
            new Webhook(secret).verify(test.body(), test.headers());
            assertEquals("hooks-books", test.header("x-tenant"));
            awaitAttempts(owner, endpoint + "/attempts", 1);
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Refresh")).click();
            Locator endpointAttempts = page.getByRole(AriaRole.TABLE, ConsoleBrowser.named("Delivery attempts to this endpoint"));
            assertThat(endpointAttempts.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook.test")))
                    .containsText("204");
            assertThat(page.getByRole(AriaRole.REGION, ConsoleBrowser.named("Statistics"))).containsText("100%");
            // nothing failed for good: a recovery since an hour ago (the browser's time, sent with its offset) finds none
            page.getByLabel("Received since", new Page.GetByLabelOptions().setExact(true))
                    .fill(LocalDateTime.now().minusHours(1).truncatedTo(ChronoUnit.MINUTES).toString());
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Recover failed messages")).click();
            assertThat(page.getByText("0 deliveries are due again.")).isVisible();
            screenshot(page, "hooks-endpoint");

            // the list shows the endpoint and its last 24 hours
            page.getByRole(AriaRole.NAVIGATION, ConsoleBrowser.named("Webhooks"))
                    .getByRole(AriaRole.LINK, exactly("Endpoints")).click();
            Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url));
            assertThat(row).containsText("Enabled");
            assertThat(row).containsText("transaction.*, webhook.test");
            assertThat(row).containsText("1 attempt · 100% ok");
            screenshot(page, "hooks-endpoints");

            // a transaction's delivery, in the log down to its attempt
            String posted = postTransfer(owner, ledger, "12.50");
            LoopbackReceiver.Request delivered = arrival(request -> request.body().contains(posted));
            String messageId = delivered.webhookId();
            awaitAttempts(owner, "/v1/ledgers/" + ledger + "/webhook-messages/" + messageId + "/attempts", 1);
            page.getByRole(AriaRole.NAVIGATION, ConsoleBrowser.named("Webhooks"))
                    .getByRole(AriaRole.LINK, exactly("Delivery log")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("Delivery log"))).isVisible();
            page.getByLabel("Event type", new Page.GetByLabelOptions().setExact(true)).selectOption("transaction.*");
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Apply filters")).click();
            Locator messages = page.getByRole(AriaRole.TABLE, ConsoleBrowser.named("Webhook messages of Hooks ledger"));
            assertThat(messages.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(posted)))
                    .containsText("transaction.posted");
            assertThat(messages.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook.test")))
                    .hasCount(0);
            assertTrue(page.url().contains("event_type=transaction.*"), page.url());
            screenshot(page, "hooks-messages");

            messages.getByRole(AriaRole.LINK, exactly(messageId)).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("transaction.posted"))).isVisible();
            Locator deliveries = page.getByRole(AriaRole.TABLE, ConsoleBrowser.named("Deliveries of this message, one per endpoint"));
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url)))
                    .containsText("Succeeded");
            owner.request().get("/v1/ledgers/{ledger}/webhook-messages/{id}", ledger, messageId).then().statusCode(200)
                    .body("deliveries[0].endpoint_id", equalTo(endpointId)).body("deliveries[0].status", equalTo("succeeded"));
            screenshot(page, "hooks-message");
            page.getByRole(AriaRole.LINK, ConsoleBrowser.named("Details of attempt 1")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("Attempt 1"))).isVisible();
            assertThat(page.getByText("POST " + url, new Page.GetByTextOptions().setExact(true))).isVisible();
            assertThat(page.getByLabel("Request body", new Page.GetByLabelOptions().setExact(true))).containsText(posted);
            assertThat(page.getByRole(AriaRole.REGION, ConsoleBrowser.named("Response"))).containsText("204");

            // the receiver fails: the failed attempt's request and answer; resent once it is back
            receiverDown.set(true);
            String refused = postTransfer(owner, ledger, "7.25");
            // the first attempt and the retry ~5 s later both fail; the next retry would wait 5 minutes
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> receiver.requests()
                    .stream().filter(r -> r.body().contains(refused) && r.answered() == 500).count() >= 2);
            receiverDown.set(false);
            String failedMessage = receiver.requests().stream().filter(r -> r.body().contains(refused)).findFirst()
                    .orElseThrow().webhookId();
            String failedAttempts = "/v1/ledgers/" + ledger + "/webhook-messages/" + failedMessage + "/attempts";
            awaitAttempts(owner, failedAttempts, 2);
            page.navigate(ConsoleBrowser.console() + "/ledgers/" + ledger + "/webhooks/messages/" + failedMessage);
            deliveries = page.getByRole(AriaRole.TABLE, ConsoleBrowser.named("Deliveries of this message, one per endpoint"));
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url)))
                    .containsText("Pending");
            page.getByRole(AriaRole.LINK, ConsoleBrowser.named("Details of attempt 1")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("Attempt 1"))).isVisible();
            Locator response = page.getByRole(AriaRole.REGION, ConsoleBrowser.named("Response"));
            assertThat(response).containsText("500");
            assertThat(response.getByRole(AriaRole.TABLE, exactly("Response headers"))
                    .getByRole(AriaRole.ROW, exactly("x-receiver-state down"))).isVisible();
            Locator sent = page.getByRole(AriaRole.TABLE, ConsoleBrowser.named("Request headers"));
            assertThat(sent.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook-id")))
                    .containsText(failedMessage);
            assertThat(page.getByLabel("Request body", new Page.GetByLabelOptions().setExact(true))).containsText(refused);
            assertThat(page.getByText("HTTP 500").first()).isVisible();
            JsonPath failedAttempt = owner.request().get(failedAttempts).then().statusCode(200).extract().jsonPath();
            assertEquals(500, failedAttempt.getInt("data[0].response_status"));
            screenshot(page, "hooks-attempt");

            Instant resentAt = Instant.now();
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Resend to " + url)).click();
            assertThat(page.getByText("Due again now.")).isVisible();
            LoopbackReceiver.Request recovered = arrival(r -> r.body().contains(refused) && r.answered() == 204);
            assertTrue(recovered.at().isAfter(resentAt), "delivered by the resend, not by the 5-minute retry");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> "succeeded".equals(
                    owner.request().get("/v1/ledgers/{ledger}/webhook-messages/{id}", ledger, failedMessage)
                            .then().statusCode(200).extract().path("deliveries[0].status")));
            page.getByRole(AriaRole.LINK, ConsoleBrowser.named("Back to the message")).click();
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url)))
                    .containsText("Succeeded");

            // the secret rotated: the new one shown once, both sign for 24 hours
            page.navigate(ConsoleBrowser.console() + "/ledgers/" + ledger + "/webhooks/endpoints/" + endpointId);
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Rotate the secret")).click();
            Locator dialog = page.getByRole(AriaRole.ALERTDIALOG, ConsoleBrowser.named("Rotate the signing secret?"));
            assertThat(dialog).containsText("For 24 hours the previous secret keeps signing too");
            dialog.getByRole(AriaRole.BUTTON, exactly("Rotate")).click();
            shown = page.getByRole(AriaRole.REGION, ConsoleBrowser.named("New signing secret"));
            String rotated = shown.getByLabel("signing secret", new Locator.GetByLabelOptions().setExact(true)).inputValue();
            assertTrue(rotated.startsWith("whsec_"), rotated);
            assertNotEquals(secret, rotated);
            assertThat(page.getByText("Previous secret signs until")).isVisible();
            owner.request().get(endpoint).then().statusCode(200).body("previous_secret_expires_at", notNullValue());
            shown.getByRole(AriaRole.BUTTON, exactly("I have saved it")).click();
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Send a test event")).click();
            int before = receiver.requests().size();
            LoopbackReceiver.Request signedTwice = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> receiver.requests().stream().skip(before)
                            .filter(r -> r.body().contains("\"webhook.test\"")).findFirst().orElse(null), r -> r != null);
            new Webhook(rotated).verify(signedTwice.body(), signedTwice.headers());
            new Webhook(secret).verify(signedTwice.body(), signedTwice.headers());

            // disabled, then deleted
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Disable")).click();
            page.getByRole(AriaRole.ALERTDIALOG, ConsoleBrowser.named("Disable this endpoint?"))
                    .getByRole(AriaRole.BUTTON, exactly("Disable the endpoint")).click();
            assertThat(page.getByText("Disabled through the API.").first()).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Enable"))).isVisible();
            owner.request().get(endpoint).then().statusCode(200).body("enabled", equalTo(false))
                    .body("disabled_reason", equalTo("Disabled through the API.")).body("disabled_at", notNullValue());

            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Delete")).click();
            page.getByRole(AriaRole.ALERTDIALOG, ConsoleBrowser.named("Delete the endpoint " + url + "?"))
                    .getByRole(AriaRole.BUTTON, exactly("Delete the endpoint")).click();
            assertThat(page.getByRole(AriaRole.HEADING, ConsoleBrowser.named("Webhook endpoints"))).isVisible();
            assertThat(page.getByText("No webhook endpoints yet.", new Page.GetByTextOptions().setExact(false))).isVisible();
            owner.request().get(endpoint).then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            owner.request().get(endpoints).then().statusCode(200).body("data.size()", equalTo(0))
                    .body("next_cursor", nullValue());
        }
    }

    @Test
    void theRegistrationFormStacksOnANarrowScreen() {
        String email = ConsoleBrowser.signUpOwner("Hooks Narrow");
        String ledger = newLedgerWithAccounts(ConsoleSession.signIn(email, ConsoleBrowser.PASSWORD));
        try (BrowserContext context = browser.newNarrowContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(ConsoleBrowser.console() + "/ledgers/" + ledger + "/webhooks/new");
            page.getByRole(AriaRole.BUTTON, ConsoleBrowser.named("Add a header")).click();
            Locator name = page.getByLabel("Header name 1", new Page.GetByLabelOptions().setExact(true));
            Locator value = page.getByLabel("Header value 1", new Page.GetByLabelOptions().setExact(true));
            assertTrue(value.boundingBox().y > name.boundingBox().y, "the header's value sits under its name");
            assertTrue(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth").equals(Boolean.TRUE),
                    "nothing wider than the screen");
            screenshot(page, "hooks-new-endpoint-narrow");
        }
    }

    /** A project, a USD ledger and two accounts, through the API as the signed-in owner. */
    private static String newLedgerWithAccounts(ConsoleSession owner) {
        String project = owner.unsafe().body(Map.of("code", "hooks", "name", "Hooks")).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        String ledger = owner.unsafe().body(Map.of("code", "hooks", "name", "Hooks ledger", "currency", "USD"))
                .post("/v1/projects/{project}/ledgers", project).then().statusCode(201).extract().path("id");
        owner.unsafe().body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        owner.unsafe().body(Map.of("code", "sales", "name", "Sales", "type", "revenue"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        return ledger;
    }

    /** Posts a sale through the API; answers the transaction's id. */
    private static String postTransfer(ConsoleSession owner, String ledger, String amount) {
        return owner.unsafe().body(LedgerApi.transfer(UUID.randomUUID().toString(), "cash", "sales", amount))
                .post("/v1/ledgers/{ledger}/transactions", ledger).then().statusCode(201).extract().path("transaction_id");
    }

    private static LoopbackReceiver.Request arrival(java.util.function.Predicate<LoopbackReceiver.Request> which) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.requests().stream().filter(which).findFirst().orElse(null), r -> r != null);
    }

    /** Waits until the log lists at least {@code count} attempts (it is written once the answer is in). */
    private static void awaitAttempts(ConsoleSession owner, String path, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() ->
                owner.request().get(path).then().statusCode(200).extract().jsonPath().getList("data").size() >= count);
    }

    /** The options of a role inside a locator, by its exact name. */
    private static Locator.GetByRoleOptions exactly(String name) {
        return new Locator.GetByRoleOptions().setName(name).setExact(true);
    }

    private static void screenshot(Page page, String name) {
        ConsoleBrowser.screenshot(page, name);
    }
}
