package io.laas.iam.token;

/** What the client presented: its id and secret, and how (RFC 6749 §2.3.1). */
public record ClientCredentials(String clientId, String secret, Method method) {

    public enum Method {
        CLIENT_SECRET_BASIC, CLIENT_SECRET_POST
    }

    public boolean basic() {
        return method == Method.CLIENT_SECRET_BASIC;
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", method=" + method + "]";
    }
}
