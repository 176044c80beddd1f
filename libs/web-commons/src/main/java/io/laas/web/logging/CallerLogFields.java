package io.laas.web.logging;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.laas.web.security.LedgerAccess;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Adds to the request's log fields ({@link LogFields}) what a service knows before its method runs: the ledger,
 * transaction and project the path names, and from the caller's access token its organisation, project and
 * credential ({@code client_id}: the API key id, OAuth client id or person). Authentication is not proactive, so the
 * caller is read from the deferred identity without blocking; an anonymous caller or a refused token adds nothing
 * and changes nothing (the refusal is the security checks' to answer).
 */
public class CallerLogFields {

    private static final String CLIENT_ID_CLAIM = "client_id";

    private final CurrentIdentityAssociation identities;

    public CallerLogFields(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Void> addCallerFields(UriInfo uri) {
        MultivaluedMap<String, String> path = uri.getPathParameters();
        LogFields.put(LogFields.LEDGER_ID, first(path, "ledger_id"));
        LogFields.put(LogFields.TRANSACTION_ID, first(path, "transaction_id"));
        String pathProject = first(path, "project_id");
        return identities.getDeferredIdentity().onItemOrFailure().transform((identity, refused) -> {
            if (identity != null && identity.getPrincipal() instanceof JsonWebToken token) {
                Object client = token.getClaim(CLIENT_ID_CLAIM);
                LogFields.put(LogFields.CREDENTIAL_ID, client != null ? client : token.getSubject());
                LogFields.put(LogFields.ORG_ID, token.getClaim(LedgerAccess.ORG_CLAIM));
                LogFields.put(LogFields.PROJECT_ID, pathProject != null ? pathProject
                        : token.getClaim(LedgerAccess.PROJECT_CLAIM));
            } else {
                LogFields.put(LogFields.PROJECT_ID, pathProject);
            }
            return null;
        });
    }

    private static String first(MultivaluedMap<String, String> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
