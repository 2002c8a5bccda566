package io.seatline.wfm.internal;

import io.seatline.core.ValidationException;
import io.seatline.workforce.ScheduleService;
import io.seatline.workforce.ScheduleService.Activity;
import io.seatline.workforce.ScheduleService.BreakRule;
import io.seatline.workforce.ScheduleService.ShiftTemplate;
import io.seatline.wfm.Scheduler;
import io.seatline.wfm.internal.entity.RunEntity;
import io.seatline.wfm.internal.entity.ShiftEntity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How schedules are written in their columns, read back, and checked: activities, breaks, availability. */
final class Shifts {
    static final String DRAFT = "DRAFT";
    static final String PUBLISHED = "PUBLISHED";
    static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private Shifts() {
    }

    static String activities(List<Activity> list) {
        StringBuilder b = new StringBuilder();
        for (Activity a : list) {
            b.append(b.length() == 0 ? "" : ";").append(a.kind()).append(',').append(a.from()).append(',').append(a.to());
        }
        return b.toString();
    }

    static List<Activity> activities(String text) {
        List<Activity> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            String[] f = part.split(",");
            out.add(new Activity(f[0], LocalDateTime.parse(f[1]), LocalDateTime.parse(f[2])));
        }
        return out;
    }

    static String breaks(List<BreakRule> list) {
        StringBuilder b = new StringBuilder();
        for (BreakRule r : list) {
            b.append(b.length() == 0 ? "" : ";").append(r.activity()).append(',').append(r.minutes()).append(',').append(r.earliestAfterStart())
                .append(',').append(r.latestAfterStart()).append(',').append(r.paid());
        }
        return b.toString();
    }

    static List<BreakRule> breaks(String text) {
        List<BreakRule> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            String[] f = part.split(",");
            out.add(new BreakRule(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Boolean.parseBoolean(f[4])));
        }
        return out;
    }

    static String days(Map<String, String> days) {
        StringBuilder b = new StringBuilder();
        for (String d : DAYS) {
            if (days.containsKey(d)) {
                b.append(b.length() == 0 ? "" : ";").append(d).append('=').append(days.get(d));
            }
        }
        return b.toString();
    }

    static Map<String, String> days(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    /** Everything, any day: whom no availability was given. */
    static Map<String, String> anyTime() {
        Map<String, String> m = new LinkedHashMap<>();
        DAYS.forEach(d -> m.put(d, "00:00-24:00"));
        return m;
    }

    static LocalTime time(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("required", field + " is a time such as 08:30", field);
        }
        try {
            if (!text.strip().matches("\\d\\d:\\d\\d")) {
                throw new DateTimeParseException("not HH:mm", text, 0);
            }
            return LocalTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException("invalid_time", field + " is a time such as 08:30: " + text, field);
        }
    }

    /** A window "HH:mm-HH:mm" (24:00 for the day's end) as two times, the end as LocalTime.MAX for 24:00. */
    static LocalTime[] window(String text, String field) {
        String[] p = text == null ? new String[0] : text.strip().split("-");
        if (p.length != 2) {
            throw new ValidationException("invalid_time", field + " is a range such as 08:00-18:00: " + text, field);
        }
        LocalTime from = time(p[0], field);
        LocalTime to = p[1].strip().equals("24:00") ? LocalTime.MAX : time(p[1], field);
        if (!to.isAfter(from)) {
            throw new ValidationException("invalid_range", field + " ends after it begins: " + text, field);
        }
        return new LocalTime[] {from, to};
    }

    static String day(DayOfWeek d) {
        return d.name().substring(0, 3);
    }

    /** Checks the activities of a shift: known kinds, within the shift, in order, without gaps or overlaps; none: all calls. */
    static List<Activity> check(LocalDateTime start, LocalDateTime end, List<Activity> in) {
        if (in == null || in.isEmpty()) {
            return List.of(new Activity("CALLS", start, end));
        }
        List<Activity> list = new ArrayList<>(in);
        for (Activity a : list) {
            if (a == null || a.kind() == null || !ScheduleService.ACTIVITIES.contains(a.kind().toUpperCase(Locale.ROOT))) {
                throw new ValidationException("unknown_activity", "An activity is one of " + ScheduleService.ACTIVITIES, "activities");
            }
            if (a.from() == null || a.to() == null || !a.to().isAfter(a.from())) {
                throw new ValidationException("invalid_range", "An activity ends after it begins", "activities");
            }
            if (a.from().isBefore(start) || a.to().isAfter(end)) {
                throw new ValidationException("outside_shift", "The activity " + a.kind() + " " + a.from().toLocalTime() + "-" + a.to().toLocalTime()
                    + " is outside the shift", "activities");
            }
        }
        list.sort(Comparator.comparing(Activity::from));
        List<Activity> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Activity a = list.get(i);
            if (i > 0 && a.from().isBefore(list.get(i - 1).to())) {
                throw new ValidationException("overlapping", "The activities " + list.get(i - 1).kind() + " and " + a.kind() + " overlap", "activities");
            }
            out.add(new Activity(a.kind().toUpperCase(Locale.ROOT), a.from(), a.to()));
        }
        return out;
    }

    /** The template as the scheduler takes it, checked. */
    static Scheduler.Template template(ShiftTemplate t) {
        LocalTime earliest = Shifts.time(t.earliestStart(), "earliestStart");
        LocalTime latest = Shifts.time(t.latestStart(), "latestStart");
        if (latest.isBefore(earliest)) {
            throw new ValidationException("invalid_range", "The latest start " + latest + " is before the earliest " + earliest, "latestStart");
        }
        if (t.minutes() < 15 || t.minutes() > ScheduleServiceImpl.MAX_SHIFT_MINUTES) {
            throw new ValidationException("out_of_range", "A shift lasts 15 minutes to 16 hours", "minutes");
        }
        if (latest.toSecondOfDay() / 60 + t.minutes() > 24 * 60) {
            throw new ValidationException("out_of_range", "A shift starting at " + latest + " for " + t.minutes() + " minutes ends after midnight: "
                + "shifts end by midnight", "minutes");
        }
        List<Scheduler.BreakRule> breaks = new ArrayList<>();
        int inBreaks = 0;
        for (BreakRule b : t.breaks() == null ? List.<BreakRule>of() : t.breaks()) {
            if (b == null || b.activity() == null || "CALLS".equalsIgnoreCase(b.activity())
                || !ScheduleService.ACTIVITIES.contains(b.activity().toUpperCase(Locale.ROOT))) {
                throw new ValidationException("unknown_activity", "A break's activity is one of BREAK, LUNCH, TRAINING, MEETING, BACK_OFFICE", "breaks");
            }
            if (b.minutes() <= 0 || b.earliestAfterStart() < 0 || b.latestAfterStart() < b.earliestAfterStart() || b.minutes() > t.minutes()
                || b.latestAfterStart() > t.minutes() || b.latestAfterStart() + b.minutes() > t.minutes()) {
                throw new ValidationException("outside_shift", "The " + b.activity() + " of " + b.minutes() + " minutes, " + b.earliestAfterStart() + "-"
                    + b.latestAfterStart() + " minutes after the start, does not fit in a shift of " + t.minutes() + " minutes", "breaks");
            }
            inBreaks += b.minutes();
            breaks.add(new Scheduler.BreakRule(b.activity().toUpperCase(Locale.ROOT), b.minutes(), b.earliestAfterStart(), b.latestAfterStart(), b.paid()));
        }
        if (inBreaks >= t.minutes()) {
            throw new ValidationException("outside_shift", "The breaks leave no time on the phones", "breaks");
        }
        try {
            return new Scheduler.Template(t.name(), earliest, latest, t.minutes(), breaks);
        } catch (IllegalArgumentException e) {
            // breaks whose windows overlap or are out of order
            throw new ValidationException("overlapping", e.getMessage(), "breaks");
        }
    }

    /** Refuses a range without both ends, backwards, or longer than {@code max} days. */
    static void range(LocalDate from, LocalDate to, long max) {
        if (from == null) {
            throw new ValidationException("required", "from (the first day) is required", "from");
        }
        if (to == null) {
            throw new ValidationException("required", "to (the last day) is required", "to");
        }
        if (to.isBefore(from)) {
            throw new ValidationException("invalid_range", "to is before from", "to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= max) {
            throw new ValidationException("range_too_long", "At most " + max + " days at once", "to");
        }
    }

    /** A run as the API shows it, the gap computed. */
    static ScheduleService.ScheduleRun run(RunEntity e) {
        BigDecimal gap = e.paidHours == null || e.lowerBoundHours == null || e.lowerBoundHours.signum() == 0 ? null
            : e.paidHours.divide(e.lowerBoundHours, 4, RoundingMode.HALF_UP).subtract(BigDecimal.ONE);
        return new ScheduleService.ScheduleRun(e.id, e.queue, e.from, e.days, e.status, e.progress, e.step, e.shifts, e.paidHours, e.lowerBoundHours, gap,
            e.deficitHours, e.overstaffHours, e.unassigned, e.error, e.startedAt, e.finishedAt);
    }

    /** A shift as the API shows it, its agent named. */
    static ScheduleService.Shift view(ShiftEntity s, Map<String, String> names) {
        return new ScheduleService.Shift(s.id, s.agent, s.agent == null ? null : names.getOrDefault(s.agent, s.agent), s.template, s.start, s.end,
            activities(s.activities), s.status);
    }


    /**
     * The interval the templates fit: 30 minutes when every start, length and break time is a multiple of 30, else 15.
     *
     * @throws ValidationException a time off the quarter-hour grid (field {@code templates})
     */
    static int grid(List<ShiftTemplate> templates) {
        int grid = 30;
        for (ShiftTemplate t : templates) {
            List<Integer> times = new ArrayList<>(List.of(time(t.earliestStart(), "earliestStart").toSecondOfDay() / 60,
                time(t.latestStart(), "latestStart").toSecondOfDay() / 60, t.minutes()));
            for (BreakRule b : t.breaks() == null ? List.<BreakRule>of() : t.breaks()) {
                times.addAll(List.of(b.minutes(), b.earliestAfterStart(), b.latestAfterStart()));
            }
            for (int m : times) {
                if (m % 15 != 0) {
                    throw new ValidationException("out_of_range", "Template " + t.name() + ": its times are in quarter hours (" + m + " minutes is not)",
                        "templates");
                }
                if (m % 30 != 0) {
                    grid = 15;
                }
            }
        }
        return grid;
    }

    /** Per interval of the forecast: its agents required and the agents whose CALLS cover the whole interval. */
    static ScheduleService.Coverage coverage(io.seatline.workforce.ForecastService.Forecast f, List<ScheduleService.Shift> shifts, LocalDate from, int minutes) {
        List<LocalDateTime> starts = new ArrayList<>();
        List<Integer> required = new ArrayList<>();
        int[] scheduled = new int[f.intervals().size()];
        for (io.seatline.workforce.ForecastService.ForecastInterval i : f.intervals()) {
            starts.add(i.start());
            required.add(i.onPhones());
        }
        LocalDateTime origin = from.atStartOfDay();
        for (ScheduleService.Shift s : shifts) {
            if (s.agentUserId() == null || PUBLISHED.equals(s.status()) && shifts.stream().anyMatch(d -> DRAFT.equals(d.status())
                && s.agentUserId().equals(d.agentUserId()) && d.start().isBefore(s.end()) && d.end().isAfter(s.start()))) {
                continue;
            }
            for (Activity a : s.activities()) {
                if (!"CALLS".equals(a.kind())) {
                    continue;
                }
                for (int k = 0; k < scheduled.length; k++) {
                    LocalDateTime slot = origin.plusMinutes((long) k * minutes);
                    if (!a.from().isAfter(slot) && a.to().isAfter(slot.plusMinutes(minutes - 1L))) {
                        scheduled[k]++;
                    }
                }
            }
        }
        double deficit = 0;
        double over = 0;
        List<Integer> sched = new ArrayList<>();
        for (int k = 0; k < scheduled.length; k++) {
            sched.add(scheduled[k]);
            deficit += Math.max(0, required.get(k) - scheduled[k]) * minutes / 60.0;
            over += Math.max(0, scheduled[k] - required.get(k)) * minutes / 60.0;
        }
        return new ScheduleService.Coverage(f.query().queue(), minutes, starts, required, sched, BigDecimal.valueOf(deficit).setScale(2, RoundingMode.HALF_UP), BigDecimal.valueOf(over).setScale(2, RoundingMode.HALF_UP));
    }

    /** Refuses a date outside the years 1900-9999 (what a calendar of shifts and forecasts can hold). */
    static LocalDate year(LocalDate d, String field) {
        if (d != null && (d.getYear() < 1900 || d.getYear() > 9999)) {
            throw new ValidationException("invalid_date", field + ": a date between the years 1900 and 9999", field);
        }
        return d;
    }
}
