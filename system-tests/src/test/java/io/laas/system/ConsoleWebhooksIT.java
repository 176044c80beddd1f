package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.assertNoSidewaysScroll;
import static io.laas.system.ConsoleBrowser.console;
import static io.laas.system.ConsoleBrowser.exactly;
import static io.laas.system.ConsoleBrowser.field;
import static io.laas.system.ConsoleBrowser.named;
import static io.laas.system.ConsoleBrowser.newOwner;
import static io.laas.system.ConsoleBrowser.screenshot;
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
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.standardwebhooks.Webhook;

import io.laas.system.ConsoleBrowser.Owner;
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

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    private static LoopbackReceiver receiver;
    private static final AtomicBoolean receiverDown = new AtomicBoolean(false);

    @BeforeAll
    static void start() {
        receiver = LoopbackReceiver.answering("/console-hooks", earlier -> receiverDown.get()
                ? new LoopbackReceiver.Answer(500, FAILURE_HEADERS, Duration.ZERO)
                : LoopbackReceiver.Answer.of(204));
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aPersonRunsAWebhookEndpointFromRegistrationToDeletion() throws Exception {
        Owner hooks = newOwner("Hooks Books", "hooks", "Hooks");
        String email = hooks.email();
        ConsoleSession owner = hooks.session();
        String ledger = newLedgerWithAccounts(hooks);
        String endpoints = "/v1/ledgers/" + ledger + "/webhook-endpoints";
        String url = receiver.url();

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(console() + "/ledgers/" + ledger);
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Ledger sections"))
                    .getByRole(AriaRole.LINK, exactly("Webhooks")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Webhook endpoints"))).isVisible();
            assertThat(page.getByText("No webhook endpoints yet.", new Page.GetByTextOptions().setExact(false))).isVisible();

            // a URL the service refuses: its problem, as the API words it
            page.getByRole(AriaRole.LINK, named("Register an endpoint")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Register a webhook endpoint"))).isVisible();
            field(page, "URL").fill("ftp://127.0.0.1/hooks");
            page.getByRole(AriaRole.BUTTON, named("Register the endpoint")).click();
            String refusal = owner.unsafe().body(Map.of("url", "ftp://127.0.0.1/hooks")).post(endpoints)
                    .then().statusCode(422).body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED")).extract().path("detail");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText(refusal);
            owner.request().get(endpoints).then().statusCode(200).body("data.size()", equalTo(0));
            screenshot(page, "hooks-new-endpoint-refused");

            // registered: the secret shown once, the settings as chosen
            field(page, "URL").fill(url);
            field(page, "Description").fill("Console receiver");
            page.getByRole(AriaRole.CHECKBOX, named("transaction.*")).check();
            page.getByRole(AriaRole.CHECKBOX, named("webhook.test")).check();
            page.getByRole(AriaRole.BUTTON, named("Add a header")).click();
            field(page, "Header name 1").fill("X-Tenant");
            field(page, "Header value 1").fill("hooks-books");
            field(page, "Max in flight").fill("4");
            page.getByRole(AriaRole.BUTTON, named("Register the endpoint")).click();
            Locator shown = page.getByRole(AriaRole.REGION, named("New signing secret"));
            assertThat(shown).isVisible();
            String secret = field(shown, "signing secret").inputValue();
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
            assertThat(page.getByRole(AriaRole.HEADING, named(url))).isVisible();
            assertThat(page.getByLabel("signing secret")).hasCount(0);
            page.getByRole(AriaRole.BUTTON, named("Send a test event")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Test event queued")))
                    .isVisible();
            LoopbackReceiver.Request test = arrival(request -> request.body().contains("\"webhook.test\""));
            new Webhook(secret).verify(test.body(), test.headers());
            assertEquals("hooks-books", test.header("x-tenant"));
            awaitAttempts(owner, endpoint + "/attempts", 1);
            page.getByRole(AriaRole.BUTTON, named("Refresh")).click();
            Locator endpointAttempts = page.getByRole(AriaRole.TABLE, named("Delivery attempts to this endpoint"));
            assertThat(endpointAttempts.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook.test")))
                    .containsText("204");
            assertThat(page.getByRole(AriaRole.REGION, named("Statistics"))).containsText("100%");
            // nothing failed for good: a recovery since an hour ago (the browser's time, sent with its offset) finds none
            field(page, "Received since")
                    .fill(LocalDateTime.now().minusHours(1).truncatedTo(ChronoUnit.MINUTES).toString());
            page.getByRole(AriaRole.BUTTON, named("Recover failed messages")).click();
            assertThat(page.getByText("0 deliveries are due again.")).isVisible();
            screenshot(page, "hooks-endpoint");

            // the list shows the endpoint and its last 24 hours
            page.getByRole(AriaRole.NAVIGATION, named("Webhooks"))
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
            page.getByRole(AriaRole.NAVIGATION, named("Webhooks"))
                    .getByRole(AriaRole.LINK, exactly("Delivery log")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Delivery log"))).isVisible();
            field(page, "Event type").selectOption("transaction.*");
            page.getByRole(AriaRole.BUTTON, named("Apply filters")).click();
            Locator messages = page.getByRole(AriaRole.TABLE, named("Webhook messages of Hooks ledger"));
            assertThat(messages.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(posted)))
                    .containsText("transaction.posted");
            assertThat(messages.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook.test")))
                    .hasCount(0);
            assertTrue(page.url().contains("event_type=transaction.*"), page.url());
            screenshot(page, "hooks-messages");

            messages.getByRole(AriaRole.LINK, exactly(messageId)).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("transaction.posted"))).isVisible();
            Locator deliveries = page.getByRole(AriaRole.TABLE, named("Deliveries of this message, one per endpoint"));
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url)))
                    .containsText("Succeeded");
            owner.request().get("/v1/ledgers/{ledger}/webhook-messages/{id}", ledger, messageId).then().statusCode(200)
                    .body("deliveries[0].endpoint_id", equalTo(endpointId)).body("deliveries[0].status", equalTo("succeeded"));
            screenshot(page, "hooks-message");
            page.getByRole(AriaRole.LINK, named("Details of attempt 1")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Attempt 1"))).isVisible();
            assertThat(page.getByText("POST " + url, new Page.GetByTextOptions().setExact(true))).isVisible();
            assertThat(field(page, "Request body")).containsText(posted);
            assertThat(page.getByRole(AriaRole.REGION, named("Response"))).containsText("204");

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
            page.navigate(console() + "/ledgers/" + ledger + "/webhooks/messages/" + failedMessage);
            deliveries = page.getByRole(AriaRole.TABLE, named("Deliveries of this message, one per endpoint"));
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url)))
                    .containsText("Pending");
            page.getByRole(AriaRole.LINK, named("Details of attempt 1")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Attempt 1"))).isVisible();
            Locator response = page.getByRole(AriaRole.REGION, named("Response"));
            assertThat(response).containsText("500");
            assertThat(response.getByRole(AriaRole.TABLE, exactly("Response headers"))
                    .getByRole(AriaRole.ROW, exactly("x-receiver-state down"))).isVisible();
            Locator sent = page.getByRole(AriaRole.TABLE, named("Request headers"));
            assertThat(sent.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook-id")))
                    .containsText(failedMessage);
            assertThat(field(page, "Request body")).containsText(refused);
            assertThat(page.getByText("HTTP 500").first()).isVisible();
            JsonPath failedAttempt = owner.request().get(failedAttempts).then().statusCode(200).extract().jsonPath();
            assertEquals(500, failedAttempt.getInt("data[0].response_status"));
            screenshot(page, "hooks-attempt");

            Instant resentAt = Instant.now();
            page.getByRole(AriaRole.BUTTON, named("Resend to " + url)).click();
            assertThat(page.getByText("Due again now.")).isVisible();
            LoopbackReceiver.Request recovered = arrival(r -> r.body().contains(refused) && r.answered() == 204);
            assertTrue(recovered.at().isAfter(resentAt), "delivered by the resend, not by the 5-minute retry");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> "succeeded".equals(
                    owner.request().get("/v1/ledgers/{ledger}/webhook-messages/{id}", ledger, failedMessage)
                            .then().statusCode(200).extract().path("deliveries[0].status")));
            page.getByRole(AriaRole.LINK, named("Back to the message")).click();
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(url)))
                    .containsText("Succeeded");

            // the secret rotated: the new one shown once, both sign for 24 hours
            page.navigate(console() + "/ledgers/" + ledger + "/webhooks/endpoints/" + endpointId);
            page.getByRole(AriaRole.BUTTON, named("Rotate the secret")).click();
            Locator dialog = page.getByRole(AriaRole.ALERTDIALOG, named("Rotate the signing secret?"));
            assertThat(dialog).containsText("For 24 hours the previous secret keeps signing too");
            dialog.getByRole(AriaRole.BUTTON, exactly("Rotate")).click();
            shown = page.getByRole(AriaRole.REGION, named("New signing secret"));
            String rotated = field(shown, "signing secret").inputValue();
            assertTrue(rotated.startsWith("whsec_"), rotated);
            assertNotEquals(secret, rotated);
            assertThat(page.getByText("Previous secret signs until")).isVisible();
            owner.request().get(endpoint).then().statusCode(200).body("previous_secret_expires_at", notNullValue());
            shown.getByRole(AriaRole.BUTTON, exactly("I have saved it")).click();
            page.getByRole(AriaRole.BUTTON, named("Send a test event")).click();
            int before = receiver.requests().size();
            LoopbackReceiver.Request signedTwice = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> receiver.requests().stream().skip(before)
                            .filter(r -> r.body().contains("\"webhook.test\"")).findFirst().orElse(null), r -> r != null);
            new Webhook(rotated).verify(signedTwice.body(), signedTwice.headers());
            new Webhook(secret).verify(signedTwice.body(), signedTwice.headers());

            // disabled, then deleted
            page.getByRole(AriaRole.BUTTON, named("Disable")).click();
            page.getByRole(AriaRole.ALERTDIALOG, named("Disable this endpoint?"))
                    .getByRole(AriaRole.BUTTON, exactly("Disable the endpoint")).click();
            assertThat(page.getByText("Disabled through the API.").first()).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, named("Enable"))).isVisible();
            owner.request().get(endpoint).then().statusCode(200).body("enabled", equalTo(false))
                    .body("disabled_reason", equalTo("Disabled through the API.")).body("disabled_at", notNullValue());

            page.getByRole(AriaRole.BUTTON, named("Delete")).click();
            page.getByRole(AriaRole.ALERTDIALOG, named("Delete the endpoint " + url + "?"))
                    .getByRole(AriaRole.BUTTON, exactly("Delete the endpoint")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Webhook endpoints"))).isVisible();
            assertThat(page.getByText("No webhook endpoints yet.", new Page.GetByTextOptions().setExact(false))).isVisible();
            owner.request().get(endpoint).then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
            owner.request().get(endpoints).then().statusCode(200).body("data.size()", equalTo(0))
                    .body("next_cursor", nullValue());
        }
    }

    @Test
    void theRegistrationFormStacksOnANarrowScreen() {
        Owner owner = newOwner("Hooks Narrow", "hooks", "Hooks");
        String email = owner.email();
        String ledger = newLedgerWithAccounts(owner);
        try (BrowserContext context = browser.newNarrowContext()) {
            Page page = context.newPage();
            ConsoleBrowser.signIn(page, email);
            page.navigate(console() + "/ledgers/" + ledger + "/webhooks/new");
            page.getByRole(AriaRole.BUTTON, named("Add a header")).click();
            Locator name = field(page, "Header name 1");
            Locator value = field(page, "Header value 1");
            assertTrue(value.boundingBox().y > name.boundingBox().y, "the header's value sits under its name");
            assertNoSidewaysScroll(page);
            screenshot(page, "hooks-new-endpoint-narrow");
        }
    }

    /** A USD ledger in the owner's project and two accounts, through the API as the signed-in owner. */
    private static String newLedgerWithAccounts(Owner owner) {
        String ledger = owner.newLedger("hooks", "Hooks ledger", "USD");
        owner.session().unsafe().body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
        owner.session().unsafe().body(Map.of("code", "sales", "name", "Sales", "type", "revenue"))
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

    /** The options of a role inside a locator, by its exact name. */}
