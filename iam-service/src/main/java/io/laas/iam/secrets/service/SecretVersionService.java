package io.laas.iam.secrets.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.crypto.CredentialHasher;
import io.laas.iam.crypto.KeyEncryption;
import io.laas.iam.keys.service.SigningKeyService;
import io.laas.iam.secrets.SecretVersions;
import io.laas.iam.secrets.repository.SecretVersionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The rotation of IAM's server secrets as an operator follows it: the api-key secret (credential hashes, moved to
 * the current version as each credential is next used) and the signing-key secret (private signing keys,
 * re-encrypted at start and on demand).
 */
@ApplicationScoped
public class SecretVersionService {

    private final Pool pool;
    private final SecretVersionRepository repository;
    private final CredentialHasher hasher;
    private final KeyEncryption encryption;
    private final SigningKeyService signingKeys;

    public SecretVersionService(Pool pool, SecretVersionRepository repository, CredentialHasher hasher,
            KeyEncryption encryption, SigningKeyService signingKeys) {
        this.pool = pool;
        this.repository = repository;
        this.hasher = hasher;
        this.encryption = encryption;
        this.signingKeys = signingKeys;
    }

    public Uni<List<SecretVersions>> versions() {
        List<Integer> previousHashVersions = hasher.versions().stream().filter(v -> v != hasher.currentVersion()).toList();
        return repository.credentialHashes(pool)
                .map(counts -> new SecretVersions("laas.iam.api-key-secret", hasher.currentVersion(),
                        previousHashVersions, counts))
                .chain(credentials -> signingKeys.publishedKeysByVersion()
                        .map(counts -> List.of(credentials, new SecretVersions("laas.iam.signing-key-secret",
                                encryption.currentVersion(), encryption.previousVersions(), counts))));
    }

    /** Re-encrypts the signing keys still under a previous signing-key secret now; how many were. */
    public Uni<Integer> reencrypt() {
        return signingKeys.reencryptUnderCurrentSecret();
    }
}
