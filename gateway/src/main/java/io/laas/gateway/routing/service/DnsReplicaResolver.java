package io.laas.gateway.routing.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;

/**
 * Asks the DNS servers of {@code /etc/resolv.conf} directly (Vert.x' non-blocking DNS client) for a name's A and
 * AAAA records, so that the JVM's address cache never hands back replicas that are gone. A Kubernetes headless
 * Service has one record per ready pod.
 */
@ApplicationScoped
public class DnsReplicaResolver implements ReplicaResolver {

    private final DnsClient dns;

    public DnsReplicaResolver(Vertx vertx) {
        this.dns = vertx.createDnsClient();
    }

    @PreDestroy
    void close() {
        dns.close();
    }

    @Override
    public Future<List<String>> resolve(String name) {
        Future<List<String>> v4 = dns.resolveA(name);
        Future<List<String>> v6 = dns.resolveAAAA(name);
        return Future.join(v4, v6).transform(done -> {
            if (v4.failed() && v6.failed()) {
                return Future.failedFuture(v4.cause());
            }
            List<String> addresses = new ArrayList<>();
            if (v4.succeeded() && v4.result() != null) {
                addresses.addAll(v4.result());
            }
            if (v6.succeeded() && v6.result() != null) {
                addresses.addAll(v6.result());
            }
            return Future.succeededFuture(addresses);
        });
    }
}
