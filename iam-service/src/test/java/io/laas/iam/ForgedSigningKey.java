package io.laas.iam;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

import io.vertx.core.json.JsonObject;

/**
 * A key pair and its public JWK as IAM would store them (the kid the RFC 7638 thumbprint), for a row written straight
 * into the database with a private part that is not encrypted under IAM's secret: such a row must never be published
 * nor used.
 */
record ForgedSigningKey(KeyPair pair, String kid, JsonObject jwk) {

    static ForgedSigningKey generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        String n = base64Url(publicKey.getModulus());
        String e = base64Url(publicKey.getPublicExponent());
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(("{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}").getBytes(StandardCharsets.UTF_8)));
        JsonObject jwk = new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", kid)
                .put("n", n).put("e", e);
        return new ForgedSigningKey(pair, kid, jwk);
    }

    /** Random bytes where the encrypted private key would be. */
    static byte[] garbage() {
        byte[] garbage = new byte[1200];
        new SecureRandom().nextBytes(garbage);
        return garbage;
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
