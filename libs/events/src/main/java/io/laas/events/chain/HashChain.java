package io.laas.events.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * The rule of a ledger's hash chain (docs/events.md, "A history anyone can verify"), the one definition that the
 * command service links events with and that anyone reading them (the command service's verifier, the projector
 * rebuilding a ledger) checks them with:
 *
 * <pre>
 * hash(N)   = lowercase hex( SHA-256( UTF-8(hash(N-1)) ‖ UTF-8(JCS(envelope(N) without "hash")) ) )
 * hash(0)   = lowercase hex( SHA-256( UTF-8(ledger id, lowercase) ) )          -- the genesis
 * </pre>
 *
 * JCS is RFC 8785 ({@link CanonicalJson}).
 */
public final class HashChain {

    public static final String HASH = "hash";

    private HashChain() {
    }

    /** What a ledger's first event is hashed over. */
    public static String genesis(UUID ledgerId) {
        return hex(sha256().digest(ledgerId.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash of an envelope that follows {@code previousHash}; a {@code hash} member of the envelope is left out. */
    public static String hash(String previousHash, JsonObject envelope) {
        JsonObject hashed = envelope;
        if (envelope.containsKey(HASH)) {
            hashed = new JsonObject(new HashMap<>(envelope.getMap()));
            hashed.remove(HASH);
        }
        MessageDigest sha = sha256();
        sha.update(previousHash.getBytes(StandardCharsets.UTF_8));
        sha.update(CanonicalJson.canonicalize(hashed).getBytes(StandardCharsets.UTF_8));
        return hex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
