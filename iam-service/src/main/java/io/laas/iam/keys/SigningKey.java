package io.laas.iam.keys;

import java.security.PrivateKey;

/** The key that signs access tokens right now. */
public record SigningKey(String kid, PrivateKey privateKey) {

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + "]";
    }
}
