package io.laas.iam.project.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.project.Project;
import io.laas.iam.project.repository.ProjectRepository;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * An organisation's projects. Every operation is scoped to the administered organisation: a project of
 * another organisation is answered exactly as one that does not exist.
 */
@ApplicationScoped
public class ProjectService {

    public static final String PROJECT_NOT_FOUND = "PROJECT_NOT_FOUND";
    public static final String PROJECT_CODE_TAKEN = "PROJECT_CODE_TAKEN";
    public static final String PROJECT_NOT_EMPTY = "PROJECT_NOT_EMPTY";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final ProjectRepository projects;

    public ProjectService(Pool pool, ProjectRepository projects) {
        this.pool = pool;
        this.projects = projects;
    }

    public Uni<Project> create(UUID organizationId, String code, String name) {
        return projects.insert(pool, organizationId, code, name)
                .onFailure(ProjectService::isUniqueViolation)
                .transform(e -> ProblemException.conflict(PROJECT_CODE_TAKEN,
                        "A project with code " + code + " already exists in this organisation."));
    }

    public Uni<List<Project>> list(UUID organizationId) {
        return projects.listOf(pool, organizationId);
    }

    public Uni<Project> get(UUID organizationId, UUID id) {
        return projects.find(pool, organizationId, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    public Uni<Project> rename(UUID organizationId, UUID id, String name) {
        return projects.rename(pool, organizationId, id, name).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /**
     * Deletes an empty project. A project that holds ledgers or OAuth2 clients is kept (409): ledgers are
     * archived, never deleted, since their history lives on in the other services.
     */
    public Uni<Void> delete(UUID organizationId, UUID id) {
        return pool.withTransaction(conn -> projects.findForUpdate(conn, organizationId, id)
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .chain(project -> projects.countLedgers(conn, id))
                .chain(ledgerCount -> projects.countClients(conn, id).map(clientCount -> {
                    if (ledgerCount > 0 || clientCount > 0) {
                        throw ProblemException.conflict(PROJECT_NOT_EMPTY, "Project " + id + " holds " + ledgerCount
                                + " ledger(s) and " + clientCount + " client(s); only an empty project can be deleted.");
                    }
                    return ledgerCount;
                }))
                .chain(() -> projects.delete(conn, organizationId, id))
                .replaceWithVoid());
    }

    public static ProblemException notFound(Object id) {
        return ProblemException.notFound(PROJECT_NOT_FOUND, "Project " + id + " was not found.");
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
