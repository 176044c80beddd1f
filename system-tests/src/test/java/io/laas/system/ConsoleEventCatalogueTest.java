package io.laas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.laas.events.EventTypes;

/**
 * The console offers webhook endpoints the event types of its own list (console/src/features/webhooks/eventTypes.ts,
 * as a TypeScript app cannot read the Java catalogue): it must be the service's catalogue, no more, no less.
 */
class ConsoleEventCatalogueTest {

    private static final Pattern TYPE = Pattern.compile("'([a-z_]+\\.[a-z_]+)'");

    @Test
    void theConsoleOffersExactlyTheEventTypesEndpointsAccept() throws IOException {
        String source = Files.readString(RepositoryRoot.path().resolve("console/src/features/webhooks/eventTypes.ts"));
        String catalogue = source.substring(source.indexOf("EVENT_CATALOGUE"), source.indexOf("]\n", source.indexOf("EVENT_CATALOGUE")));
        Set<String> offered = new TreeSet<>();
        for (Matcher type = TYPE.matcher(catalogue); type.find();) {
            offered.add(type.group(1));
        }
        assertEquals(new TreeSet<>(EventTypes.ALL), offered);
    }
}
