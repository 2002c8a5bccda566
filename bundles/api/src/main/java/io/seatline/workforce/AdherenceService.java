package io.seatline.workforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Schedule adherence (遵时) of the tenant in context: the agents' states against their published shifts, with the
 * tenant's activity mapping and tolerances, and exceptions agents request and supervisors approve. Permissions: {@code
 * schedules:read} (everyone's, live), {@code schedules:write} (settings, deciding exceptions), {@code schedules:self} (an
 * agent's own day and exception requests). Times are the tenant's local times.
 */
public interface AdherenceService {

    /** The agent states an activity can be met by: a state, or "NOT_READY:reason" for a not-ready reason code. */
    List<String> STATES = List.of("READY", "RESERVED", "ON_CALL", "WRAP_UP", "NOT_READY", "LOGGED_OUT");

    Settings settings();

    /**
     * Replaces the tenant's mapping and tolerances. Audited.
     *
     * @throws io.seatline.core.ValidationException an unknown activity ({@code mapping}), an unknown state or reason
     *         ({@code mapping}), a tolerance below 0 or above 60 minutes ({@code tolerances})
     */
    Settings saveSettings(Settings settings);

    /**
     * Each scheduled agent's adherence on {@code date} (up to now for today), of one team or all, with the team's and the
     * company's totals.
     */
    DayReport day(LocalDate date, String team);

    /** One agent's day in detail: scheduled activities, states, time out of adherence and exceptions. */
    AgentDay agent(LocalDate date, String agentUserId);

    /** The caller's own day (an agent sees their timeline and exceptions). */
    AgentDay mine(LocalDate date);

    /** Every agent on shift now: scheduled activity, state, and since when out of adherence (beyond the tolerance). */
    Live live();

    /**
     * An agent asks for an exception (or a supervisor records one for an agent: approved at once). Audited.
     *
     * @throws io.seatline.core.ValidationException an exception for time the agent was not scheduled ({@code from}), an
     *         end before the start ({@code to}), no reason ({@code reason})
     */
    ExceptionRequest request(ExceptionRequest request);

    /** Exceptions of [from, to], of one agent or all, in one status or all; an agent sees their own. */
    List<ExceptionRequest> exceptions(LocalDate from, LocalDate to, String agentUserId, String status);

    /** A supervisor approves or rejects a pending exception. Audited. */
    ExceptionRequest decide(String id, boolean approve, String note);

    /** An agent withdraws their own pending request. */
    void withdraw(String id);

    /**
     * Activity → states that meet it; activity → tolerance in seconds (a change of schedule made that much early or late
     * is on time; 300 unless set).
     */
    record Settings(Map<String, List<String>> mapping, Map<String, Integer> toleranceSeconds) {
    }

    /** A stretch of time out of adherence: what was scheduled, what the agent did. */
    record Violation(LocalDateTime from, LocalDateTime to, String scheduled, String actual, long seconds) {
    }

    /** A span in one agent state (the reason code where there is one). */
    record StateSpan(LocalDateTime from, LocalDateTime to, String state, String reason) {
    }

    /**
     * An agent's figures: adherence (in adherence ÷ scheduled), conformance (logged in ÷ scheduled), lateness and early
     * leave in seconds (zero within the tolerance), seconds excepted.
     */
    record Figures(long scheduledSeconds, long inAdherenceSeconds, long outOfAdherenceSeconds, long exceptedSeconds, BigDecimal adherence,
                   long loggedInSeconds, BigDecimal conformance, long lateSeconds, long earlyLeaveSeconds) {
    }

    record AgentRow(String agentUserId, String agentName, String teamId, Figures figures, int violations, int exceptions) {
    }

    /** A team's (or the company's, team null) totals: adherence and conformance over the summed time. */
    record TeamRow(String teamId, String teamName, int agents, Figures figures) {
    }

    record DayReport(LocalDate date, Instant until, List<AgentRow> agents, List<TeamRow> teams, TeamRow total) {
    }

    record AgentDay(LocalDate date, String agentUserId, String agentName, List<ScheduleService.Activity> schedule, List<StateSpan> states,
                    List<Violation> violations, List<ExceptionRequest> exceptions, Figures figures) {
    }

    /**
     * An agent on shift now: the activity scheduled, the state (and reason), whether that is in adherence, and since
     * when not (the tolerance already past).
     */
    record LiveAgent(String agentUserId, String agentName, String teamId, String scheduled, String state, String reason, boolean inAdherence,
                     Instant outSince) {
    }

    record Live(Instant at, List<LiveAgent> agents) {
    }

    /** An exception: PENDING, APPROVED or REJECTED (a withdrawn one is gone). */
    record ExceptionRequest(String id, String agentUserId, String agentName, LocalDateTime from, LocalDateTime to, String reason, String note,
                            String status, String requestedBy, Instant requestedAt, String decidedBy, Instant decidedAt, String decisionNote) {
    }
}
