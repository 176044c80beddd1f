package io.laas.webhook;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;

import java.util.Optional;

/** Reads one value from the service's Prometheus scrape. */
final class Metrics {

    private Metrics() {
    }

    /**
     * The value of the series named {@code name} whose labels contain {@code labels} (empty: any), or
     * empty when the scrape has no such series.
     */
    static Optional<Double> value(String name, String labels) {
        String scrape = management().get("/q/metrics").then().statusCode(200).extract().asString();
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> labels.isEmpty() || line.contains(labels))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    static double value(String name) {
        return value(name, "").orElse(Double.NaN);
    }
}
