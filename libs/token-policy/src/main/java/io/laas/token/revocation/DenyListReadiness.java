package io.laas.token.revocation;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the deny-list has read the revocations of the last token lifetime: a process that answered
 * before that would accept tokens revoked while it was down.
 */
@Readiness
@ApplicationScoped
public class DenyListReadiness implements HealthCheck {

    private final RevocationFeed feed;
    private final DenyList denyList;

    public DenyListReadiness(RevocationFeed feed, DenyList denyList) {
        this.feed = feed;
        this.denyList = denyList;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !feed.enabled() || feed.caughtUp();
        return HealthCheckResponse.named("revocation-deny-list")
                .status(up)
                .withData("feed", feed.enabled())
                .withData("caught_up", feed.caughtUp())
                .withData("entries", denyList.size())
                .build();
    }
}
