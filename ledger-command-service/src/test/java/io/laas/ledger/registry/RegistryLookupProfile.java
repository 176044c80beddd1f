package io.laas.ledger.registry;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The command service with its registry lookups on, against {@link FakeIamRegistry}. */
public class RegistryLookupProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeIamRegistry.class));
    }
}
