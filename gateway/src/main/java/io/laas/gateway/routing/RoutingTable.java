package io.laas.gateway.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;

/**
 * The API routing rules (CQRS behind one API):
 * <ul>
 * <li>{@code GET /v1/ledgers} → IAM (any valid token);</li>
 * <li>{@code /v1/ledgers/{ledger_id}/webhook-…} → webhook service ({@code webhooks:read} for GET/HEAD,
 * {@code webhooks:write} otherwise);</li>
 * <li>{@code /v1/ledgers/{ledger_id}[/…]} → GET/HEAD to the projector ({@code ledger:read}), every other
 * method to the command service ({@code ledger:write});</li>
 * <li>except what only the command service holds, the ledger's history and its schedules: GET/HEAD
 * {@code /v1/ledgers/{ledger_id}/events}, {@code /verify}, {@code /schedules} and {@code /schedules/{id}} →
 * command service ({@code ledger:read});</li>
 * <li>the short forms {@code /v1/transactions}, {@code /v1/accounts}, {@code /v1/webhook-endpoints}
 * (and below) resolve the ledger from a credential that grants exactly one and are then routed as the
 * canonical path;</li>
 * <li>the administration of the credential's organisation → IAM ({@code iam:admin}; IAM checks the
 * organisation, so no ledger tenancy here): {@code /v1/projects}, {@code /v1/projects/{project_id}},
 * {@code /v1/projects/{project_id}/ledgers}, the project's API keys and OAuth2 clients
 * ({@code /v1/projects/{project_id}/api-keys[/{key_id}[/rotate]]},
 * {@code /v1/projects/{project_id}/clients[/{id}[/rotate-secret]]}), GET/HEAD/PATCH {@code /v1/ledgers/{ledger_id}} and POST
 * {@code /v1/ledgers/{ledger_id}/archive};</li>
 * <li>the people of the credential's organisation → IAM ({@code iam:admin}):
 * {@code /v1/organizations/current/members[/{user_id}]} and {@code /v1/organizations/current/invitations[/{id}]};
 * and its audit log, GET {@code /v1/organizations/current/audit-events};
 * sign-up, sessions and accepting an invitation are not API routes (see {@code SessionRoutes});</li>
 * <li>{@code /v1/ops/projector/…} → the projector's operator API ({@code ops:admin}, held only by clients of
 * the operator's organisation; no ledger tenancy);</li>
 * <li>{@code /v1/ops/signing-keys[/…]} → IAM's signing-key rotation ({@code ops:admin});</li>
 * <li>GET {@code /v1/ops/organizations/{organization_id}/audit-events} → IAM ({@code ops:admin}): any
 * organisation's audit log;</li>
 * <li>{@code /v1/ops/organizations/{org_id}/quotas} → IAM's quota overrides ({@code ops:admin}).</li>
 * </ul>
 * Pure function of method, path and granted ledgers; tenancy and scope are enforced by the caller.
 */
public final class RoutingTable {

    static final String PREFIX = "/v1/";
    private static final Set<String> SHORT_FORMS = Set.of("transactions", "accounts", "webhook-endpoints");
    private static final String WEBHOOK_RESOURCE_PREFIX = "webhook-";
    /** Reads the command service answers from its event store: the event feed and the chain's verification. */
    private static final Set<String> HISTORY_READS = Set.of("events", "verify");

    private RoutingTable() {
    }

    /**
     * @param method the HTTP method (upper case)
     * @param rawPath the request path as received (percent-encoded, no query)
     * @param grantedLedgers the ledgers of the token's {@code ledgers} claim
     * @throws ProblemException 404 NOT_FOUND for an unknown route, 400 LEDGER_REQUIRED when a short form is
     *         used with a credential for several ledgers, 404 LEDGER_NOT_FOUND when it grants none
     */
    public static Route resolve(String method, String rawPath, Set<UUID> grantedLedgers) {
        if (!rawPath.startsWith(PREFIX)) {
            throw notFound(rawPath);
        }
        List<String> segments = segments(rawPath.substring(PREFIX.length()), rawPath);
        if (segments.isEmpty()) {
            throw notFound(rawPath);
        }
        boolean read = isRead(method);
        String first = segments.get(0);
        if (first.equals("ledgers")) {
            if (segments.size() == 1) {
                if (!read) {
                    throw notFound(rawPath);
                }
                return new Route(Upstream.IAM, "/v1/ledgers", Optional.empty(), Optional.empty());
            }
            UUID ledger = parseLedger(segments.get(1));
            if (isLedgerAdministration(method, segments.subList(2, segments.size()))) {
                return new Route(Upstream.IAM, "/v1/ledgers/" + ledger + (segments.size() == 2 ? "" : "/archive"),
                        Optional.empty(), Optional.of(Scopes.IAM_ADMIN));
            }
            return ledgerRoute(ledger, segments.subList(2, segments.size()), read);
        }
        if (first.equals("projects") && isProjectAdministration(segments.subList(1, segments.size()))) {
            return new Route(Upstream.IAM, PREFIX + String.join("/", segments), Optional.empty(),
                    Optional.of(Scopes.IAM_ADMIN));
        }
        if (first.equals("organizations") && (isPeopleAdministration(segments) || isAuditLog(segments, 1, read))) {
            return new Route(Upstream.IAM, PREFIX + String.join("/", segments), Optional.empty(),
                    Optional.of(Scopes.IAM_ADMIN));
        }
        if (first.equals("ops") && segments.size() == 4 && segments.get(1).equals("organizations")
                && (isAuditLog(segments, 2, read) || segments.get(3).equals("quotas"))) {
            return new Route(Upstream.IAM, PREFIX + String.join("/", segments), Optional.empty(),
                    Optional.of(Scopes.OPS_ADMIN));
        }
        if (first.equals("ops") && segments.size() > 2 && segments.get(1).equals("projector")) {
            return new Route(Upstream.PROJECTOR, PREFIX + String.join("/", segments), Optional.empty(),
                    Optional.of(Scopes.OPS_ADMIN));
        }
        if (first.equals("ops") && segments.size() >= 2 && segments.get(1).equals("signing-keys")) {
            return new Route(Upstream.IAM, PREFIX + String.join("/", segments), Optional.empty(),
                    Optional.of(Scopes.OPS_ADMIN));
        }
        if (SHORT_FORMS.contains(first)) {
            return ledgerRoute(singleLedger(grantedLedgers), segments, read);
        }
        throw notFound(rawPath);
    }

    /**
     * {@code [project_id[/ledgers | /api-keys[/key_id[/rotate]] | /clients[/id[/rotate-secret]]]]}: a project and
     * what IAM keeps under it.
     */
    private static boolean isProjectAdministration(List<String> rest) {
        if (rest.size() <= 1) {
            return true;
        }
        String resource = rest.get(1);
        return switch (rest.size()) {
            case 2 -> resource.equals("ledgers") || resource.equals("api-keys") || resource.equals("clients");
            case 3 -> resource.equals("api-keys") || resource.equals("clients");
            case 4 -> resource.equals("api-keys") && rest.get(3).equals("rotate")
                    || resource.equals("clients") && rest.get(3).equals("rotate-secret");
            default -> false;
        };
    }

    /** {@code organizations/current/members[/{user_id}]} and {@code organizations/current/invitations[/{id}]}. */
    private static boolean isPeopleAdministration(List<String> segments) {
        return segments.size() >= 3 && segments.size() <= 4 && segments.get(1).equals("current")
                && (segments.get(2).equals("members") || segments.get(2).equals("invitations"));
    }

    /** {@code …/{organization}/audit-events}, read only: the organisation is the segment at {@code organization}. */
    private static boolean isAuditLog(List<String> segments, int organization, boolean read) {
        return read && segments.size() == organization + 2 && segments.get(organization + 1).equals("audit-events")
                && (organization != 1 || segments.get(1).equals("current"));
    }

    /** The ledger itself (read or renamed) and its archiving belong to the registry, not to the ledger services. */
    private static boolean isLedgerAdministration(String method, List<String> rest) {
        return rest.isEmpty() && (isRead(method) || method.equals("PATCH"))
                || rest.equals(List.of("archive")) && method.equals("POST");
    }

    public static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static Route ledgerRoute(UUID ledger, List<String> rest, boolean read) {
        String path = "/v1/ledgers/" + ledger + (rest.isEmpty() ? "" : "/" + String.join("/", rest));
        boolean webhooks = !rest.isEmpty() && rest.get(0).startsWith(WEBHOOK_RESOURCE_PREFIX);
        if (webhooks) {
            return new Route(Upstream.WEBHOOK, path, Optional.of(ledger),
                    Optional.of(read ? Scopes.WEBHOOKS_READ : Scopes.WEBHOOKS_WRITE));
        }
        if (read && (rest.size() == 1 && HISTORY_READS.contains(rest.get(0)) || isSchedules(rest))) {
            return new Route(Upstream.COMMAND, path, Optional.of(ledger), Optional.of(Scopes.LEDGER_READ));
        }
        return read
                ? new Route(Upstream.PROJECTOR, path, Optional.of(ledger), Optional.of(Scopes.LEDGER_READ))
                : new Route(Upstream.COMMAND, path, Optional.of(ledger), Optional.of(Scopes.LEDGER_WRITE));
    }

    /** {@code schedules} and {@code schedules/{id}}: write-side state, read from the command service. */
    private static boolean isSchedules(List<String> rest) {
        return !rest.isEmpty() && rest.get(0).equals("schedules") && rest.size() <= 2;
    }

    private static UUID singleLedger(Set<UUID> granted) {
        if (granted.size() == 1) {
            return granted.iterator().next();
        }
        if (granted.isEmpty()) {
            throw ProblemException.notFound("LEDGER_NOT_FOUND", "This credential does not grant any ledger.");
        }
        throw ProblemException.badRequest("LEDGER_REQUIRED",
                "This credential grants several ledgers: use the canonical path /v1/ledgers/{ledger_id}/…");
    }

    private static UUID parseLedger(String segment) {
        try {
            // canonical form only, so that the ledger checked is exactly the ledger forwarded
            UUID id = UUID.fromString(segment);
            if (id.toString().equalsIgnoreCase(segment)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + segment + " was not found.");
    }

    /**
     * Splits the path into raw segments, refusing anything a downstream router might resolve to a different
     * path than the one authorised here: empty segments, dot segments and encoded separators.
     */
    private static List<String> segments(String path, String rawPath) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        List<String> segments = Arrays.asList(trimmed.split("/", -1));
        for (String segment : segments) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw notFound(rawPath);
            }
            if (decoded.isEmpty() || decoded.equals(".") || decoded.equals("..") || decoded.contains("/")
                    || decoded.contains("\\")) {
                throw notFound(rawPath);
            }
        }
        return segments;
    }

    private static ProblemException notFound(String path) {
        return ProblemException.notFound("NOT_FOUND", "No route for " + path + ".");
    }
}
