package io.laas.gateway.info;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.laas.web.info.ServiceInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One service in {@code GET /v1/_info}: {@code up} with its info, or {@code down} with why (the gateway's
 * UPSTREAM_UNAVAILABLE or UPSTREAM_TIMEOUT, or the problem code or {@code HTTP_<status>} the service answered).
 *
 * @param latencyMs how long the service took to answer, or to fail; null for the gateway itself
 * @param httpStatus the status the service answered when it answered something other than its info
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamStatus(
        @JsonProperty("status") String status,
        @JsonProperty("latency_ms") Long latencyMs,
        @JsonProperty("info") ServiceInfo info,
        @JsonProperty("error") String error,
        @JsonProperty("http_status") Integer httpStatus) {

    public static final String UP = "up";
    public static final String DOWN = "down";

    public static UpstreamStatus up(ServiceInfo info, Long latencyMs) {
        return new UpstreamStatus(UP, latencyMs, info, null, null);
    }

    public static UpstreamStatus down(String error, Integer httpStatus, long latencyMs) {
        return new UpstreamStatus(DOWN, latencyMs, null, error, httpStatus);
    }

    public boolean isUp() {
        return UP.equals(status);
    }
}
