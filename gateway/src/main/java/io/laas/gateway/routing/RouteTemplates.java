package io.laas.gateway.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's path templates, for the {@code uri} tag of {@code http_server_requests_seconds}: a request is counted
 * under the template of its endpoint ({@code /v1/ledgers/{ledger_id}/transactions}), never its path (ids would make
 * the series unbounded), and any path that is no endpoint under {@link #UNMATCHED}. Every endpoint of docs/api.md
 * under {@code /v1} is here, with the short forms without {@code /ledgers/{ledger_id}} ({@code RouteTemplatesTest}
 * checks it). Matching walks a tree of segments: no regular expression per request.
 */
public final class RouteTemplates {

    public static final String UNMATCHED = "/v1/{path}";

    private static final String LEDGER = "/v1/ledgers/{ledger_id}";
    private static final List<String> SHORT_FORMS = List.of("transactions", "accounts", "webhook-endpoints");

    static final List<String> TEMPLATES = List.of(
            "/v1/ledgers",
            LEDGER,
            LEDGER + "/archive",
            LEDGER + "/transactions",
            LEDGER + "/transactions/bulk",
            LEDGER + "/transactions/{transaction_id}",
            LEDGER + "/transactions/{transaction_id}/post",
            LEDGER + "/transactions/{transaction_id}/postings",
            LEDGER + "/transactions/{transaction_id}/reversal",
            LEDGER + "/transactions/{transaction_id}/void",
            LEDGER + "/accounts",
            LEDGER + "/accounts/{code}",
            LEDGER + "/accounts/{code}/balance-history",
            LEDGER + "/accounts/{code}/postings",
            LEDGER + "/accounts/{code}/statement",
            LEDGER + "/assets",
            LEDGER + "/assets/{code}",
            LEDGER + "/events",
            LEDGER + "/overview",
            LEDGER + "/projection",
            LEDGER + "/verify",
            LEDGER + "/reports/balance-sheet",
            LEDGER + "/reports/income-statement",
            LEDGER + "/reports/trial-balance",
            LEDGER + "/schedules",
            LEDGER + "/schedules/{schedule_id}",
            LEDGER + "/schedules/{schedule_id}/cancel",
            LEDGER + "/schedules/{schedule_id}/pause",
            LEDGER + "/schedules/{schedule_id}/resume",
            LEDGER + "/webhook-endpoints",
            LEDGER + "/webhook-endpoints/{endpoint_id}",
            LEDGER + "/webhook-endpoints/{endpoint_id}/attempts",
            LEDGER + "/webhook-endpoints/{endpoint_id}/recover",
            LEDGER + "/webhook-endpoints/{endpoint_id}/secret/rotate",
            LEDGER + "/webhook-endpoints/{endpoint_id}/stats",
            LEDGER + "/webhook-endpoints/{endpoint_id}/test",
            LEDGER + "/webhook-messages",
            LEDGER + "/webhook-messages/{message_id}",
            LEDGER + "/webhook-messages/{message_id}/attempts",
            LEDGER + "/webhook-messages/{message_id}/attempts/{attempt_id}",
            LEDGER + "/webhook-messages/{message_id}/endpoints/{endpoint_id}/resend",
            "/v1/projects",
            "/v1/projects/{project_id}",
            "/v1/projects/{project_id}/ledgers",
            "/v1/projects/{project_id}/api-keys",
            "/v1/projects/{project_id}/api-keys/{key_id}",
            "/v1/projects/{project_id}/api-keys/{key_id}/rotate",
            "/v1/projects/{project_id}/clients",
            "/v1/projects/{project_id}/clients/{id}",
            "/v1/projects/{project_id}/clients/{id}/rotate-secret",
            "/v1/organizations/current/audit-events",
            "/v1/organizations/current/invitations",
            "/v1/organizations/current/invitations/{invitation_id}",
            "/v1/organizations/current/members",
            "/v1/organizations/current/members/{user_id}",
            "/v1/invitations/{token}/accept",
            "/v1/signup",
            "/v1/sessions",
            "/v1/_info",
            "/v1/sessions/current",
            "/v1/sessions/current/organization",
            "/v1/sessions/current/organizations",
            "/v1/ops/organizations/{org_id}/quotas",
            "/v1/ops/organizations/{organization_id}/audit-events",
            "/v1/ops/projector/failed-events",
            "/v1/ops/projector/failed-events/{id}",
            "/v1/ops/projector/failed-events/{id}/dismiss",
            "/v1/ops/projector/failed-events/{id}/redrive",
            "/v1/ops/projector/ledgers/{ledger_id}/rebuild",
            "/v1/ops/registry/ledgers/{ledger_id}",
            "/v1/ops/secrets",
            "/v1/ops/secrets/re-encryption",
            "/v1/ops/signing-keys",
            "/v1/ops/signing-keys/rotation");

    private static final Node ROOT = new Node();

    static {
        for (String template : TEMPLATES) {
            add(template);
            String shortForm = template.startsWith(LEDGER + "/") ? "/v1" + template.substring(LEDGER.length()) : null;
            if (shortForm != null && SHORT_FORMS.contains(segments(shortForm).get(1))) {
                add(shortForm);
            }
        }
    }

    private RouteTemplates() {
    }

    /** The template of the endpoint {@code rawPath} (no query) names, or {@link #UNMATCHED}. */
    public static String of(String rawPath) {
        String template = ROOT.match(rawPath, 0);
        return template == null ? UNMATCHED : template;
    }

    private static void add(String template) {
        Node node = ROOT;
        for (String segment : segments(template)) {
            if (segment.startsWith("{")) {
                if (node.parameter == null) {
                    node.parameter = new Node();
                }
                node = node.parameter;
            } else {
                node = node.literals.computeIfAbsent(segment, s -> new Node());
            }
        }
        node.template = template;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(1).split("/")) {
            segments.add(segment);
        }
        return segments;
    }

    /** One segment's position in the tree: the literal segments that may follow, or any one segment. */
    private static final class Node {
        private final Map<String, Node> literals = new HashMap<>();
        private Node parameter;
        private String template;

        /** The template of {@code path} from {@code from} (a '/' or its end) on, a literal segment winning. */
        String match(String path, int from) {
            if (from == path.length()) {
                return template;
            }
            if (path.charAt(from) != '/' || from + 1 == path.length()) {
                return null;
            }
            int end = path.indexOf('/', from + 1);
            if (end < 0) {
                end = path.length();
            }
            if (end == from + 1) {
                return null;
            }
            Node literal = literals.get(path.substring(from + 1, end));
            String found = literal == null ? null : literal.match(path, end);
            if (found == null && parameter != null) {
                found = parameter.match(path, end);
            }
            return found;
        }
    }
}
