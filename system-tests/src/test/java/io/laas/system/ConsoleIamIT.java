package io.laas.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.laas.system.ConsoleBrowser.assertNoSidewaysScroll;
import static io.laas.system.ConsoleBrowser.console;
import static io.laas.system.ConsoleBrowser.exactly;
import static io.laas.system.ConsoleBrowser.field;
import static io.laas.system.ConsoleBrowser.named;
import static io.laas.system.ConsoleBrowser.screenshot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import io.restassured.http.ContentType;

/**
 * The console's people and organisation pages in a real Chromium against the running stack: sign-up, projects
 * and the project switcher, members and invitations (accepted in a second browser), roles, the organisation
 * switcher, the audit log, and signing out everywhere; each step read back through the API.
 */
class ConsoleIamIT {

    private static final String PASSWORD = ConsoleBrowser.PASSWORD;
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static String newEmail(String name) {
        return "iam-" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private static void click(Page page, String button) {
        page.getByRole(AriaRole.BUTTON, named(button)).click();
    }

    private static void assertHeading(Page page, String heading) {
        assertThat(page.getByRole(AriaRole.HEADING, named(heading))).isVisible();
    }

    /** The session the browser holds now (its HttpOnly cookie, as the gateway set it). */
    private static ConsoleSession sessionOf(BrowserContext context) {
        String session = null;
        String csrf = null;
        for (var cookie : context.cookies(console())) {
            if (cookie.name.equals(ConsoleSession.COOKIE)) {
                session = cookie.value;
            } else if (cookie.name.equals("__Host-laas_csrf")) {
                csrf = cookie.value;
            }
        }
        return new ConsoleSession(session, csrf);
    }

    @Test
    void anOwnerSignsUpRunsTheOrganisationWithAnInvitedDeveloperAndSwitchesOrganisation() {
        String email = newEmail("owner");
        String developer = newEmail("dev");
        // what the password policy says of a short password, as the API writes it
        String reason = given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", newEmail("probe"), "password", "too short", "organization_name", "Probe"))
                .post("/v1/signup").then().statusCode(400).extract().path("errors.find { it.field == 'password' }.message");

        try (BrowserContext ownerContext = browser.newContext(); BrowserContext developerContext = browser.newContext()) {
            Page page = ownerContext.newPage();

            // sign-up, from the sign-in page's link: a refused password shows its reason, then the owner is in
            page.navigate(console() + "/sign-in");
            page.getByRole(AriaRole.LINK, named("Create an account")).click();
            assertHeading(page, "Create your LaaS account");
            field(page, "Email").fill(email);
            field(page, "Password").fill("too short");
            field(page, "Organisation name").fill("Iam Books");
            click(page, "Create account");
            assertThat(page.getByText(reason)).isVisible();
            assertThat(field(page, "Password")).hasAttribute("aria-invalid", "true");
            screenshot(page, "iam-sign-up-refused");
            field(page, "Password").fill(PASSWORD);
            click(page, "Create account");
            assertHeading(page, "Ledgers");
            assertThat(page.getByText(email + " (owner)")).isVisible();
            ConsoleSession owner = sessionOf(ownerContext);
            String organization = owner.request().get("/v1/sessions/current").then().statusCode(200)
                    .body("user.email", equalTo(email)).body("organization.name", equalTo("Iam Books"))
                    .body("role", equalTo("owner")).extract().path("organization.id");

            // projects: create two, rename one, delete the other once confirmed
            page.getByRole(AriaRole.LINK, named("Projects")).click();
            assertHeading(page, "Projects");
            assertThat(page.getByText("No projects yet")).isVisible();
            createProject(page, "books", "Books");
            createProject(page, "spare", "Spare");
            page.getByRole(AriaRole.BUTTON, named("Rename books")).click();
            field(page, "New name of books").fill("Books (EU)");
            click(page, "Save");
            assertThat(page.getByRole(AriaRole.CELL, named("Books (EU)"))).isVisible();
            Locator spare = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("spare"));
            spare.getByRole(AriaRole.BUTTON, exactly("Delete")).click();
            Locator dialog = page.getByRole(AriaRole.ALERTDIALOG, named("Delete the project spare?"));
            dialog.getByRole(AriaRole.BUTTON, exactly("Delete")).click();
            assertThat(page.getByRole(AriaRole.CELL, named("spare"))).hasCount(0);
            screenshot(page, "iam-projects");
            String books = owner.request().get("/v1/projects").then().statusCode(200)
                    .body("data.code", equalTo(List.of("books"))).body("data[0].name", equalTo("Books (EU)"))
                    .extract().path("data[0].id");

            // the project switcher: the choice is kept for the organisation across a reload
            field(page, "Project").selectOption(new SelectOption().setLabel("Books (EU)"));
            page.reload();
            assertThat(field(page, "Project")).hasValue(books);
            assertEquals(books, page.evaluate("key => localStorage.getItem(key)", "laas.project." + organization));
            field(page, "Project").selectOption(new SelectOption().setLabel("All projects"));
            assertThat(field(page, "Project")).hasValue("");

            // members: invite a developer, the link shown once
            page.getByRole(AriaRole.LINK, named("Members")).click();
            assertHeading(page, "Members");
            Locator invite = page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Invite someone"));
            invite.getByLabel("Email").fill(developer);
            field(invite, "Role")
                    .selectOption(new SelectOption().setValue("developer"));
            invite.getByRole(AriaRole.BUTTON, exactly("Invite")).click();
            Locator link = field(page, "invitation link");
            assertThat(link).hasValue(java.util.regex.Pattern.compile("^" + console().replace(".", "\\.") + "/invitations/[A-Za-z0-9_-]+$"));
            String invitationLink = link.inputValue();
            screenshot(page, "iam-members-invitation");
            click(page, "I have saved it");
            Locator pending = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Pending invitations"));
            assertThat(pending.getByRole(AriaRole.ROWHEADER, new Locator.GetByRoleOptions().setName(developer))).isVisible();
            owner.request().get("/v1/organizations/current/invitations").then().statusCode(200)
                    .body("data.find { it.email == '" + developer + "' }.status", equalTo("pending"))
                    .body("data.find { it.email == '" + developer + "' }.role", equalTo("developer"));

            // the developer accepts in a browser of their own, and sees no owner's section
            Page devPage = developerContext.newPage();
            devPage.navigate(invitationLink);
            assertHeading(devPage, "Join an organisation on LaaS");
            field(devPage, "Password").fill(PASSWORD);
            click(devPage, "Accept invitation");
            assertHeading(devPage, "Ledgers");
            assertThat(devPage.getByText(developer + " (developer)")).isVisible();
            Locator sections = devPage.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Sections"));
            for (String ownersOnly : List.of("Projects", "Members", "Audit log")) {
                assertThat(sections.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(ownersOnly))).hasCount(0);
            }
            assertThat(field(devPage, "Project")).hasCount(0);
            devPage.navigate(console() + "/members");
            assertThat(devPage.getByRole(AriaRole.ALERT)).hasText("This section is for the organisation's owners.");
            screenshot(devPage, "iam-developer-members-refused");
            sessionOf(developerContext).request().get("/v1/sessions/current").then().statusCode(200)
                    .body("organization.id", equalTo(organization)).body("role", equalTo("developer"));

            // the owner sees the new member and makes them an owner
            page.reload();
            Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(developer));
            assertThat(row.getByLabel("Role of " + developer)).hasValue("developer");
            row.getByLabel("Role of " + developer).selectOption(new SelectOption().setValue("owner"));
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change role")).click();
            assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change role"))).isDisabled();
            screenshot(page, "iam-members");
            owner.request().get("/v1/organizations/current/members").then().statusCode(200)
                    .body("data.find { it.email == '" + developer + "' }.role", equalTo("owner"));
            assertThat(pending.getByText(developer)).hasCount(0);

            // the owner is invited into a second organisation and accepts while signed in: the session moves there
            String otherOwner = ConsoleBrowser.signUpOwner("Iam Labs");
            String otherLink = console() + "/invitations/" + ConsoleSession.signIn(otherOwner, PASSWORD).unsafe()
                    .body(Map.of("email", email, "role", "developer")).post("/v1/organizations/current/invitations")
                    .then().statusCode(201).extract().path("token");
            page.navigate(otherLink);
            click(page, "Accept as " + email);
            assertHeading(page, "Ledgers");
            assertThat(page.getByText(email + " (developer)")).isVisible();
            ConsoleSession inLabs = sessionOf(ownerContext);
            String labs = inLabs.request().get("/v1/sessions/current").then().statusCode(200)
                    .body("organization.name", equalTo("Iam Labs")).extract().path("organization.id");
            inLabs.request().get("/v1/sessions/current/organizations").then().statusCode(200)
                    .body("data.name", containsInAnyOrder("Iam Books", "Iam Labs"));

            // the organisation switcher takes the person back, as owner, with a new session
            Locator organizations = field(page, "Organisation");
            assertThat(organizations).hasValue(labs);
            organizations.selectOption(new SelectOption().setLabel("Iam Books (owner)"));
            click(page, "Switch");
            assertThat(page.getByText(email + " (owner)")).isVisible();
            assertThat(sections(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Members"))).isVisible();
            screenshot(page, "iam-organization-switched");
            ConsoleSession back = sessionOf(ownerContext);
            back.request().get("/v1/sessions/current").then().statusCode(200)
                    .body("organization.id", equalTo(organization)).body("role", equalTo("owner"));
            inLabs.request().get("/v1/sessions/current").then().statusCode(401);

            // the audit log shows what was done, filtered, with each event's details
            sections(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit log")).click();
            assertHeading(page, "Audit log");
            for (String action : List.of("organization.created", "project.created", "project.updated", "project.deleted",
                    "invitation.created", "invitation.accepted", "member.role_changed")) {
                assertThat(page.getByRole(AriaRole.CELL, named(action)).first()).isVisible();
            }
            field(page, "Action").fill("member.");
            click(page, "Apply filters");
            assertThat(page.getByRole(AriaRole.CELL, named("project.created"))).hasCount(0);
            Locator changed = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("member.role_changed"));
            assertThat(changed).hasCount(1);
            changed.getByText("Details").click();
            assertThat(changed.locator("pre").last()).containsText("\"role\": \"owner\"");
            screenshot(page, "iam-audit-log");
            back.request().queryParam("action", "member.role_changed").get("/v1/organizations/current/audit-events")
                    .then().statusCode(200).body("data", hasSize(1)).body("data[0].actor.display", equalTo(email))
                    .body("data[0].after.role", equalTo("owner"));
            back.request().queryParam("action", "session.created").get("/v1/organizations/current/audit-events")
                    .then().statusCode(200).body("data.after.switched_from", hasItem(labs));

            // on a phone's screen the members page still works: the table scrolls, the form stacks
            try (BrowserContext narrow = browser.newNarrowContext()) {
                Page phone = narrow.newPage();
                ConsoleBrowser.signIn(phone, developer);
                phone.navigate(console() + "/members");
                assertHeading(phone, "Members");
                assertThat(phone.getByRole(AriaRole.ROWHEADER, named(email))).isVisible();
                assertThat(phone.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Invite someone"))).isVisible();
                assertNoSidewaysScroll(phone);
                screenshot(phone, "iam-members-narrow");
            }

            // sign out everywhere, once confirmed: every session of the person ends
            ConsoleSession elsewhere = ConsoleSession.signIn(email, PASSWORD);
            click(page, "Sign out everywhere");
            Locator confirm = page.getByRole(AriaRole.ALERTDIALOG, named("Sign out of every session?"));
            confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign out everywhere")).click();
            assertHeading(page, "Sign in to LaaS");
            back.request().get("/v1/sessions/current").then().statusCode(401);
            elsewhere.request().get("/v1/sessions/current").then().statusCode(401);
            sessionOf(developerContext).request().get("/v1/sessions/current").then().statusCode(200)
                    .body("user.email", not(equalTo(email)));
        }
    }

    private static Locator sections(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Sections"));
    }

    private static void createProject(Page page, String code, String name) {
        field(page, "Code").fill(code);
        field(page, "Name").fill(name);
        click(page, "Create project");
        assertThat(page.getByRole(AriaRole.CELL, named(code))).isVisible();
    }
}
