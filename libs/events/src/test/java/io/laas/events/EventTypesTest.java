package io.laas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The catalogue is the one of docs/events.md, and subscriptions are exactly types, {@code *} and families. */
class EventTypesTest {

    @Test
    void theLedgerTypesAreTheCatalogueOfTheEventsDoc() throws IOException {
        Path doc = Path.of("..", "..", "docs", "events.md");
        String markdown = Files.readString(doc, StandardCharsets.UTF_8);
        Set<String> catalogue = new TreeSet<>();
        boolean inTable = false;
        Pattern row = Pattern.compile("^\\|\\s*`([a-z_]+\\.[a-z_]+)`\\s*\\|");
        for (String line : markdown.split("\n")) {
            if (line.startsWith("#")) {
                inTable = line.trim().equals("## Event types");
                continue;
            }
            Matcher matcher = row.matcher(line);
            if (inTable && matcher.find()) {
                catalogue.add(matcher.group(1));
            }
        }
        assertEquals(catalogue, new TreeSet<>(EventTypes.LEDGER));
        for (String type : EventTypes.OPERATIONAL) {
            assertFalse(catalogue.contains(type), type + " is not a ledger event");
        }
        assertTrue(markdown.contains("### `" + EventTypes.WEBHOOK_TEST + "`"), "webhook.test is documented");
    }

    @Test
    void aSubscriptionIsAKnownTypeStarOrAKnownFamily() {
        for (String accepted : Set.of("transaction.posted", "schedule.run_failed", "webhook.test", "endpoint.disabled",
                "*", "transaction.*", "account.*", "webhook.*")) {
            assertTrue(EventTypes.isSubscription(accepted), accepted);
        }
        for (String refused : Set.of("", "matrix.never", "transaction", "transactions.*", "*.posted", "transaction.**",
                "transaction.posted.*", ".*", "**", "Transaction.posted", " transaction.posted")) {
            assertFalse(EventTypes.isSubscription(refused), refused);
        }
        assertFalse(EventTypes.isSubscription(null));
    }
}
