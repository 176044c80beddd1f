package io.laas.iam.session.service;

import java.util.Map;

import io.laas.web.problem.ProblemException;

/** 429 LOGIN_THROTTLED: too many failed logins from one source; answered with {@code Retry-After}. */
public class LoginThrottledException extends ProblemException {

    private final long retryAfterSeconds;

    public LoginThrottledException(long retryAfterSeconds) {
        super(429, "LOGIN_THROTTLED", "Too Many Requests",
                "Too many failed sign-ins from this address; try again in " + retryAfterSeconds + " s.",
                Map.of("retry_after", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
