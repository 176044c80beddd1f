package io.laas.webhook.stats;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The periods an endpoint's statistics can cover ({@code window} of the stats endpoint). */
public enum StatsWindow {

    HOUR("1h", Duration.ofHours(1)),
    DAY("24h", Duration.ofHours(24)),
    WEEK("7d", Duration.ofDays(7));

    private final String label;
    private final Duration length;

    StatsWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public static Optional<StatsWindow> of(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }
}
