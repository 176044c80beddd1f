package io.laas.iam.project.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.project.Project;
import io.laas.iam.project.repository.ProjectRepository;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
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
    private static final String TARGET = "project";

    private final Pool pool;
    private final ProjectRepository projects;
    private final AuditLog audit;

    public ProjectService(Pool pool, ProjectRepository projects, AuditLog audit) {
        this.pool = pool;
        this.projects = projects;
        this.audit = audit;
    }

    public Uni<Project> create(Initiator by, UUID organizationId, String code, String name) {
        return pool.withTransaction(conn -> projects.insert(conn, organizationId, code, name)
                .call(project -> audit.record(conn, by, organizationId, "project.created", TARGET, project.id(), null,
                        snapshot(project))))
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

    public Uni<Project> rename(Initiator by, UUID organizationId, UUID id, String name) {
        return pool.withTransaction(conn -> projects.findForUpdate(conn, organizationId, id)
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .chain(before -> projects.rename(conn, organizationId, id, name)
                        .map(found -> found.orElseThrow(() -> notFound(id)))
                        .call(after -> audit.record(conn, by, organizationId, "project.updated", TARGET, id,
                                snapshot(before), snapshot(after)))));
    }

    /**
     * Deletes an empty project. A project that holds ledgers or OAuth2 clients is kept (409): ledgers are
     * archived, never deleted, since their history lives on in the other services.
     */
    public Uni<Void> delete(Initiator by, UUID organizationId, UUID id) {
        return pool.withTransaction(conn -> projects.findForUpdate(conn, organizationId, id)
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .call(project -> projects.countLedgers(conn, id)
                        .chain(ledgerCount -> projects.countClients(conn, id).map(clientCount -> {
                            if (ledgerCount > 0 || clientCount > 0) {
                                throw ProblemException.conflict(PROJECT_NOT_EMPTY, "Project " + id + " holds "
                                        + ledgerCount + " ledger(s) and " + clientCount
                                        + " client(s); only an empty project can be deleted.");
                            }
                            return ledgerCount;
                        })))
                .call(project -> projects.delete(conn, organizationId, id))
                .chain(project -> audit.record(conn, by, organizationId, "project.deleted", TARGET, id,
                        snapshot(project), null)));
    }

    /** What the audit log keeps of a project. */
    public static JsonObject snapshot(Project project) {
        return new JsonObject().put("id", project.id().toString()).put("code", project.code())
                .put("name", project.name());
    }

    public static ProblemException notFound(Object id) {
        return ProblemException.notFound(PROJECT_NOT_FOUND, "Project " + id + " was not found.");
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
