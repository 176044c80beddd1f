package io.laas.ledger.schedule.rest;

import java.util.Map;
import java.util.UUID;

import io.laas.ledger.schedule.Schedule;
import io.laas.ledger.schedule.service.ScheduleService;

/** A schedule as it now stands: its template, recurrence, runs so far and next run (null once none is left). */
public record ScheduleResponse(UUID id, String status, Map<String, Object> transaction, String startAt,
        Map<String, Object> every, String endAt, Integer maxRuns, int runs, int failedRuns, String nextRunAt,
        String createdAt) {

    static ScheduleResponse of(Schedule schedule) {
        var data = ScheduleService.created(schedule);
        return new ScheduleResponse(schedule.id(), schedule.status().wire(), schedule.template().getMap(),
                data.getString("start_at"), data.getJsonObject("every") == null ? null : data.getJsonObject("every").getMap(),
                data.getString("end_at"), schedule.maxRuns(), schedule.runs(), schedule.failedRuns(),
                ScheduleService.time(schedule.nextRunAt()), io.laas.ledger.event.LedgerEvent.timestamp(schedule.createdAt()));
    }
}
