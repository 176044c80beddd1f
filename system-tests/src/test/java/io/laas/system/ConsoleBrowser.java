package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import io.restassured.http.ContentType;

/**
 * The console's tests' one way to drive a real Chromium (Debian's {@code chromium}, path in the property
 * {@code console.chromium}) against the running stack's gateway, which serves the console at {@code /}. One
 * browser per test class ({@link #launch()} in {@code @BeforeAll}, {@link #close()} in {@code @AfterAll}); a
 * fresh context (cookies, storage) per person. Screenshots go to {@code target/console-screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String PASSWORD = "correct horse battery staple";
    private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    /** axe-core, the accessibility rules engine, as the console's build installs it (a dev dependency). */
    private static final Path AXE = Path.of(System.getProperty("console.axe", "../console/node_modules/axe-core/axe.min.js"));

    private final Playwright playwright;
    private final Browser browser;

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts the stack if needed and a headless Chromium; the test is skipped (with the reason) without one. */
    static ConsoleBrowser launch() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is needed at " + CHROMIUM + " (Debian: apt-get install chromium)");
        RunningStack.get();
        Playwright playwright = Playwright.create();
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setArgs(List.of("--no-sandbox")).setHeadless(true));
        return new ConsoleBrowser(playwright, browser);
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

    static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name).setExact(true);
    }

    @Override
    public void close() {
        playwright.close();
    }
}
