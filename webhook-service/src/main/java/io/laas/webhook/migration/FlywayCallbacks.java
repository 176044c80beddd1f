package io.laas.webhook.migration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/** Registers the migrations' own callbacks with the Flyway that migrates at start (the default datasource). */
@Singleton
public class FlywayCallbacks implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        List<Callback> callbacks = new ArrayList<>(Arrays.asList(configuration.getCallbacks()));
        callbacks.add(new ForcedRowSecurityBackfills());
        configuration.callbacks(callbacks.toArray(Callback[]::new));
    }
}
