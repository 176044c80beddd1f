package io.laas.ledger.schedule.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.schedule.Schedule;
import io.laas.ledger.schedule.repository.ScheduleRepository;
import io.laas.ledger.schedule.service.ScheduleService;

/** A schedule as it now stands: its template, recurrence, runs so far and next run (null once none is left). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleResponse(UUID id, String status, Map<String, Object> transaction, String startAt,
        Map<String, Object> every, String endAt, Integer maxRuns, int runs, int failedRuns, String nextRunAt,
        String createdAt, List<RunResponse> latestRuns) {

    /** A run: the transaction it posted, or the problem ({@code code}, {@code status}, {@code detail}) that refused it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunResponse(int run, String dueAt, UUID transactionId, Map<String, Object> problem, String recordedAt) {
    }

    ScheduleResponse withRuns(List<ScheduleRepository.Run> runs) {
        return new ScheduleResponse(id, status, transaction, startAt, every, endAt, maxRuns, this.runs, failedRuns,
                nextRunAt, createdAt, runs.stream().map(run -> new RunResponse(run.run(), ScheduleService.time(run.dueAt()),
                        run.transactionId(), run.problem() == null ? null : run.problem().getMap(),
                        LedgerEvent.timestamp(run.recordedAt()))).toList());
    }

    static ScheduleResponse of(Schedule schedule) {
        var data = ScheduleService.created(schedule);
        return new ScheduleResponse(schedule.id(), schedule.status().wire(), schedule.template().getMap(),
                data.getString("start_at"), data.getJsonObject("every") == null ? null : data.getJsonObject("every").getMap(),
                data.getString("end_at"), schedule.maxRuns(), schedule.runs(), schedule.failedRuns(),
                ScheduleService.time(schedule.nextRunAt()), LedgerEvent.timestamp(schedule.createdAt()), null);
    }
}
