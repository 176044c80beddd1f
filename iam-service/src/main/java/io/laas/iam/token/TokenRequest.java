package io.laas.iam.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A client credentials grant request (RFC 6749 §4.4.2), already parsed and well formed: who the client
 * says it is and which scopes it asks for. Whether the client may have them is decided after it is
 * authenticated.
 *
 * @param credentials the credentials of the one authentication method the client used
 * @param requestedScopes the scopes asked for, in request order; empty when the client asked for none
 *        (then it gets all of its own)
 */
public record TokenRequest(ClientCredentials credentials, Set<String> requestedScopes) {

    public TokenRequest {
        requestedScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requestedScopes));
    }
}
