package io.laas.gateway.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.common.mapper.TypeRef;

/** What the fake services received, read over HTTP from {@link FakeService#RECORDED_PATH}. */
public final class Recorded {

    private Recorded() {
    }

    /** The requests a fake received that carry this {@code x-request-id}. */
    public static List<Request> byRequestId(String serviceUrl, String requestId) {
        return all(serviceUrl).stream().filter(r -> requestId.equals(r.header("x-request-id"))).toList();
    }

    public static List<String> paths(String serviceUrl, String requestId) {
        return byRequestId(serviceUrl, requestId).stream().map(Request::path).toList();
    }

    public static List<String> methods(String serviceUrl, String requestId) {
        return byRequestId(serviceUrl, requestId).stream().map(Request::method).toList();
    }

    public static List<Request> all(String serviceUrl) {
        List<Map<String, Object>> raw = given().get(serviceUrl + FakeService.RECORDED_PATH)
                .then().statusCode(200)
                .extract().as(new TypeRef<List<Map<String, Object>>>() {
                });
        return raw.stream().map(Request::new).toList();
    }

    public record Request(Map<String, Object> raw) {
        public String method() {
            return (String) raw.get("method");
        }

        public String path() {
            return (String) raw.get("path");
        }

        public String query() {
            return (String) raw.get("query");
        }

        public String body() {
            return (String) raw.get("body");
        }

        @SuppressWarnings("unchecked")
        public String header(String name) {
            return ((Map<String, String>) raw.get("headers")).get(name);
        }
    }
}
