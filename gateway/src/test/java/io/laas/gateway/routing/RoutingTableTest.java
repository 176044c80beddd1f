package io.laas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;

class RoutingTableTest {

    private static final UUID LEDGER = UUID.fromString("00000000-0000-0000-0000-000000000005");
    private static final Set<UUID> ONE = Set.of(LEDGER);

    @Test
    void readsOfALedgerGoToTheProjector() {
        Route route = RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + "/accounts/cash", Set.of());
        assertEquals(new Route(Upstream.PROJECTOR, "/v1/ledgers/" + LEDGER + "/accounts/cash", Optional.of(LEDGER),
                Optional.of(Scopes.LEDGER_READ)), route);
        assertEquals(Upstream.PROJECTOR, RoutingTable.resolve("HEAD", "/v1/ledgers/" + LEDGER + "/accounts", ONE).upstream());
    }

    @Test
    void everyOtherMethodOnALedgerGoesToTheCommandService() {
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            Route route = RoutingTable.resolve(method, "/v1/ledgers/" + LEDGER + "/transactions", ONE);
            assertEquals(Upstream.COMMAND, route.upstream());
            assertEquals(Optional.of(Scopes.LEDGER_WRITE), route.requiredScope());
        }
    }

    @Test
    void schedulesAreReadFromTheCommandService() {
        for (String path : new String[] { "/schedules", "/schedules/" + UUID.randomUUID() }) {
            assertEquals(new Route(Upstream.COMMAND, "/v1/ledgers/" + LEDGER + path, Optional.of(LEDGER),
                    Optional.of(Scopes.LEDGER_READ)), RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + path, ONE));
        }
        assertEquals(Optional.of(Scopes.LEDGER_WRITE),
                RoutingTable.resolve("POST", "/v1/ledgers/" + LEDGER + "/schedules/x/pause", ONE).requiredScope());
        assertEquals(Upstream.PROJECTOR,
                RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + "/schedules/x/runs", ONE).upstream());
    }

    @Test
    void theLedgersHistoryIsReadFromTheCommandService() {
        for (String history : new String[] { "events", "verify" }) {
            for (String method : new String[] { "GET", "HEAD" }) {
                assertEquals(new Route(Upstream.COMMAND, "/v1/ledgers/" + LEDGER + "/" + history, Optional.of(LEDGER),
                        Optional.of(Scopes.LEDGER_READ)),
                        RoutingTable.resolve(method, "/v1/ledgers/" + LEDGER + "/" + history + "/", ONE));
            }
            Route write = RoutingTable.resolve("POST", "/v1/ledgers/" + LEDGER + "/" + history, ONE);
            assertEquals(Upstream.COMMAND, write.upstream());
            assertEquals(Optional.of(Scopes.LEDGER_WRITE), write.requiredScope());
            assertEquals(Upstream.PROJECTOR,
                    RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + "/" + history + "/x", ONE).upstream(),
                    "only the history itself");
            assertEquals(Upstream.PROJECTOR,
                    RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + "/accounts/" + history, ONE).upstream());
        }
    }

    @Test
    void anAccountsStatementAndBalanceHistoryAreReadsOfTheProjector() {
        for (String read : new String[] { "statement", "balance-history" }) {
            String path = "/v1/ledgers/" + LEDGER + "/accounts/wallet:alice/" + read;
            assertEquals(new Route(Upstream.PROJECTOR, path, Optional.of(LEDGER), Optional.of(Scopes.LEDGER_READ)),
                    RoutingTable.resolve("GET", path, ONE));
        }
    }

    @Test
    void reportsAreReadsOfTheProjectorAndHaveNoShortForm() {
        for (String report : new String[] { "trial-balance", "balance-sheet", "income-statement" }) {
            String path = "/v1/ledgers/" + LEDGER + "/reports/" + report;
            for (String method : new String[] { "GET", "HEAD" }) {
                assertEquals(new Route(Upstream.PROJECTOR, path, Optional.of(LEDGER), Optional.of(Scopes.LEDGER_READ)),
                        RoutingTable.resolve(method, path, ONE));
            }
            assertEquals(Upstream.COMMAND, RoutingTable.resolve("POST", path, ONE).upstream());
            ProblemException shortForm = assertThrows(ProblemException.class,
                    () -> RoutingTable.resolve("GET", "/v1/reports/" + report, ONE));
            assertEquals(404, shortForm.status());
        }
    }

    @Test
    void webhookResourcesGoToTheWebhookServiceWithWebhookScopes() {
        Route read = RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + "/webhook-endpoints/x/attempts", ONE);
        assertEquals(Upstream.WEBHOOK, read.upstream());
        assertEquals(Optional.of(Scopes.WEBHOOKS_READ), read.requiredScope());
        Route write = RoutingTable.resolve("DELETE", "/v1/webhook-endpoints/x", ONE);
        assertEquals(new Route(Upstream.WEBHOOK, "/v1/ledgers/" + LEDGER + "/webhook-endpoints/x",
                Optional.of(LEDGER), Optional.of(Scopes.WEBHOOKS_WRITE)), write);
    }

    @Test
    void ledgerListIsIamsAndNeedsNoScope() {
        assertEquals(new Route(Upstream.IAM, "/v1/ledgers", Optional.empty(), Optional.empty()),
                RoutingTable.resolve("GET", "/v1/ledgers", Set.of()));
        assertEquals(Upstream.IAM, RoutingTable.resolve("GET", "/v1/ledgers/", Set.of()).upstream());
    }

    @Test
    void shortFormsUseTheOnlyGrantedLedger() {
        assertEquals("/v1/ledgers/" + LEDGER + "/transactions",
                RoutingTable.resolve("POST", "/v1/transactions", ONE).path());
        assertEquals("/v1/ledgers/" + LEDGER + "/accounts/cash",
                RoutingTable.resolve("GET", "/v1/accounts/cash", ONE).path());
        assertEquals(problem("LEDGER_REQUIRED", 400),
                code(() -> RoutingTable.resolve("GET", "/v1/accounts", Set.of(LEDGER, UUID.randomUUID()))));
        assertEquals(problem("LEDGER_NOT_FOUND", 404), code(() -> RoutingTable.resolve("GET", "/v1/accounts", Set.of())));
    }

    @Test
    void ledgerIdsMustBeCanonicalUuids() {
        assertEquals(problem("LEDGER_NOT_FOUND", 404),
                code(() -> RoutingTable.resolve("GET", "/v1/ledgers/1-1-1-1-1/accounts", ONE)));
        assertEquals(LEDGER, RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER.toString().toUpperCase() + "/accounts",
                ONE).ledgerId().orElseThrow());
    }

    @Test
    void theProjectorsOperatorApiNeedsOpsAdminAndNoLedger() {
        for (String method : new String[] { "GET", "POST" }) {
            Route route = RoutingTable.resolve(method, "/v1/ops/projector/failed-events/42/redrive", Set.of());
            assertEquals(Upstream.PROJECTOR, route.upstream());
            assertEquals("/v1/ops/projector/failed-events/42/redrive", route.path());
            assertEquals(Optional.of(Scopes.OPS_ADMIN), route.requiredScope());
            assertEquals(Optional.empty(), route.ledgerId());
        }
        for (String method : new String[] { "GET", "PUT", "DELETE" }) {
            Route route = RoutingTable.resolve(method, "/v1/ops/organizations/" + LEDGER + "/quotas", Set.of());
            assertEquals(Upstream.IAM, route.upstream());
            assertEquals("/v1/ops/organizations/" + LEDGER + "/quotas", route.path());
            assertEquals(Optional.of(Scopes.OPS_ADMIN), route.requiredScope());
        }
        for (String path : new String[] { "/v1/ops", "/v1/ops/projector", "/v1/ops/command/x", "/v1/ops/projector/../x",
                "/v1/ops/organizations/x", "/v1/ops/organizations/x/quotas/y", "/v1/ops/registry/ledgers/x" }) {
            assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("GET", path, ONE)), path);
        }
    }

    @Test
    void signingKeyRotationIsIamsAndNeedsOpsAdmin() {
        for (String path : new String[] { "/v1/ops/signing-keys", "/v1/ops/signing-keys/rotation" }) {
            Route route = RoutingTable.resolve("POST", path, ONE);
            assertEquals(Upstream.IAM, route.upstream());
            assertEquals(path, route.path());
            assertEquals(Optional.of(Scopes.OPS_ADMIN), route.requiredScope());
            assertEquals(Optional.empty(), route.ledgerId());
        }
    }

    @Test
    void projectsAreIamsAndNeedIamAdminAndNoLedger() {
        for (String method : new String[] { "GET", "POST", "PATCH", "DELETE" }) {
            for (String path : new String[] { "/v1/projects", "/v1/projects/", "/v1/projects/" + LEDGER,
                    "/v1/projects/" + LEDGER + "/ledgers" }) {
                Route route = RoutingTable.resolve(method, path, ONE);
                assertEquals(Upstream.IAM, route.upstream(), method + " " + path);
                assertEquals(path.endsWith("/") ? "/v1/projects" : path, route.path());
                assertEquals(Optional.of(Scopes.IAM_ADMIN), route.requiredScope());
                assertEquals(Optional.empty(), route.ledgerId());
            }
        }
        for (String path : new String[] { "/v1/projects/x/y/z", "/v1/projects/x/accounts", "/v1/projects/../ledgers", "/v1/projects/a%2Fb" }) {
            assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("GET", path, ONE)), path);
        }
    }

    @Test
    void aProjectsApiKeysAndClientsAreIamsAndNeedIamAdminAndNoLedger() {
        String project = "/v1/projects/" + LEDGER;
        String id = UUID.randomUUID().toString();
        for (String method : new String[] { "GET", "POST", "DELETE" }) {
            for (String path : new String[] { project + "/api-keys", project + "/api-keys/" + id,
                    project + "/api-keys/" + id + "/rotate", project + "/clients", project + "/clients/" + id,
                    project + "/clients/" + id + "/rotate-secret" }) {
                Route route = RoutingTable.resolve(method, path, ONE);
                assertEquals(new Route(Upstream.IAM, path, Optional.empty(), Optional.of(Scopes.IAM_ADMIN)), route,
                        method + " " + path);
            }
        }
        for (String path : new String[] { project + "/api-keys/" + id + "/rotate-secret",
                project + "/clients/" + id + "/rotate", project + "/ledgers/" + id, project + "/api-keys/" + id + "/rotate/x",
                project + "/keys" }) {
            assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("POST", path, ONE)), path);
        }
    }

    @Test
    void theLedgerItselfAndItsArchivingAreIamsAndNeedIamAdminAndNoLedgerGrant() {
        for (String method : new String[] { "GET", "HEAD", "PATCH" }) {
            assertEquals(new Route(Upstream.IAM, "/v1/ledgers/" + LEDGER, Optional.empty(), Optional.of(Scopes.IAM_ADMIN)),
                    RoutingTable.resolve(method, "/v1/ledgers/" + LEDGER, Set.of()), method);
        }
        assertEquals(new Route(Upstream.IAM, "/v1/ledgers/" + LEDGER + "/archive", Optional.empty(),
                Optional.of(Scopes.IAM_ADMIN)), RoutingTable.resolve("POST", "/v1/ledgers/" + LEDGER + "/archive/", Set.of()));
        // everything below the ledger stays with the ledger services
        assertEquals(Upstream.COMMAND, RoutingTable.resolve("DELETE", "/v1/ledgers/" + LEDGER, ONE).upstream());
        assertEquals(Upstream.PROJECTOR, RoutingTable.resolve("GET", "/v1/ledgers/" + LEDGER + "/archive", ONE).upstream());
        assertEquals(problem("LEDGER_NOT_FOUND", 404), code(() -> RoutingTable.resolve("PATCH", "/v1/ledgers/sandbox", ONE)));
    }

    @Test
    void theOrganisationsPeopleAreIamsAndNeedIamAdminAndNoLedger() {
        for (String path : new String[] { "/v1/organizations/current/members", "/v1/organizations/current/members/" + LEDGER,
                "/v1/organizations/current/invitations", "/v1/organizations/current/invitations/" + LEDGER + "/" }) {
            for (String method : new String[] { "GET", "POST", "PATCH", "DELETE" }) {
                assertEquals(new Route(Upstream.IAM, path.replaceAll("/$", ""), Optional.empty(),
                        Optional.of(Scopes.IAM_ADMIN)), RoutingTable.resolve(method, path, Set.of()), method + " " + path);
            }
        }
        for (String path : new String[] { "/v1/organizations", "/v1/organizations/current",
                "/v1/organizations/" + LEDGER + "/members", "/v1/organizations/current/members/" + LEDGER + "/x",
                "/v1/organizations/current/keys", "/v1/sessions", "/v1/signup", "/internal/session-tokens" }) {
            assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("GET", path, ONE)), path);
        }
    }

    @Test
    void theAuditLogIsReadAtIamByOwnersAndTheOperator() {
        for (String method : new String[] { "GET", "HEAD" }) {
            assertEquals(new Route(Upstream.IAM, "/v1/organizations/current/audit-events", Optional.empty(),
                    Optional.of(Scopes.IAM_ADMIN)),
                    RoutingTable.resolve(method, "/v1/organizations/current/audit-events", Set.of()));
            assertEquals(new Route(Upstream.IAM, "/v1/ops/organizations/" + LEDGER + "/audit-events", Optional.empty(),
                    Optional.of(Scopes.OPS_ADMIN)),
                    RoutingTable.resolve(method, "/v1/ops/organizations/" + LEDGER + "/audit-events", Set.of()));
        }
        // never written through the API, nor another organisation's through the owners' route
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            assertEquals(problem("NOT_FOUND", 404),
                    code(() -> RoutingTable.resolve(method, "/v1/organizations/current/audit-events", ONE)), method);
            assertEquals(problem("NOT_FOUND", 404),
                    code(() -> RoutingTable.resolve(method, "/v1/ops/organizations/" + LEDGER + "/audit-events", ONE)));
        }
        for (String path : new String[] { "/v1/organizations/" + LEDGER + "/audit-events",
                "/v1/organizations/current/audit-events/x", "/v1/ops/organizations/" + LEDGER,
                "/v1/ops/organizations/" + LEDGER + "/audit-events/x", "/v1/ops/organizations/audit-events" }) {
            assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("GET", path, ONE)), path);
        }
    }

    @Test
    void unknownOrAmbiguousPathsAreNotFound() {
        for (String path : new String[] { "/v1", "/v1/", "/v1/orders", "/v2/ledgers", "/v1/ledgers/" + LEDGER + "/../x",
                "/v1/ledgers/" + LEDGER + "/%2e%2E/x", "/v1/ledgers/" + LEDGER + "/a%2Fb", "/v1//transactions",
                "/v1/ledgers/" + LEDGER + "/a%zz" }) {
            assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("GET", path, ONE)), path);
        }
        assertEquals(problem("NOT_FOUND", 404), code(() -> RoutingTable.resolve("POST", "/v1/ledgers", ONE)));
    }

    private static String problem(String code, int status) {
        return status + " " + code;
    }

    private static String code(org.junit.jupiter.api.function.Executable call) {
        ProblemException e = assertThrows(ProblemException.class, call);
        return e.status() + " " + e.code();
    }
}
