package io.laas.projector.account;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a list of accounts keeps; each part {@code null} (or, for metadata, empty) for no filter.
 *
 * @param codePrefix codes starting with it
 * @param type {@code asset}, {@code liability}, {@code equity}, {@code revenue} or {@code expense}
 * @param parentCode the direct children of the account with this code
 * @param status {@code open}, {@code frozen} or {@code closed}
 * @param currency the account's currency
 * @param metadata top-level keys and the value each must have (see {@code MetadataMatch})
 */
public record AccountFilter(String codePrefix, String type, String parentCode, String status, String currency,
        SortedMap<String, String> metadata) {

    public AccountFilter {
        metadata = metadata == null ? new TreeMap<>() : new TreeMap<>(Map.copyOf(metadata));
    }
}
