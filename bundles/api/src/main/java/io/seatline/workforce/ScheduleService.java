package io.seatline.workforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Schedules of the tenant in context: shift templates, agents' availability, the automatic scheduler (from a queue's
 * forecast), shifts as drafts a supervisor edits and publishes, and an agent's own published shifts. Permissions:
 * {@code schedules:read}, {@code schedules:write} (templates, availability, runs, edits, publishing), {@code schedules:self}
 * (an agent's own). Times are the tenant's local times.
 */
public interface ScheduleService {

    /** The activities a shift is made of. CALLS is time on the phones; the others are off them. */
    List<String> ACTIVITIES = List.of("CALLS", "BREAK", "LUNCH", "TRAINING", "MEETING", "BACK_OFFICE");

    List<ShiftTemplate> templates();

    /**
     * Creates or replaces a template. Audited.
     *
     * @throws io.seatline.core.ValidationException a start window that ends before it begins ({@code latestStart}), a
     *         length outside 1 minute–16 hours ({@code minutes}), a break of an unknown activity or outside the shift
     *         ({@code breaks})
     */
    ShiftTemplate saveTemplate(ShiftTemplate template);

    void deleteTemplate(String name);

    /** Every agent's availability (agents without one: any day, any hour, 5 days a week, 11 h rest). */
    List<Availability> availability();

    /** Sets an agent's availability. Audited. */
    Availability saveAvailability(Availability availability);

    /**
     * Starts the scheduler for a queue's forecast over {@code days} days from {@code from}: it replaces the drafts of
     * those days with shifts that cover the agents required per interval with the fewest paid hours, given to the
     * queue's agents within their availability. Runs in the background; {@link #run} reports its progress and result.
     */
    ScheduleRun startRun(RunRequest request);

    ScheduleRun run(String id);

    /** Shifts of [from, to] (days), of one agent or all; drafts and published. */
    List<Shift> shifts(LocalDate from, LocalDate to, String agent);

    /**
     * Adds or changes a shift (a draft again until published). Audited.
     *
     * @throws io.seatline.core.ValidationException a shift that overlaps another of the agent's ({@code start}), that
     *         lies outside the agent's availability ({@code start}), an activity outside the shift or overlapping another
     *         ({@code activities}), an unknown agent ({@code agentUserId})
     */
    Shift saveShift(Shift shift);

    void deleteShift(String id);

    /** Publishes the drafts of [from, to]: agents see them, adherence measures against them. Audited. */
    Published publish(LocalDate from, LocalDate to);

    /** The caller's own published shifts of [from, to]. */
    List<Shift> mine(LocalDate from, LocalDate to);

    /** Coverage of [from, to] for a queue: per interval, the agents required (forecast) and scheduled on the phones. */
    Coverage coverage(String queue, LocalDate from, LocalDate to, int intervalMinutes);

    /** The shifts of [from, to] as CSV (UTF-8 with BOM): agent, date, start, end, template, status, activities. */
    byte[] export(LocalDate from, LocalDate to);

    /**
     * Imports drafts from CSV in the export's columns; each row is checked as {@link #saveShift} checks it; good rows
     * are kept, the others reported.
     */
    ShiftImport importShifts(byte[] csv);

    /** A break in a template: its activity, length, and window after the shift's start (minutes); paid or not. */
    record BreakRule(String activity, int minutes, int earliestAfterStart, int latestAfterStart, boolean paid) {
    }

    /** A shift's shape: starting between two times (HH:mm), lasting {@code minutes}, with its breaks. */
    record ShiftTemplate(String name, String earliestStart, String latestStart, int minutes, List<BreakRule> breaks) {
    }

    /**
     * When an agent can work: weekday (MON..SUN) → "HH:mm-HH:mm" (a day missing: off), at most {@code maxDaysPerWeek}
     * days a week, at least {@code minRestMinutes} between shifts.
     */
    record Availability(String agentUserId, String agentName, Map<String, String> days, int maxDaysPerWeek, int minRestMinutes) {
    }

    /** What to schedule: the queue, days, interval, the forecast's target, the templates to use (null: all). */
    record RunRequest(String queue, LocalDate from, Integer days, Integer intervalMinutes, ForecastService.Target target, List<String> templates) {
    }

    /**
     * A scheduler run: RUNNING (with {@code progress} 0-1 and what it does), DONE with its figures, or FAILED with the
     * reason. Paid hours against the lower bound (every required agent-interval on the phones in the cheapest shift
     * shape); deficit and overstaffing in agent-hours; shifts that no agent could take.
     */
    record ScheduleRun(String id, String queue, LocalDate from, int days, String status, double progress, String step, Integer shifts,
                       BigDecimal paidHours, BigDecimal lowerBoundHours, BigDecimal gap, BigDecimal deficitHours, BigDecimal overstaffHours,
                       Integer unassigned, String error, Instant startedAt, Instant finishedAt) {
    }

    /** A shift: who, when, its activities, DRAFT or PUBLISHED. */
    record Shift(String id, String agentUserId, String agentName, String template, LocalDateTime start, LocalDateTime end,
                 List<Activity> activities, String status) {
    }

    /** A stretch of a shift doing one activity. */
    record Activity(String kind, LocalDateTime from, LocalDateTime to) {
    }

    /** Drafts published. */
    record Published(LocalDate from, LocalDate to, int shifts) {
    }

    /** Per interval: start, agents required (forecast), scheduled on the phones. */
    record Coverage(String queue, int intervalMinutes, List<LocalDateTime> starts, List<Integer> required, List<Integer> scheduled,
                    BigDecimal deficitHours, BigDecimal overstaffHours) {
    }

    /** A shift import: rows read, shifts saved, rows refused with line and reason. */
    record ShiftImport(int rows, int accepted, List<ForecastService.HistoryImport.Rejected> rejected) {
    }
}
