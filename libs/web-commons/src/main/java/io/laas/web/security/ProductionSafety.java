package io.laas.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings a production service must not start with: a {@code change-me} placeholder or a demo
 * credential of the local stack in a secret, the test signing key of the test suites, and, unless
 * {@value #ALLOW_INSECURE_INTERNAL_URLS}{@code =true}, an {@code http://} URL of IAM (tokens, keys and
 * client secrets would travel in clear inside the cluster). A pure function of the settings;
 * {@link ProductionSafetyCheck} applies it at start in the {@code prod} profile.
 */
public final class ProductionSafety {

    /** Lets a production service reach IAM over plain HTTP (e.g. behind a service mesh that encrypts). */
    public static final String ALLOW_INSECURE_INTERNAL_URLS = "laas.security.allow-insecure-internal-urls";

    /**
     * Credentials the local stack, the benchmarks and the test suites publish (demo client, API key and user,
     * the operator's, the projector's and the command service's clients, the database password {@code laas}): never valid in production.
     */
    public static final Set<String> DEMO_CREDENTIALS = Set.of(
            "demo-secret",
            "projector-secret",
            "ledger-command-secret",
            "ops-secret",
            "sk_test_12345678901234567890123456789012",
            "password",
            "laas");

    /** Where IAM is reached from a service: each must be https in production. */
    static final Set<String> IAM_URL_SETTINGS = Set.of(
            "laas.iam.url",
            "laas.gateway.iam-url",
            "quarkus.oidc.auth-server-url",
            "quarkus.oidc.jwks-path",
            "mp.jwt.verify.publickey.location",
            "laas.projector.rebuild.token-url",
            "laas.ledger.registry.iam-url",
            "laas.ledger.registry.token-url");

    /** An entry of a map of earlier secrets by version: {@code ...previous-secrets.<version>}, {@code ...previous-keys.<version>}. */
    private static final Pattern PREVIOUS_SECRET = Pattern.compile("previous-(secrets|keys)[.-][^.]+$");

    private static final String TEST_KEY_MARKER = "meta-inf/laas/test-";

    private ProductionSafety() {
    }

    /**
     * What is wrong with these settings for production, one sentence each naming the setting (never its
     * value when it is a secret); empty when nothing is.
     *
     * @param settings the service's configuration, name to value
     */
    public static List<String> violations(Map<String, String> settings) {
        boolean allowInsecure = Boolean.parseBoolean(settings.getOrDefault(ALLOW_INSECURE_INTERNAL_URLS, "false").trim());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
            String name = setting.getKey();
            String value = setting.getValue() == null ? "" : setting.getValue().trim();
            String lowerValue = value.toLowerCase(Locale.ROOT);
            if (isSecret(name)) {
                if (lowerValue.contains("change-me") || lowerValue.contains("changeme")) {
                    problems.add(name + " holds a change-me placeholder: set a secret of its own");
                } else if (DEMO_CREDENTIALS.contains(value)) {
                    problems.add(name + " holds a demo credential of the local stack: set a secret of its own");
                }
            }
            if (lowerValue.contains(TEST_KEY_MARKER)) {
                problems.add(name + " points at the test suites' signing key (" + value
                        + "): production verifies with IAM's JWKS");
            }
            if (!allowInsecure && IAM_URL_SETTINGS.contains(name) && lowerValue.startsWith("http://")) {
                problems.add(name + "=" + value + " reaches IAM over plain HTTP: use https, or set "
                        + ALLOW_INSECURE_INTERNAL_URLS + "=true if the network encrypts it");
            }
        }
        return problems;
    }

    /**
     * A setting that holds a secret: its last segment ends with {@code secret}, {@code password},
     * {@code api-key} or {@code encryption-key} ({@code laas.iam.signing-key-secret},
     * {@code quarkus.datasource.password}, {@code laas.webhook.secret-encryption-key}), or it is an entry of a map
     * of earlier secrets by version ({@code laas.iam.api-key-previous-secrets.1},
     * {@code laas.webhook.secret-encryption-previous-keys.1}, also as environment variable names); not one that
     * names where a secret is ({@code ...credentials-provider.password-key}).
     */
    static boolean isSecret(String name) {
        String normalised = name.toLowerCase(Locale.ROOT).replace('_', '-');
        String last = normalised.substring(normalised.lastIndexOf('.') + 1);
        return last.endsWith("secret") || last.endsWith("password") || last.endsWith("api-key")
                || last.endsWith("encryption-key") || PREVIOUS_SECRET.matcher(normalised).find();
    }
}
