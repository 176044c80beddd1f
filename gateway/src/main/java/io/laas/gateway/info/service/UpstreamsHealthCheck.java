package io.laas.gateway.info.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.info.UpstreamStatus;
import io.laas.gateway.routing.Upstream;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Each service behind the gateway in the readiness details: {@code up} or {@code down}, how long its
 * {@code GET /_info} took, and why it is down. Always up itself: one service's outage must not take the gateway
 * out of its Service, or a projector outage would stop the writes too (each route fails on its own with 502).
 */
@Readiness
@ApplicationScoped
public class UpstreamsHealthCheck implements AsyncHealthCheck {

    private final UpstreamInfoClient client;
    private final PlatformInfoService platform;
    private final GatewayConfig.UpstreamInfo config;

    public UpstreamsHealthCheck(UpstreamInfoClient client, PlatformInfoService platform, GatewayConfig config) {
        this.client = client;
        this.platform = platform;
        this.config = config.upstreamInfo();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<UpstreamStatus>> asked = new ArrayList<>();
        for (Upstream upstream : Upstream.values()) {
            asked.add(client.fetch(upstream, config.healthTimeout()).map(platform::status));
        }
        return Uni.combine().all().unis(asked).with(UpstreamStatus.class, statuses -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("upstreams").up();
            Upstream[] upstreams = Upstream.values();
            for (int i = 0; i < upstreams.length; i++) {
                String label = upstreams[i].label();
                UpstreamStatus status = statuses.get(i);
                response.withData(label, status.status());
                response.withData(label + "_latency_ms", status.latencyMs());
                if (!status.isUp()) {
                    response.withData(label + "_error", status.error());
                }
            }
            return response.build();
        });
    }
}
