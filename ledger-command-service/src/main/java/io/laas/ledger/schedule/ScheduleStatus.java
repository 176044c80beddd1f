package io.laas.ledger.schedule;

/** Active schedules run when due; paused ones wait until resumed; cancelled and completed ones are done. */
public enum ScheduleStatus {
    ACTIVE, PAUSED, CANCELLED, COMPLETED;

    public String wire() {
        return name().toLowerCase();
    }

    public static ScheduleStatus fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
