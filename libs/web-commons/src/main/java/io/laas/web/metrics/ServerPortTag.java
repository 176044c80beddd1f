package io.laas.web.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Every service has two HTTP servers, the public one and the management interface. Quarkus tags a server's
 * connection meters ({@code http_server_bytes_read}, …) with {@code server_port} only when its port is fixed,
 * and Prometheus refuses a meter whose tag keys differ from an existing one of the same name: a server on a
 * random port (tests) beside one on a fixed port would never finish starting. Without the tag, both servers
 * share one set of keys.
 */
@Singleton
public class ServerPortTag {

    @Produces
    @Singleton
    MeterFilter withoutServerPort() {
        return MeterFilter.ignoreTags("server.port");
    }
}
