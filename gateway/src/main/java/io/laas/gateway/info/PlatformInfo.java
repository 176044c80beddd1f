package io.laas.gateway.info;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /v1/_info}: the gateway and the four services behind it, keyed {@code gateway}, {@code iam},
 * {@code command}, {@code projector}, {@code webhook}.
 *
 * @param status {@code up} when every service answered its info, else {@code degraded}
 */
@RegisterForReflection
public record PlatformInfo(
        @JsonProperty("status") String status,
        @JsonProperty("services") Map<String, UpstreamStatus> services) {

    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
}
