package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.console;
import static io.laas.system.ConsoleBrowser.named;
import static io.laas.system.ConsoleBrowser.newOwner;
import static io.laas.system.ConsoleBrowser.screenshot;
import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.laas.system.ConsoleBrowser.Owner;
import io.restassured.http.ContentType;

/**
 * The console in a real Chromium against the running stack: a person signs in on the sign-in page and sees
 * their organisation's ledgers. Screenshots of each page go to {@code target/console-screenshots}.
 */
class ConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void aPersonSignsInAndSeesTheirLedgers() {
        Owner owner = newOwner("Console Books", "books", "Books");
        owner.newLedger("main", "Main books", "EUR");
        String email = owner.email();

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

            page.getByLabel("Password").fill(ConsoleBrowser.PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Ledgers"))).isVisible();
            assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("Main books"))).isVisible();
            assertThat(page.getByText(email + " (owner)")).isVisible();
            screenshot(page, "ledgers");
            String browserSession = context.cookies(console()).stream()
                    .filter(cookie -> cookie.name.equals(ConsoleSession.COOKIE)).findFirst().orElseThrow().value;

            page.getByRole(AriaRole.BUTTON, named("Sign out")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to LaaS")))
                    .isVisible();
            // signed out at IAM too: the session the browser held no longer reads
            given().baseUri(RunningStack.gateway()).cookie(ConsoleSession.COOKIE, browserSession)
                    .get("/v1/sessions/current").then().statusCode(401);
        }
    }
}
