package io.laas.iam.audit;

/**
 * Who made a change: a person (console session), an API key, an OAuth2 client, the operator, or the
 * tenants file applied at start.
 *
 * @param id the person's id, the API key's id, the client's client_id; null for the tenants file
 * @param display how people know it (an email, a key's prefix, a client_id); filled in from the registry
 *        when null
 */
public record Actor(String type, String id, String display) {

    public static final String PERSON = "person";
    public static final String API_KEY = "api_key";
    public static final String CLIENT = "client";
    public static final String OPERATOR = "operator";
    public static final String SYSTEM_BOOTSTRAP = "system-bootstrap";

    public static final Actor BOOTSTRAP = new Actor(SYSTEM_BOOTSTRAP, null, "tenants file");
}
