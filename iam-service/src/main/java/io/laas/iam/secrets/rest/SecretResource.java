package io.laas.iam.secrets.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.secrets.SecretVersions;
import io.laas.iam.secrets.service.SecretVersionService;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The operator's view of the rotation of IAM's server secrets ({@code ops:admin}): how many stored rows remain
 * under each version, so that a previous secret is removed only once nothing needs it.
 */
@Path("/v1/ops/secrets")
@Tag(name = "Operations")
@RolesAllowed(Scopes.OPS_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SecretResource {

    private final SecretVersionService secrets;

    public SecretResource(SecretVersionService secrets) {
        this.secrets = secrets;
    }

    @GET
    @Operation(summary = "Versions of the api-key and signing-key secrets, and the stored rows under each")
    public Uni<SecretList> list() {
        return secrets.versions().map(SecretResource::view);
    }

    /** Re-encrypts now what start-up re-encrypts: the signing keys still under a previous signing-key secret. */
    @POST
    @Path("/re-encryption")
    @Operation(summary = "Re-encrypt the signing keys under the current signing-key secret")
    public Uni<ReencryptionResult> reencrypt() {
        return secrets.reencrypt().chain(count -> secrets.versions()
                .map(versions -> new ReencryptionResult(count, view(versions).data())));
    }

    private static SecretList view(List<SecretVersions> versions) {
        return new SecretList(versions.stream().map(v -> new SecretView(v.setting(), v.currentVersion(),
                v.previousVersions(), v.rowsByVersion().entrySet().stream()
                        .map(e -> new VersionCount(e.getKey(), e.getValue())).toList(),
                v.rowsUnderPreviousVersions(), v.rowsUnderUnconfiguredVersions())).toList());
    }

    /**
     * @param rowsUnderPreviousVersions rows that still need a previous version (0: it can be removed)
     * @param rowsUnderUnconfiguredVersions rows under a version no longer configured, which verify nothing
     */
    @RegisterForReflection
    public record SecretView(String setting, int currentVersion, List<Integer> previousVersions,
            List<VersionCount> rows, long rowsUnderPreviousVersions, long rowsUnderUnconfiguredVersions) {
    }

    @RegisterForReflection
    public record VersionCount(int version, long rows) {
    }

    @RegisterForReflection
    public record SecretList(List<SecretView> data) {
    }

    /** @param reencrypted signing keys this request re-encrypted */
    @RegisterForReflection
    public record ReencryptionResult(int reencrypted, List<SecretView> data) {
    }
}
