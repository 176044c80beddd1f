package io.laas.gateway.info.rest;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.info.PlatformInfo;
import io.laas.gateway.info.UpstreamAnswer;
import io.laas.gateway.info.service.PlatformInfoService;
import io.laas.gateway.info.service.UpstreamInfoClient;
import io.laas.gateway.routing.Upstream;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Versions through the gateway, unauthenticated like every service's {@code GET /_info} (no tenant data, no
 * secret): {@code GET /v1/_info} for the whole platform, and the ledger's and the authorisation server's own
 * under {@code /api/ledger} and {@code /api/auth}, the paths a Formance client expects them at. The gateway's
 * own {@code GET /_info} is the one every service has (libs/web-commons).
 */
@Path("/")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class PlatformInfoResource {

    /** Taken out of the API's {@code /v1/*} route (GatewayRoutes), which would ask for a credential. */
    public static final String PLATFORM_PATH = "/v1/_info";

    private final PlatformInfoService platform;
    private final UpstreamInfoClient client;
    private final GatewayConfig.UpstreamInfo config;

    public PlatformInfoResource(PlatformInfoService platform, UpstreamInfoClient client, GatewayConfig config) {
        this.platform = platform;
        this.client = client;
        this.config = config.upstreamInfo();
    }

    /** 200 even when services are down: each is listed with its state. */
    @GET
    @Path("v1/_info")
    public Uni<PlatformInfo> platform() {
        return platform.platform();
    }

    @GET
    @Path("api/ledger/_info")
    public Uni<Response> ledger() {
        return relay(Upstream.COMMAND);
    }

    @GET
    @Path("api/auth/_info")
    public Uni<Response> auth() {
        return relay(Upstream.IAM);
    }

    /** The service's answer as it is; no answer is 502 UPSTREAM_UNAVAILABLE or 504 UPSTREAM_TIMEOUT, as for the API. */
    private Uni<Response> relay(Upstream upstream) {
        return client.fetch(upstream, config.timeout()).map(answer -> {
            if (answer.answered()) {
                return Response.status(answer.status()).type(answer.contentType())
                        .entity(answer.body().getBytes()).build();
            }
            String service = upstream.label();
            if (UpstreamAnswer.TIMEOUT.equals(answer.failure())) {
                throw new ProblemException(504, "UPSTREAM_TIMEOUT", "Gateway Timeout",
                        "The " + service + " service did not answer in time.", Map.of("upstream", service));
            }
            throw new ProblemException(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                    "The " + service + " service is not reachable.", Map.of("upstream", service));
        });
    }
}
