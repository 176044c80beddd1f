package io.laas.web.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MigrationVersionsTest {

    @Test
    void versionsCompareAsNumbersPartByPart() {
        assertEquals(Optional.of("10"), MigrationVersions.latest(List.of("1", "9", "10", "2")));
        assertEquals(Optional.of("6"), MigrationVersions.latest(List.of("5", "5.1", "6", "4")));
        assertEquals(Optional.of("5.1"), MigrationVersions.latest(List.of("5", "5.1", "4.9")));
        assertEquals(Optional.of("5.10"), MigrationVersions.latest(List.of("5.9", "5.10", "5.2")));
    }

    @Test
    void noVersionIsEmpty() {
        assertEquals(Optional.empty(), MigrationVersions.latest(List.of()));
    }
}
