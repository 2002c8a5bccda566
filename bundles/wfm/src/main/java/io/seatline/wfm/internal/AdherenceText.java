package io.seatline.wfm.internal;

import io.seatline.core.ValidationException;
import io.seatline.telephony.AgentStateChange;
import io.seatline.wfm.Adherence;
import io.seatline.workforce.AdherenceService;
import io.seatline.workforce.AdherenceService.Figures;
import io.seatline.workforce.AdherenceService.Settings;
import io.seatline.workforce.ScheduleService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Adherence settings as stored text and checked input, state histories as spans, figures summed: pure. */
final class AdherenceText {
    private AdherenceText() {
    }

    /** "CALLS=ON_CALL|READY;BREAK=NOT_READY:break" → activity → states. */
    static Map<String, List<String>> mapping(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String states = part.substring(eq + 1);
                out.put(part.substring(0, eq), states.isEmpty() ? List.of() : List.of(states.split("\\|")));
            }
        }
        return out;
    }

    static String mapping(Map<String, List<String>> mapping) {
        StringBuilder b = new StringBuilder();
        mapping.forEach((a, states) -> b.append(b.isEmpty() ? "" : ";").append(a).append('=').append(String.join("|", states)));
        return b.toString();
    }

    static Map<String, Integer> tolerances(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
            }
        }
        return out;
    }

    static String tolerances(Map<String, Integer> tolerances) {
        StringBuilder b = new StringBuilder();
        tolerances.forEach((a, s) -> b.append(b.isEmpty() ? "" : ";").append(a).append('=').append(s));
        return b.toString();
    }

    /** The mapping {@link Adherence} applies: the tenant's, and outside a shift only being logged out. */
    static Adherence.Mapping toMapping(Map<String, List<String>> mapping) {
        Map<String, Set<String>> meets = new HashMap<>();
        mapping.forEach((a, states) -> meets.put(a, Set.copyOf(states)));
        meets.put(Adherence.OFF, Set.of(Adherence.LOGGED_OUT));
        return new Adherence.Mapping(meets);
    }

    /**
     * The settings checked: every activity mapped (one left out maps to nothing: never in adherence), states known,
     * reasons among the tenant's reason codes, tolerances within [0, max] (one left out: the default).
     */
    static Settings check(Settings in, Set<String> reasons, int maxSeconds, int defaultSeconds) {
        Map<String, List<String>> mapping = new LinkedHashMap<>();
        for (String a : in.mapping().keySet()) {
            if (!ScheduleService.ACTIVITIES.contains(a)) {
                throw new ValidationException("unknown_activity", "No activity " + a + " (one of " + ScheduleService.ACTIVITIES + ")", "mapping");
            }
        }
        for (String a : ScheduleService.ACTIVITIES) {
            TreeSet<String> states = new TreeSet<>();
            List<String> given = in.mapping().get(a);
            for (String s : given == null ? List.<String>of() : given) {
                String entry = s == null ? "" : s.strip();
                int colon = entry.indexOf(':');
                String state = colon < 0 ? entry : entry.substring(0, colon);
                if (!AdherenceService.STATES.contains(state)) {
                    throw new ValidationException("unknown_state", "No agent state " + state + " (one of " + AdherenceService.STATES + ")", "mapping");
                }
                if (colon >= 0 && (!"NOT_READY".equals(state) || !reasons.contains(entry.substring(colon + 1)))) {
                    throw new ValidationException("unknown_reason", "No not-ready reason " + entry.substring(colon + 1) + " (one of " + new TreeSet<>(reasons)
                        + ")", "mapping");
                }
                states.add(entry);
            }
            mapping.put(a, List.copyOf(states));
        }
        Map<String, Integer> tolerances = new LinkedHashMap<>();
        Map<String, Integer> given = in.toleranceSeconds() == null ? Map.of() : in.toleranceSeconds();
        for (String a : given.keySet()) {
            if (!ScheduleService.ACTIVITIES.contains(a)) {
                throw new ValidationException("unknown_activity", "No activity " + a + " (one of " + ScheduleService.ACTIVITIES + ")", "toleranceSeconds");
            }
        }
        for (String a : ScheduleService.ACTIVITIES) {
            Integer s = given.get(a);
            if (s != null && (s < 0 || s > maxSeconds)) {
                throw new ValidationException("out_of_range", "A tolerance is 0-" + maxSeconds + " seconds (" + a + ": " + s + ")", "toleranceSeconds");
            }
            tolerances.put(a, s == null ? defaultSeconds : s);
        }
        return new Settings(mapping, tolerances);
    }

    /**
     * An agent's states over [from, until) from its changes, oldest first: before the first change the state it left
     * (its reason unknown), after the last the state it is in.
     */
    static List<Adherence.State> spans(List<AgentStateChange> changes, Instant from, Instant until) {
        List<Adherence.State> out = new ArrayList<>();
        if (changes.isEmpty()) {
            return out; // nothing changed: logged out all along, or in one state since before — read as logged out
        }
        Instant at = from;
        String state = changes.get(0).previous() == null ? Adherence.LOGGED_OUT : changes.get(0).previous().name();
        String reason = null;
        for (AgentStateChange c : changes) {
            if (c.at().isAfter(at)) {
                out.add(new Adherence.State(at, c.at(), state, reason));
                at = c.at();
            }
            state = c.state().name();
            reason = c.reason();
        }
        if (until.isAfter(at)) {
            out.add(new Adherence.State(at, until, state, reason));
        }
        return out;
    }

    static Figures figures(Adherence.Report r) {
        return new Figures(r.scheduled().toSeconds(), r.inAdherence().toSeconds(), r.outOfAdherence().toSeconds(), r.excepted().toSeconds(),
            ratio(r.inAdherence().toMillis(), r.scheduled().toMillis()), r.loggedIn().toSeconds(), ratio(r.loggedIn().toMillis(), r.scheduled().toMillis()),
            r.late().toSeconds(), r.earlyLeave().toSeconds());
    }

    /** Figures summed: adherence and conformance over the summed time (not a mean of ratios). */
    static Figures sum(List<Figures> parts) {
        long scheduled = 0, in = 0, out = 0, exc = 0, logged = 0, late = 0, early = 0;
        for (Figures f : parts) {
            scheduled += f.scheduledSeconds();
            in += f.inAdherenceSeconds();
            out += f.outOfAdherenceSeconds();
            exc += f.exceptedSeconds();
            logged += f.loggedInSeconds();
            late += f.lateSeconds();
            early += f.earlyLeaveSeconds();
        }
        return new Figures(scheduled, in, out, exc, ratio(in, scheduled), logged, ratio(logged, scheduled), late, early);
    }

    private static BigDecimal ratio(long a, long b) {
        return b == 0 ? null : BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), 4, RoundingMode.HALF_UP);
    }
}
