package io.laas.gateway.auth;

import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.laas.web.problem.Problem;
import io.quarkus.oidc.OIDCException;

/**
 * quarkus-oidc could not reach IAM (discovery or JWKS) to validate a token: that is IAM being unavailable,
 * not the client's fault, so 502 UPSTREAM_UNAVAILABLE rather than 401 or 500. quarkus-oidc tries to
 * connect again on the next request.
 */
public class IamUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(IamUnavailableMapper.class);

    @ServerExceptionMapper
    public Response iamUnavailable(OIDCException e, UriInfo uri) {
        LOG.warnf("Token validation impossible, IAM unavailable: %s", e.getMessage());
        return new Problem(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                "The iam service is not reachable to validate the token.", uri == null ? null : uri.getPath(),
                Map.of("upstream", "iam")).toResponse();
    }
}
