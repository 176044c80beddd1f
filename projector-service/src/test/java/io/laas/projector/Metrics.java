package io.laas.projector;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;

/** Reads sample values from the service's Prometheus endpoint, so that tests can assert a value moved. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The value of the sample {@code name} whose labels contain every one of {@code labels} (e.g.
     * {@code kind="poison"}); 0 when there is no such sample.
     */
    public static double value(String name, String... labels) {
        String body = management().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
