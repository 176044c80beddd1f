package io.laas.gateway.info.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.info.PlatformInfo;
import io.laas.gateway.info.UpstreamAnswer;
import io.laas.gateway.info.UpstreamStatus;
import io.laas.gateway.routing.Upstream;
import io.laas.web.info.ServiceInfo;
import io.laas.web.info.service.ServiceInfoService;
import io.laas.web.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's info with each service's, asked of all four at once: {@code GET /v1/_info} answers as soon as the
 * slowest has answered or its timeout has passed, whatever any of them answered.
 */
@ApplicationScoped
public class PlatformInfoService {

    private final ServiceInfoService own;
    private final UpstreamInfoClient client;
    private final ObjectMapper json;
    private final GatewayConfig.UpstreamInfo config;

    public PlatformInfoService(ServiceInfoService own, UpstreamInfoClient client, ObjectMapper json,
            GatewayConfig config) {
        this.own = own;
        this.client = client;
        this.json = json;
        this.config = config.upstreamInfo();
    }

    public Uni<PlatformInfo> platform() {
        List<Uni<UpstreamStatus>> asked = new ArrayList<>();
        for (Upstream upstream : Upstream.values()) {
            asked.add(client.fetch(upstream, config.timeout()).map(this::status));
        }
        return Uni.combine().all().unis(asked).with(UpstreamStatus.class, statuses -> statuses)
                .flatMap(statuses -> own.info().map(gateway -> {
                    Map<String, UpstreamStatus> services = new LinkedHashMap<>();
                    services.put("gateway", UpstreamStatus.up(gateway, null));
                    Upstream[] upstreams = Upstream.values();
                    boolean allUp = true;
                    for (int i = 0; i < upstreams.length; i++) {
                        services.put(upstreams[i].label(), statuses.get(i));
                        allUp &= statuses.get(i).isUp();
                    }
                    return new PlatformInfo(allUp ? PlatformInfo.UP : PlatformInfo.DEGRADED, services);
                }));
    }

    /** Up only when the service answered 200 with its info. */
    public UpstreamStatus status(UpstreamAnswer answer) {
        if (!answer.answered()) {
            return UpstreamStatus.down(answer.failure(), null, answer.latencyMs());
        }
        if (answer.status() == 200) {
            try {
                ServiceInfo info = json.readValue(answer.body().getBytes(), ServiceInfo.class);
                if (info.name() != null && info.version() != null) {
                    return UpstreamStatus.up(info, answer.latencyMs());
                }
            } catch (IOException notInfo) {
                // below: answered, but not with its info
            }
            return UpstreamStatus.down("INVALID_INFO", 200, answer.latencyMs());
        }
        return UpstreamStatus.down(problemCode(answer), answer.status(), answer.latencyMs());
    }

    /** The code of the problem the service answered, or {@code HTTP_<status>}. */
    private String problemCode(UpstreamAnswer answer) {
        String type = answer.contentType();
        if (type != null && type.startsWith(Problem.MEDIA_TYPE)) {
            try {
                JsonNode code = json.readTree(answer.body().getBytes()).path("code");
                if (code.isTextual() && !code.asText().isBlank()) {
                    return code.asText();
                }
            } catch (IOException notProblem) {
                // below
            }
        }
        return "HTTP_" + answer.status();
    }
}
