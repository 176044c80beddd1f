package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.restassured.http.ContentType;

/**
 * The console in a real Chromium against the running stack: a person signs in on the sign-in page and sees
 * their organisation's ledgers. Screenshots of each page go to {@code target/console-screenshots}.
 */
class ConsoleIT {

    private static final String PASSWORD = ConsoleBrowser.PASSWORD;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void start() {
        browser = ConsoleBrowser.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static String console() {
        return ConsoleBrowser.console();
    }

    @Test
    void aPersonSignsInAndSeesTheirLedgers() {
        String email = "console-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "organization_name", "Console Books"))
                .post("/v1/signup").then().statusCode(201);
        ConsoleSession owner = ConsoleSession.signIn(email, PASSWORD);
        String project = owner.unsafe().body(Map.of("code", "books", "name", "Books")).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        owner.unsafe().body(Map.of("code", "main", "name", "Main books", "currency", "EUR"))
                .post("/v1/projects/{project}/ledgers", project).then().statusCode(201).body("code", equalTo("main"));

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            // a deep link before signing in lands on the sign-in page
            page.navigate(console() + "/ledgers");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to LaaS")))
                    .isVisible();
            page.getByLabel("Password").fill("not the password at all");
            page.getByLabel("Email").fill(email);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            // the problem's detail, as the API writes it
            String detail = given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "not the password either")).post("/v1/sessions")
                    .then().statusCode(401).extract().path("detail");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText(detail);
            screenshot(page, "sign-in-refused");

            page.getByLabel("Password").fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Ledgers"))).isVisible();
            assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("Main books"))).isVisible();
            assertThat(page.getByText(email + " (owner)")).isVisible();
            screenshot(page, "ledgers");
            String browserSession = context.cookies(console()).stream()
                    .filter(cookie -> cookie.name.equals(ConsoleSession.COOKIE)).findFirst().orElseThrow().value;

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to LaaS")))
                    .isVisible();
            // signed out at IAM too: the session the browser held no longer reads
            given().baseUri(RunningStack.gateway()).cookie(ConsoleSession.COOKIE, browserSession)
                    .get("/v1/sessions/current").then().statusCode(401);
        }
    }

    private static void screenshot(Page page, String name) {
        ConsoleBrowser.screenshot(page, name);
    }
}
