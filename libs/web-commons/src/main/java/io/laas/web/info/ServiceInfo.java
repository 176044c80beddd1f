package io.laas.web.info;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code GET /_info} answers: the service, its build, and the latest migration applied to its own
 * schema (null for the gateway, which has no schema).
 */
@RegisterForReflection
public record ServiceInfo(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("commit") String commit,
        @JsonProperty("build_time") String buildTime,
        @JsonProperty("schema_version") @JsonInclude(JsonInclude.Include.ALWAYS) String schemaVersion) {

    public static ServiceInfo of(String name, BuildInfo build, String schemaVersion) {
        return new ServiceInfo(name, build.version(), build.commit(), build.buildTime(), schemaVersion);
    }
}
