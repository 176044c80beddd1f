package io.laas.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Console sessions at the gateway ({@code laas.session.*}): the cookie is the browser's only credential. */
@ConfigMapping(prefix = "laas.session")
public interface SessionConfig {

    /**
     * How long a session's access token is reused before IAM is asked again (at most 5 s: a session ended
     * at IAM, on any replica, stops working here within this time).
     */
    @WithDefault("5s")
    Duration cacheTtl();

    /** Sessions whose access token is cached at most. */
    @WithDefault("10000")
    int cacheSize();

    /**
     * Origins, besides the gateway's own, from which a browser may send unsafe requests with the session
     * cookie (e.g. a console served from another host); any other {@code Origin} is refused.
     */
    Optional<List<String>> allowedOrigins();
}
