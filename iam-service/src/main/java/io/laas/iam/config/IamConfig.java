package io.laas.iam.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of the authorisation server ({@code laas.iam.*}). */
@ConfigMapping(prefix = "laas.iam")
public interface IamConfig {

    /** Where services (this one included) fetch the JWKS; env {@code LAAS_IAM_URL}. */
    @WithDefault("http://localhost:8081")
    String url();

    /**
     * Server secret under which API keys and client secrets are stored as HMAC-SHA256; env
     * {@code LAAS_IAM_API_KEY_SECRET}. No production default: the service refuses to start without it.
     */
    String apiKeySecret();

    /**
     * Version of {@link #apiKeySecret()}, recorded with every hash made under it; env
     * {@code LAAS_IAM_API_KEY_SECRET_VERSION}. Hashes stored before versions existed are version 1.
     */
    @WithDefault("1")
    int apiKeySecretVersion();

    /**
     * Earlier API-key secrets by version ({@code laas.iam.api-key-previous-secrets.<version>}, env
     * {@code LAAS_IAM_API_KEY_PREVIOUS_SECRETS_<version>}): credentials hashed under them still verify and are
     * rehashed under the current secret when next used. Remove one once {@code GET /v1/ops/secrets} counts no
     * credential under it.
     */
    Map<Integer, String> apiKeyPreviousSecrets();

    /**
     * Secret from which the AES-256-GCM key that encrypts private signing keys at rest is derived; env
     * {@code LAAS_IAM_SIGNING_KEY_SECRET}. No production default.
     */
    String signingKeySecret();

    /**
     * Version of {@link #signingKeySecret()}, recorded with every private key encrypted under it; env
     * {@code LAAS_IAM_SIGNING_KEY_SECRET_VERSION}. Keys stored before versions existed are version 1.
     */
    @WithDefault("1")
    int signingKeySecretVersion();

    /**
     * Earlier signing-key secrets by version ({@code laas.iam.signing-key-previous-secrets.<version>}, env
     * {@code LAAS_IAM_SIGNING_KEY_PREVIOUS_SECRETS_<version>}): keys encrypted under them still verify and sign,
     * and are re-encrypted under the current secret at start (and by {@code POST /v1/ops/secrets/re-encryption}).
     */
    Map<Integer, String> signingKeyPreviousSecrets();

    /** Lifetime of access tokens; at most 15 minutes. */
    @WithDefault("600s")
    Duration tokenTtl();

    /**
     * How long a retired signing key stays in the JWKS so that tokens it signed still verify: at least the
     * token lifetime, plus the minute other replicas may still sign with it, plus the clock skew.
     */
    @WithDefault("20m")
    Duration jwksRetiredRetention();

    /**
     * Peers whose {@code X-Forwarded-For} is believed when throttling logins by source address (CIDR list):
     * the gateway, which sends the client's address as the header's only entry. IAM is never exposed to the
     * public, so by default any loopback or private peer; narrow it to the gateway's addresses
     * ({@code LAAS_IAM_TRUSTED_PROXIES}) where other private hosts can reach IAM.
     */
    @WithDefault("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7")
    List<String> trustedProxies();

    Password password();

    Signup signup();

    Login login();

    Session session();

    Invitation invitation();

    SigningKeys signingKeys();

    /** Rotation of the RS256 signing key ({@code laas.iam.signing-keys.*}). */
    interface SigningKeys {

        /**
         * How long a new key is published in the JWKS before it signs: at least the verifiers' periodic JWKS
         * refresh (5 minutes, libs/token-policy), so every verifier holds it before its first token. Default
         * {@code 10m}.
         */
        @WithDefault("10m")
        Duration leadTime();

        /** The age at which the active key is replaced on schedule. Default {@code 30d}. */
        @WithDefault("30d")
        Duration rotateAfter();

        /** How often each replica looks for a rotation step to take. Default {@code 60s}. */
        @WithDefault("60s")
        Duration checkInterval();
    }

    Bootstrap bootstrap();

    interface Bootstrap {
        /** Optional YAML file of tenants applied idempotently at start; env {@code LAAS_IAM_BOOTSTRAP_FILE}. */
        @WithName("file")
        Optional<String> file();
    }

    /** argon2id parameters of new password hashes (OWASP: m=19 MiB, t=2, p=1) and the hashing pool. */
    interface Password {
        /** Memory per hash in KiB. */
        @WithDefault("19456")
        int memoryKib();

        /** Passes over the memory. */
        @WithDefault("2")
        int iterations();

        /** Lanes. */
        @WithDefault("1")
        int parallelism();

        /** Hashes computed at once (worker threads); each holds {@code memory-kib} while it runs. */
        @WithDefault("2")
        int maxConcurrent();

        /** Hashes waiting for a thread; beyond it a sign-up or login is answered 503 PASSWORD_HASHING_BUSY. */
        @WithDefault("64")
        int maxQueued();
    }

    /** Open sign-up ({@code POST /v1/signup}): off unless switched on; the dev, test and local profiles switch it on. */
    interface Signup {
        @WithDefault("false")
        boolean enabled();
    }

    /** Throttling of password logins. */
    interface Login {
        /** Consecutive failed logins after which an account is locked. */
        @WithDefault("5")
        int maxFailures();

        /** How long a locked account refuses every login, the right password included. */
        @WithDefault("15m")
        Duration lockout();

        /** Failed logins from one source address (per replica) within {@link #sourceWindow} before 429. */
        @WithDefault("20")
        int sourceMaxFailures();

        @WithDefault("10m")
        Duration sourceWindow();
    }

    /** Console sessions. */
    interface Session {
        /** A session unused this long ends. */
        @WithDefault("30m")
        Duration idleTimeout();

        /** A session ends this long after login, used or not. */
        @WithDefault("12h")
        Duration absoluteTimeout();
    }

    interface Invitation {
        /** How long an invitation can be accepted. */
        @WithDefault("7d")
        Duration ttl();
    }
}
