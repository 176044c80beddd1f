package io.laas.web.info.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.laas.web.info.ServiceInfo;
import io.laas.web.info.service.ServiceInfoService;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /_info} on every service's public port: its name, version, commit, build time and schema version.
 * Unauthenticated on purpose (as in Formance): it holds no tenant data and no secret, and a deployment check or
 * an operator must read it without a credential.
 */
@Path("/_info")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    private final ServiceInfoService infos;

    public InfoResource(ServiceInfoService infos) {
        this.infos = infos;
    }

    @GET
    public Uni<ServiceInfo> info() {
        return infos.info();
    }
}
