package io.laas.ledger;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The relay switched off, as when Debezium publishes the outbox: rows stay until something relays them. */
public class RelayDisabledProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("laas.outbox.relay.enabled", "false");
    }
}
