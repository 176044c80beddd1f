package io.laas.bench.report;

/** The ids of the floor measurements the API windows are compared with. */
public final class FloorIds {

    public static final String UNIFORM = "seq";
    public static final String HOT = "hot";
    public static final String FOUR_POSTINGS = "seq4";
    public static final String TEN_LEDGERS = "ledgers10";

    private FloorIds() {
    }
}
