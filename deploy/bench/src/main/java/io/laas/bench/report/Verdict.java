package io.laas.bench.report;

/** How a measured figure compares with its target. */
public enum Verdict {
    PASS("pass"), SHORT("short"), NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
