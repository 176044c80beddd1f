package io.laas.token.jwt;

import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.jboss.logging.Logger;

import io.laas.token.AccessTokenRules;
import io.laas.token.RejectedTokenException;
import io.laas.token.revocation.DenyList;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * smallrye-jwt's verification (signature against IAM's JWKS, issuer, audience) wrapped in the
 * {@link AccessTokenRules} and the {@link DenyList}: the header is checked before any key is looked up, the
 * lifetime and the deny-list after the signature. A failure is a {@link ParseException}, which the service
 * answers with its usual 401. Services that verify with quarkus-oidc (the gateway) exclude this package.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class PolicyJwtCallerPrincipalFactory extends JWTCallerPrincipalFactory {

    private static final Logger LOG = Logger.getLogger(PolicyJwtCallerPrincipalFactory.class);

    private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final AccessTokenRules rules;
    private final DenyList denyList;

    public PolicyJwtCallerPrincipalFactory(AccessTokenRules rules, DenyList denyList) {
        this.rules = rules;
        this.denyList = denyList;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        try {
            rules.checkHeader(token);
            JWTCallerPrincipal principal = verifier.parse(token, context);
            rules.checkTimes(principal.getIssuedAtTime(), principal.getExpirationTime(), Instant.now());
            if (denyList.denies(principal.getSubject(), principal.getIssuedAtTime(), principal.getTokenID())) {
                throw new RejectedTokenException("revoked");
            }
            return principal;
        } catch (RejectedTokenException e) {
            LOG.debugf("Access token refused: %s", e.getMessage());
            throw new ParseException("Access token refused: " + e.getMessage());
        }
    }
}
