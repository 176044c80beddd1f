package io.laas.web.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void whatTheBuildRecordedIsTaken() {
        Properties recorded = new Properties();
        recorded.setProperty("version", "1.2.3");
        recorded.setProperty("commit", "0123456789abcdef0123456789abcdef01234567\n");
        recorded.setProperty("build_time", "2026-12-01T21:40:12Z");
        assertEquals(new BuildInfo("1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-12-01T21:40:12Z"),
                BuildInfo.of(recorded, "9.9.9"));
    }

    @Test
    void withoutTheRecordTheVersionIsTheConfiguredOneAndTheRestUnknown() {
        assertEquals(new BuildInfo("9.9.9", BuildInfo.UNKNOWN, BuildInfo.UNKNOWN), BuildInfo.of(new Properties(), "9.9.9"));
        assertEquals(new BuildInfo(BuildInfo.UNKNOWN, BuildInfo.UNKNOWN, BuildInfo.UNKNOWN),
                BuildInfo.of(new Properties(), null));
    }

    @Test
    void aResourceMissingFromTheClassPathIsNoRecord() {
        ClassLoader empty = new ClassLoader(null) {
        };
        assertEquals(new BuildInfo("1.0", BuildInfo.UNKNOWN, BuildInfo.UNKNOWN), BuildInfo.load(empty, "1.0"));
    }
}
