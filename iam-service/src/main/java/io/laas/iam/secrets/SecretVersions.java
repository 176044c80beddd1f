package io.laas.iam.secrets;

import java.util.List;
import java.util.Map;

/**
 * Where the rotation of one server secret stands: its current and previous versions, and how many stored rows
 * are under each version. Once no row is under a previous version, that version can be removed.
 *
 * @param setting the current secret's setting
 * @param rowsByVersion stored rows by the version they were made under, newest version first
 */
public record SecretVersions(String setting, int currentVersion, List<Integer> previousVersions,
        Map<Integer, Long> rowsByVersion) {

    /** Rows under a version still configured as previous: they verify, and move to the current version. */
    public long rowsUnderPreviousVersions() {
        return rowsByVersion.entrySet().stream().filter(e -> previousVersions.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Rows under a version that is no longer configured: they verify nothing. */
    public long rowsUnderUnconfiguredVersions() {
        return rowsByVersion.entrySet().stream()
                .filter(e -> e.getKey() != currentVersion && !previousVersions.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
