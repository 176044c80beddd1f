package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import io.restassured.http.ContentType;

/**
 * The console's tests' one way to drive a real Chromium (Debian's {@code chromium}, path in the property
 * {@code console.chromium}) against the running stack's gateway, which serves the console at {@code /}. A JUnit 5
 * extension: a test class registers one ({@code @RegisterExtension static final ConsoleBrowser browser = new
 * ConsoleBrowser();}), which starts the stack if needed and one browser before the class's tests and closes it
 * after them; a fresh context (cookies, storage) per person. Screenshots go to {@code target/console-screenshots},
 * each page checked for accessibility first.
 */
final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback {

    static final String PASSWORD = "correct horse battery staple";
    private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    /** axe-core, the accessibility rules engine, as the console's build installs it (a dev dependency). */
    private static final Path AXE = Path.of(System.getProperty("console.axe", "../console/node_modules/axe-core/axe.min.js"));

    private Playwright playwright;
    private Browser browser;

    /** Starts the stack if needed and a headless Chromium; the class is skipped (with the reason) without one. */
    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is needed at " + CHROMIUM + " (Debian: apt-get install chromium)");
        RunningStack.get();
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setArgs(List.of("--no-sandbox")).setHeadless(true));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (playwright != null) {
            playwright.close();
        }
    }

    /** The console's address: the gateway at localhost, where browsers accept the Secure __Host- cookies over HTTP. */
    static String console() {
        return RunningStack.gateway();
    }

    /** A new browser context (its own cookies and storage) at a desktop size, allowed to use the clipboard. */
    BrowserContext newContext() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                .setPermissions(List.of("clipboard-read", "clipboard-write")));
    }

    /** A new context at a phone's size, for the narrow-screen layout. */
    BrowserContext newNarrowContext() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844));
    }

    /** A new person owning a new organisation, signed up through the API (not the console's sign-up page). */
    static String signUpOwner(String organizationName) {
        String email = "console-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "organization_name", organizationName))
                .post("/v1/signup").then().statusCode(201);
        return email;
    }

    /** Signs in on the console's sign-in page and waits for the signed-in shell. */
    static void signIn(Page page, String email) {
        page.navigate(console() + "/sign-in");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByText(email)).isVisible();
    }

    /** The whole page as target/console-screenshots/{name}.png, once it has passed {@link #assertAccessible}. */
    static void screenshot(Page page, String name) {
        assertAccessible(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /**
     * Checks the page as it is now against the WCAG 2 A and AA rules axe-core can test (labels, names, roles,
     * contrast, landmarks, …) and fails on any serious or critical violation, listing each with its elements.
     */
    static void assertAccessible(Page page) {
        page.addScriptTag(new Page.AddScriptTagOptions().setPath(AXE));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate("""
                async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }))
                    .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))""");
        if (!violations.isEmpty()) {
            throw new AssertionError("Accessibility violations on " + page.url() + ": " + violations);
        }
    }

    /**
     * On a phone's screen the page does not scroll sideways (wide tables scroll inside their own box); if it
     * does, names the elements wider than the screen outside a box that scrolls.
     */
    static void assertNoSidewaysScroll(Page page) {
        Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
        Object wider = page.evaluate("""
                [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
                        if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return false } return true })
                    .map(e => e.tagName + '.' + e.className).slice(0, 5).join(', ')""");
        assertEquals(0, ((Number) overflow).intValue(), "on " + page.url() + " the page is wider than the screen by "
                + overflow + " px, only its tables should scroll; wider than the screen: " + wider);
    }

    /** A role's options on a page, by its exact name. */
    static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name).setExact(true);
    }

    /** A role's options inside a locator, by its exact name. */
    static Locator.GetByRoleOptions exactly(String name) {
        return new Locator.GetByRoleOptions().setName(name).setExact(true);
    }

    /** The input on a page labelled exactly label. */
    static Locator field(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    /** The input inside a locator (a form, a dialog) labelled exactly label. */
    static Locator field(Locator within, String label) {
        return within.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
    }

    /** A new person owning a new organisation with one project, signed in through the API as the console is. */
    static Owner newOwner(String organizationName, String projectCode, String projectName) {
        String email = signUpOwner(organizationName);
        ConsoleSession session = ConsoleSession.signIn(email, PASSWORD);
        String project = session.unsafe().body(Map.of("code", projectCode, "name", projectName)).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        return new Owner(email, session, project);
    }

    /** An owner set up through the API: their email (to sign in in the browser), their session, their project. */
    record Owner(String email, ConsoleSession session, String project) {

        /** A new ledger in the owner's project; answers its id. */
        String newLedger(String code, String name, String currency) {
            return session.unsafe().body(Map.of("code", code, "name", name, "currency", currency))
                    .post("/v1/projects/{project}/ledgers", project).then().statusCode(201).body("code", equalTo(code))
                    .extract().path("id");
        }
    }
}
