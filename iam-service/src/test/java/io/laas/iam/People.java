package io.laas.iam;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Test helpers for people: sign up, sign in, exchange a session, each from an address of its own. */
public final class People {

    /** Long enough, not common, not an email: acceptable to the password policy. */
    public static final String PASSWORD = "correct horse battery staple";

    private People() {
    }

    /** A fresh address at the end of X-Forwarded-For, so that failed logins of one test never throttle another. */
    public static String newSource() {
        return "198." + (18 + (int) (Math.random() * 2)) + "." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    public static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.test";
    }

    public static RequestSpecification from(String source) {
        return given().header("X-Forwarded-For", "203.0.113.9, " + source).contentType(ContentType.JSON);
    }

    public static Response signup(String email, String password, String organization) {
        return from(newSource()).body("{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"organization_name\":\"" + organization + "\"}").post("/v1/signup");
    }

    /** Signs up a new owner; returns {user id, organisation id}. */
    public static UUID[] newOwner(String email) {
        var body = signup(email, PASSWORD, "Org of " + email).then().statusCode(201).extract();
        return new UUID[] { UUID.fromString(body.path("user.id")), UUID.fromString(body.path("organization.id")) };
    }

    public static Response login(String email, String password, String source) {
        return from(source).body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").post("/v1/sessions");
    }

    /** A session token of a successful login. */
    public static String session(String email, String password) {
        return login(email, password, newSource()).then().statusCode(201).extract().path("session_token");
    }

    public static Response exchange(String sessionToken) {
        return given().contentType(ContentType.JSON).body("{\"session_token\":\"" + sessionToken + "\"}")
                .post("/internal/session-tokens");
    }

    /** The access token of the session's person. */
    public static String accessToken(String sessionToken) {
        return exchange(sessionToken).then().statusCode(200).extract().path("access_token");
    }
}
