package io.laas.system;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A person signed in at the gateway as the console's browser is: the {@code __Host-laas_session} cookie and the
 * CSRF token its scripts read (sent on unsafe methods). The browser never holds a bearer token.
 */
record ConsoleSession(String session, String csrf) {

    static final String COOKIE = "__Host-laas_session";

    /** {@code POST /v1/sessions} through the gateway; the login must succeed. */
    static ConsoleSession signIn(String email, String password) {
        return of(given().baseUri(RunningStack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/v1/sessions"));
    }

    /** The session a successful login answer sets. */
    static ConsoleSession of(Response login) {
        login.then().statusCode(201);
        String cookie = login.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                .findFirst().orElseThrow();
        return new ConsoleSession(cookie.substring(COOKIE.length() + 1, cookie.indexOf(';')), login.path("csrf_token"));
    }

    /** A request with the cookie only, as for safe methods. */
    RequestSpecification request() {
        return given().baseUri(RunningStack.gateway()).cookie(COOKIE, session).contentType(ContentType.JSON);
    }

    /** A request with the cookie and the CSRF token, as for unsafe methods. */
    RequestSpecification unsafe() {
        return request().header("X-CSRF-Token", csrf);
    }
}
