package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Logins are throttled by the source the trusted proxy reported (the right-most X-Forwarded-For entry that is
 * not itself a trusted proxy; the test client, 127.0.0.1, is trusted by default): entries a client wrote to
 * its left change nothing, and trusted hops to its right are skipped.
 */
@QuarkusTest
class LoginSourceAddressTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static io.restassured.response.Response login(String forwardedFor, String email) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"not the password at all\"}")
                .post("/v1/sessions");
    }

    @Test
    void spoofedEntriesLeftOfTheSourceDoNotEscapeItsThrottle() {
        String source = People.newSource();
        for (int i = 0; i < 20; i++) {
            String spoofed = "192.0.2." + i;
            String forwardedFor = i % 2 == 0 ? spoofed + ", " + source : spoofed + ", " + source + ", 10.0.0.7";
            login(forwardedFor, People.uniqueEmail("guess")).then().statusCode(401);
        }
        login("192.0.2.200, " + source, People.uniqueEmail("guess")).then().statusCode(429)
                .body("code", equalTo("LOGIN_THROTTLED"));
        login(source + ", 172.16.5.5", People.uniqueEmail("guess")).then().statusCode(429);

        login(source + ", " + People.newSource(), People.uniqueEmail("guess")).then().statusCode(401);
    }
}
