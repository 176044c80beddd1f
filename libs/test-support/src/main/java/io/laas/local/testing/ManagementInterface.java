package io.laas.local.testing;

import java.net.URI;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the application under test: {@code /q/health*}, {@code /q/metrics} and
 * {@code /q/openapi} are served there and not on the public port that rest-assured talks to by default.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** A request to the management interface; paths keep their {@code /q/…} form. */
    public static RequestSpecification management() {
        return RestAssured.given().baseUri(baseUri()).port(port());
    }

    /** The port Quarkus bound the management interface to in this test run. */
    public static int port() {
        return url().getPort();
    }

    private static String baseUri() {
        URI url = url();
        return url.getScheme() + "://" + url.getHost();
    }

    private static URI url() {
        return URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
    }
}
