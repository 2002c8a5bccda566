package io.seatline.wfm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Schedule adherence (遵时): an agent's states against its published schedule. Each moment of the shift is in adherence
 * when the agent's state is one its scheduled activity maps to (calls: READY, RESERVED, ON_CALL, WRAP_UP; a break:
 * NOT_READY with a break's reason…). A change made early or late by no more than the tolerance (default five minutes:
 * starting between 7:55 and 8:05 for 8:00 is on time) is forgiven; a longer one counts whole. Time an approved
 * exception covers is in adherence. Conformance is the time logged in against the time scheduled; lateness and early
 * leave come from the first login and the last logout against the shift.
 */
public final class Adherence {
    private Adherence() {}

    /** The activity outside any shift: nothing is scheduled; logged out is in adherence with it. */
    public static final String OFF = "OFF";
    /** The agent's state when it is not logged in. */
    public static final String LOGGED_OUT = "LOGGED_OUT";

    /** A scheduled activity (CALLS, BREAK, LUNCH, TRAINING…). */
    public record Scheduled(Instant from, Instant to, String activity) {
    }

    /** A span of one agent state, with the not-ready reason where there is one. */
    public record State(Instant from, Instant to, String state, String reason) {
    }

    /** An approved exception: the time counts as in adherence (a meeting called at short notice, a system outage). */
    public record Exception(Instant from, Instant to, String reason) {
    }

    /**
     * Which states meet which activity: {@code activity → "STATE"} or {@code "STATE:reason"} entries. {@link #standard}
     * is the default a tenant may change.
     */
    public record Mapping(Map<String, Set<String>> meets) {
        public static Mapping standard() {
            return new Mapping(Map.of(
                "CALLS", Set.of("READY", "RESERVED", "ON_CALL", "WRAP_UP"),
                "BREAK", Set.of("NOT_READY:break"),
                "LUNCH", Set.of("NOT_READY:lunch"),
                "TRAINING", Set.of("NOT_READY:training", "NOT_READY:coaching"),
                "MEETING", Set.of("NOT_READY:meeting"),
                "BACK_OFFICE", Set.of("NOT_READY:back_office", "NOT_READY:after_call"),
                OFF, Set.of(LOGGED_OUT)));
        }

        public boolean matches(String activity, String state, String reason) {
            Set<String> ok = meets.getOrDefault(activity, Set.of());
            return ok.contains(state) || (reason != null && ok.contains(state + ":" + reason));
        }
    }

    /** Time out of adherence: what was scheduled, what the agent did. */
    public record Violation(Instant from, Instant to, String scheduled, String actual) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /**
     * One agent's adherence over the shift's span.
     *
     * @param adherence   in adherence ÷ scheduled (0–1; 1 when nothing was scheduled)
     * @param conformance logged in during the shift ÷ scheduled
     * @param late        from the shift's start to the first login, when past the tolerance (else zero)
     * @param earlyLeave  from the last logout to the shift's end, when past the tolerance (else zero)
     */
    public record Report(Duration scheduled, Duration inAdherence, Duration outOfAdherence, Duration excepted, double adherence,
                         Duration loggedIn, double conformance, Duration late, Duration earlyLeave, List<Violation> violations) {
    }

    /**
     * The report up to {@code until} (the end of the day, or now for the live view: what has not happened yet does not
     * count). {@code schedule} holds the shift's activities back to back; {@code states} the agent's states, in order
     * (gaps are logged out).
     */
    public static Report of(List<Scheduled> schedule, List<State> states, Mapping mapping, Duration tolerance, List<Exception> exceptions,
                            Instant until) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("the tolerance is >= 0");
        }
        return of(schedule, states, mapping, activity -> tolerance, exceptions, until);
    }

    /**
     * The report with a tolerance per activity: a change of schedule is judged by the tolerance of the activity it starts
     * (the shift's end by the last activity's); lateness by the first activity's, early leave by the last's.
     */
    public static Report of(List<Scheduled> schedule, List<State> states, Mapping mapping, Function<String, Duration> tolerances,
                            List<Exception> exceptions, Instant until) {
        if (schedule.isEmpty()) {
            return new Report(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO,
                List.of());
        }
        Instant start = schedule.get(0).from();
        Instant end = schedule.get(schedule.size() - 1).to();
        Instant stop = until.isBefore(end) ? until : end;
        // every moment anything changes, within the shift
        TreeSet<Instant> cuts = new TreeSet<>();
        cuts.add(start);
        cuts.add(stop.isAfter(start) ? stop : start);
        for (Scheduled s : schedule) {
            add(cuts, s.from(), start, stop);
            add(cuts, s.to(), start, stop);
        }
        for (State s : states) {
            add(cuts, s.from(), start, stop);
            add(cuts, s.to(), start, stop);
        }
        for (Exception e : exceptions) {
            add(cuts, e.from(), start, stop);
            add(cuts, e.to(), start, stop);
        }
        // the pieces between cuts, each in or out of adherence
        List<Piece> pieces = new ArrayList<>();
        Instant prev = null;
        for (Instant t : cuts) {
            if (prev != null && t.isAfter(prev)) {
                String activity = activityAt(schedule, prev);
                State st = stateAt(states, prev);
                String state = st == null ? LOGGED_OUT : st.state();
                String reason = st == null ? null : st.reason();
                Instant from = prev;
                boolean excepted = exceptions.stream().anyMatch(e -> !from.isBefore(e.from()) && from.isBefore(e.to()));
                pieces.add(new Piece(prev, t, activity, state, reason, mapping.matches(activity, state, reason), excepted));
            }
            prev = t;
        }
        // runs out of adherence next to a change of schedule, no longer than the tolerance, doing the activity on the
        // change's other side: an early or late switch within the tolerance
        forgive(pieces, schedule, mapping, tolerances);
        Duration scheduled = Duration.between(start, stop.isAfter(start) ? stop : start);
        Duration in = Duration.ZERO;
        Duration out = Duration.ZERO;
        Duration exc = Duration.ZERO;
        Duration logged = Duration.ZERO;
        List<Violation> violations = new ArrayList<>();
        for (Piece p : pieces) {
            Duration len = Duration.between(p.from, p.to);
            if (!LOGGED_OUT.equals(p.state)) {
                logged = logged.plus(len);
            }
            if (p.ok || p.forgiven) {
                in = in.plus(len);
            } else if (p.excepted) {
                in = in.plus(len);
                exc = exc.plus(len);
            } else {
                out = out.plus(len);
                String actual = p.reason == null ? p.state : p.state + ":" + p.reason;
                Violation last = violations.isEmpty() ? null : violations.get(violations.size() - 1);
                if (last != null && last.to().equals(p.from) && last.scheduled().equals(p.activity) && last.actual().equals(actual)) {
                    violations.set(violations.size() - 1, new Violation(last.from(), p.to, p.activity, actual));
                } else {
                    violations.add(new Violation(p.from, p.to, p.activity, actual));
                }
            }
        }
        double total = scheduled.toMillis();
        // lateness and early leave: the first login and the last logout against the shift
        Instant firstLogin = null;
        Instant lastLogout = null;
        for (State s : states) {
            if (!LOGGED_OUT.equals(s.state()) && s.to().isAfter(start.minus(Duration.ofHours(2))) && s.from().isBefore(end)) {
                if (firstLogin == null || s.from().isBefore(firstLogin)) {
                    firstLogin = s.from();
                }
                if (lastLogout == null || s.to().isAfter(lastLogout)) {
                    lastLogout = s.to();
                }
            }
        }
        Duration late = Duration.ZERO;
        Duration early = Duration.ZERO;
        Duration tolerance = tolerances.apply(schedule.get(0).activity());
        Duration leaving = tolerances.apply(schedule.get(schedule.size() - 1).activity());
        if (firstLogin == null) {
            Duration sinceStart = Duration.between(start, stop.isAfter(start) ? stop : start);
            late = sinceStart.compareTo(tolerance) > 0 ? sinceStart : Duration.ZERO;
        } else if (Duration.between(start, firstLogin).compareTo(tolerance) > 0) {
            late = Duration.between(start, firstLogin);
        }
        if (lastLogout != null && !until.isBefore(end) && Duration.between(lastLogout, end).compareTo(leaving) > 0) {
            early = Duration.between(lastLogout, end);
        }
        return new Report(scheduled, in, out, exc, total == 0 ? 1 : in.toMillis() / total, logged, total == 0 ? 1 : logged.toMillis() / total,
            late, early, violations);
    }

    private static void add(TreeSet<Instant> cuts, Instant t, Instant start, Instant stop) {
        if (t.isAfter(start) && t.isBefore(stop)) {
            cuts.add(t);
        }
    }

    private static String activityAt(List<Scheduled> schedule, Instant t) {
        for (Scheduled s : schedule) {
            if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
                return s.activity();
            }
        }
        return OFF;
    }

    private static State stateAt(List<State> states, Instant t) {
        for (State s : states) {
            if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
                return s;
            }
        }
        return null;
    }

    private static final class Piece {
        final Instant from;
        final Instant to;
        final String activity;
        final String state;
        final String reason;
        final boolean ok;
        final boolean excepted;
        boolean forgiven;

        Piece(Instant from, Instant to, String activity, String state, String reason, boolean ok, boolean excepted) {
            this.from = from;
            this.to = to;
            this.activity = activity;
            this.state = state;
            this.reason = reason;
            this.ok = ok;
            this.excepted = excepted;
        }
    }

    private static void forgive(List<Piece> pieces, List<Scheduled> schedule, Mapping mapping, Function<String, Duration> tolerances) {
        // the schedule's changes, with the activity before and after (the shift's start and end: OFF outside)
        List<Instant> at = new ArrayList<>();
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i <= schedule.size(); i++) {
            at.add(i < schedule.size() ? schedule.get(i).from() : schedule.get(i - 1).to());
            before.add(i == 0 ? OFF : schedule.get(i - 1).activity());
            after.add(i < schedule.size() ? schedule.get(i).activity() : OFF);
        }
        for (int c = 0; c < at.size(); c++) {
            Instant change = at.get(c);
            Duration tolerance = tolerances.apply(OFF.equals(after.get(c)) ? before.get(c) : after.get(c));
            // late: the run of pieces right after the change doing the activity before it
            Duration run = Duration.ZERO;
            List<Piece> late = new ArrayList<>();
            for (Piece p : pieces) {
                if (p.from.isBefore(change)) {
                    continue;
                }
                if (!p.from.equals(change.plus(run)) || p.ok || !mapping.matches(before.get(c), p.state, p.reason)) {
                    break;
                }
                late.add(p);
                run = run.plus(Duration.between(p.from, p.to));
            }
            if (!late.isEmpty() && run.compareTo(tolerance) <= 0) {
                late.forEach(p -> p.forgiven = true);
            }
            // early: the run of pieces right before the change doing the activity after it
            run = Duration.ZERO;
            List<Piece> early = new ArrayList<>();
            for (int i = pieces.size() - 1; i >= 0; i--) {
                Piece p = pieces.get(i);
                if (p.to.isAfter(change)) {
                    continue;
                }
                if (!p.to.equals(change.minus(run)) || p.ok || !mapping.matches(after.get(c), p.state, p.reason)) {
                    break;
                }
                early.add(p);
                run = run.plus(Duration.between(p.from, p.to));
            }
            if (!early.isEmpty() && run.compareTo(tolerance) <= 0) {
                early.forEach(p -> p.forgiven = true);
            }
        }
    }
}
