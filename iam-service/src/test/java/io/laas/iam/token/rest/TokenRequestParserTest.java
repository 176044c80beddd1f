package io.laas.iam.token.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.laas.iam.token.ClientCredentials;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.TokenRequest;

class TokenRequestParserTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void clientSecretPostWithScopesBecomesADomainRequest() {
        TokenRequest request = TokenRequestParser.parse(FORM + "; charset=UTF-8",
                "grant_type=client_credentials&client_id=demo-client&client_secret=s%26cret&scope=webhooks:read+ledger:read",
                null);
        assertEquals(new ClientCredentials("demo-client", "s&cret", ClientCredentials.Method.CLIENT_SECRET_POST),
                request.credentials());
        assertEquals(List.of("webhooks:read", "ledger:read"), List.copyOf(request.requestedScopes()));
    }

    @Test
    void basicCredentialsAreFormUrlDecodedAndABlankScopeAsksForNone() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("demo%2Dclient:demo%2Dsecret".getBytes(StandardCharsets.UTF_8));
        TokenRequest request = TokenRequestParser.parse(FORM, "grant_type=client_credentials&scope=+", basic);
        assertEquals(new ClientCredentials("demo-client", "demo-secret", ClientCredentials.Method.CLIENT_SECRET_BASIC),
                request.credentials());
        assertEquals(Set.of(), request.requestedScopes());
    }

    @Test
    void errorsComeInTheOrderOfTheChecks() {
        assertEquals("invalid_request 400", error(() -> TokenRequestParser.parse("application/json", "{}", null)));
        assertEquals("invalid_request 400",
                error(() -> TokenRequestParser.parse(FORM, "grant_type=password&grant_type=password", null)));
        assertEquals("invalid_request 400", error(() -> TokenRequestParser.parse(FORM, "client_id=a&client_secret=b", null)));
        assertEquals("unsupported_grant_type 400",
                error(() -> TokenRequestParser.parse(FORM, "grant_type=password&client_id=a", "Bearer x")));
        assertEquals("invalid_client 401", error(() -> TokenRequestParser.parse(FORM, "grant_type=client_credentials", "Bearer x")));
        assertEquals("invalid_request 400", error(() -> TokenRequestParser.parse(FORM,
                "grant_type=client_credentials&client_secret=b", null)));
        assertEquals("invalid_scope 400", error(() -> TokenRequestParser.parse(FORM,
                "grant_type=client_credentials&client_id=a&client_secret=b&scope=ledger:read+%22quoted%22", null)));
    }

    @Test
    void missingClientAuthenticationChallengesWithBasic() {
        OAuthError error = assertThrows(OAuthError.class,
                () -> TokenRequestParser.parse(FORM, "grant_type=client_credentials&client_id=a", null));
        assertEquals("invalid_client", error.error());
        assertTrue(error.basicChallenge());
    }

    private static String error(org.junit.jupiter.api.function.Executable call) {
        OAuthError error = assertThrows(OAuthError.class, call);
        return error.error() + " " + error.status();
    }
}
