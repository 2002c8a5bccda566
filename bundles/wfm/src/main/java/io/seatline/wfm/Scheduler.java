package io.seatline.wfm;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shifts for a horizon of days that cover the agents required per interval with the fewest paid hours, and who works
 * each. Three passes: shifts are chosen greedily (the one covering most still-missing agent-intervals per paid hour),
 * each day within the agents it has; breaks and lunches are placed where the cover is thickest, then shifts no longer
 * needed are dropped and gaps refilled; last, the shifts go to agents (availability, days per week, rest between
 * shifts), fewest days worked first. The result is measured against a lower bound: every required agent-interval
 * worked on the phones, in the shift shape that pays the fewest hours per hour on the phones.
 */
public final class Scheduler {
    private Scheduler() {}

    /**
     * A shift's shape: it may start between {@code earliestStart} and {@code latestStart} (on the interval grid), lasts
     * {@code minutes}, and holds {@code breaks}.
     */
    public record Template(String name, LocalTime earliestStart, LocalTime latestStart, int minutes, List<BreakRule> breaks) {
        public Template {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a shift template has a name");
            }
            if (earliestStart == null || latestStart == null || latestStart.isBefore(earliestStart)) {
                throw new IllegalArgumentException("template " + name + ": its latest start is not before its earliest");
            }
            if (minutes <= 0 || minutes > 16 * 60) {
                throw new IllegalArgumentException("template " + name + ": a shift lasts 1 minute to 16 hours");
            }
            breaks = List.copyOf(breaks == null ? List.of() : breaks);
            int off = 0;
            for (int i = 0; i < breaks.size(); i++) {
                BreakRule b = breaks.get(i);
                if (b.latestAfterStart() + b.minutes() > minutes) {
                    throw new IllegalArgumentException("template " + name + ": " + b.activity() + " can end after the shift");
                }
                // in order, each window after the one before has ended at its latest: breaks never overlap
                if (i > 0 && b.earliestAfterStart() < breaks.get(i - 1).latestAfterStart() + breaks.get(i - 1).minutes()) {
                    throw new IllegalArgumentException("template " + name + ": " + b.activity() + " may start before "
                        + breaks.get(i - 1).activity() + " has ended (list the breaks in order, their windows apart)");
                }
                off += b.minutes();
            }
            if (off >= minutes) {
                throw new IllegalArgumentException("template " + name + ": its breaks fill the shift");
            }
        }

        int paidMinutes() {
            return minutes - breaks.stream().filter(b -> !b.paid()).mapToInt(BreakRule::minutes).sum();
        }

        int phoneMinutes() {
            return minutes - breaks.stream().mapToInt(BreakRule::minutes).sum();
        }
    }

    /** A break or lunch: {@code minutes} long, starting between the offsets given (minutes after the shift's start). */
    public record BreakRule(String activity, int minutes, int earliestAfterStart, int latestAfterStart, boolean paid) {
        public BreakRule {
            if (activity == null || activity.isBlank() || minutes <= 0 || earliestAfterStart < 0 || latestAfterStart < earliestAfterStart) {
                throw new IllegalArgumentException("a break has an activity, a length and a window after the shift's start");
            }
        }
    }

    /**
     * An agent: the weekdays and hours it can work ({@code availability}; a day missing is a day off), at most
     * {@code maxDaysPerWeek} days a week (Monday to Sunday) and {@code minRestMinutes} between two shifts.
     */
    public record Agent(String id, Map<DayOfWeek, Window> availability, int maxDaysPerWeek, int minRestMinutes) {
        public Agent {
            if (id == null || id.isBlank() || maxDaysPerWeek < 0 || maxDaysPerWeek > 7 || minRestMinutes < 0) {
                throw new IllegalArgumentException("an agent has an id, 0-7 days a week and a rest >= 0");
            }
            availability = Map.copyOf(availability);
        }

        /** Every day, any hour, five days a week, eleven hours' rest. */
        public static Agent anyTime(String id) {
            Map<DayOfWeek, Window> all = new HashMap<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                all.put(d, new Window(LocalTime.MIN, LocalTime.MAX));
            }
            return new Agent(id, all, 5, 11 * 60);
        }
    }

    /** Hours of a day an agent can work: a shift starts at or after {@code from} and ends by {@code to}. */
    public record Window(LocalTime from, LocalTime to) {
    }

    /** One activity of a shift: CALLS, or a break's activity (BREAK, LUNCH…). */
    public record Activity(String kind, LocalDateTime from, LocalDateTime to) {
    }

    /** A shift worked by {@code agentId} (null: no agent could take it), with its activities in order. */
    public record Shift(String agentId, String template, LocalDateTime start, LocalDateTime end, List<Activity> activities) {
    }

    /**
     * The schedule and how it meets the requirement, in agent-hours: {@code deficit} intervals short of the
     * requirement, {@code overstaffing} over it; {@code paidHours} against {@code lowerBoundPaidHours}.
     */
    public record Result(List<Shift> shifts, double paidHours, double lowerBoundPaidHours, double deficitHours, double overstaffHours,
                         int[] coverage, int unassigned) {
        /** How far the paid hours are above the lower bound: 0.05 is 5 %. */
        public double gap() {
            return lowerBoundPaidHours == 0 ? 0 : paidHours / lowerBoundPaidHours - 1;
        }
    }

    /**
     * Schedules {@code required[day][slot]} agents ({@code intervalMinutes} a slot) from {@code from}.
     *
     * @throws IllegalArgumentException for a grid the templates do not fit, or no template or agent
     */
    public static Result schedule(LocalDate from, int[][] required, int intervalMinutes, List<Template> templates, List<Agent> agents) {
        if (intervalMinutes <= 0 || 1440 % intervalMinutes != 0) {
            throw new IllegalArgumentException("an interval divides the day (15, 30 or 60 minutes)");
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("at least one shift template");
        }
        int perDay = 1440 / intervalMinutes;
        int days = required.length;
        int horizon = days * perDay;
        int[] need = new int[horizon];
        for (int d = 0; d < days; d++) {
            if (required[d].length != perDay) {
                throw new IllegalArgumentException("day " + d + " has " + required[d].length + " intervals, not " + perDay);
            }
            for (int s = 0; s < perDay; s++) {
                if (required[d][s] < 0) {
                    throw new IllegalArgumentException("a requirement is >= 0");
                }
                need[d * perDay + s] = required[d][s];
            }
        }
        for (Template t : templates) {
            for (int m : new int[] {t.minutes(), t.earliestStart().toSecondOfDay() / 60, t.latestStart().toSecondOfDay() / 60}) {
                if (m % intervalMinutes != 0) {
                    throw new IllegalArgumentException("template " + t.name() + " is not on the " + intervalMinutes + "-minute grid");
                }
            }
            for (BreakRule b : t.breaks()) {
                if (b.minutes() % intervalMinutes != 0 || b.earliestAfterStart() % intervalMinutes != 0 || b.latestAfterStart() % intervalMinutes != 0) {
                    throw new IllegalArgumentException("template " + t.name() + ": " + b.activity() + " is not on the grid");
                }
            }
        }
        // the candidates: every day, template and start on the grid
        List<Candidate> candidates = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (int ti = 0; ti < templates.size(); ti++) {
                Template t = templates.get(ti);
                int first = t.earliestStart().toSecondOfDay() / 60 / intervalMinutes;
                int last = t.latestStart().toSecondOfDay() / 60 / intervalMinutes;
                for (int s = first; s <= last; s++) {
                    int start = d * perDay + s;
                    if (start + t.minutes() / intervalMinutes <= horizon) {
                        candidates.add(new Candidate(d, ti, start, t.minutes() / intervalMinutes, t.paidMinutes() / (double) intervalMinutes));
                    }
                }
            }
        }
        // agents available per day: the most shifts a day can hold
        int[] dayCap = new int[days];
        for (int d = 0; d < days; d++) {
            DayOfWeek dow = from.plusDays(d).getDayOfWeek();
            for (Agent a : agents) {
                if (a.availability().containsKey(dow) && a.maxDaysPerWeek() > 0) {
                    dayCap[d]++;
                }
            }
        }
        // and per week (Monday to Sunday): each agent its days a week, at most the days it is available
        int[] week = new int[days];
        int weeks = 0;
        for (int d = 0; d < days; d++) {
            week[d] = (d + from.getDayOfWeek().getValue() - 1) / 7;
            weeks = week[d] + 1;
        }
        int[] weekCap = new int[weeks];
        for (int w = 0; w < weeks; w++) {
            for (Agent a : agents) {
                int available = 0;
                for (int d = 0; d < days; d++) {
                    if (week[d] == w && a.availability().containsKey(from.plusDays(d).getDayOfWeek())) {
                        available++;
                    }
                }
                weekCap[w] += Math.min(available, a.maxDaysPerWeek());
            }
        }
        Caps caps = new Caps(dayCap, week, weekCap, new int[weeks]);
        int[] cover = new int[horizon];
        int[] perDayCount = new int[days];
        List<Placed> placed = new ArrayList<>();
        // the LP relaxation first: its bound, and its shifts rounded down as the start of the schedule
        double[] primal = new double[candidates.size()];
        double lpBound = ShiftLp.lowerBound(candidates, templates, need, days, perDay, intervalMinutes, primal);
        for (int i = 0; i < candidates.size(); i++) {
            addCopies(candidates.get(i), (int) Math.floor(primal[i] + 1e-9), templates, intervalMinutes, cover, perDayCount, caps, placed);
        }
        placeBreaks(placed, templates, need, cover, intervalMinutes);
        fill(candidates, templates, need, cover, perDayCount, caps, placed, intervalMinutes);
        for (int round = 0; round < 3; round++) {
            placeBreaks(placed, templates, need, cover, intervalMinutes);
            boolean dropped = dropUnneeded(placed, need, cover, perDayCount, caps);
            boolean added = fill(candidates, templates, need, cover, perDayCount, caps, placed, intervalMinutes);
            if (!dropped && !added) {
                break;
            }
        }
        // last a fill: what the moves above left uncovered (new shifts keep their breaks where they were placed)
        fill(candidates, templates, need, cover, perDayCount, caps, placed, intervalMinutes);
        improve(candidates, primal, templates, need, cover, perDayCount, caps, placed, intervalMinutes, days);
        // the agents
        List<Shift> shifts = assign(from, placed, templates, agents, intervalMinutes, perDay, cover);
        int unassigned = (int) shifts.stream().filter(s -> s.agentId() == null).count();
        double hours = intervalMinutes / 60.0;
        double paid = 0;
        for (Placed p : placed) {
            if (p.agent != null) {
                paid += templates.get(p.c.template).paidMinutes() / 60.0;
            }
        }
        double deficit = 0;
        double over = 0;
        long needed = 0;
        for (int t = 0; t < horizon; t++) {
            deficit += Math.max(0, need[t] - cover[t]) * hours;
            over += Math.max(0, cover[t] - need[t]) * hours;
            needed += need[t];
        }
        double ratio = templates.stream().mapToDouble(t -> t.paidMinutes() / (double) t.phoneMinutes()).min().orElse(1);
        double lower = Math.max(needed * hours * ratio, lpBound * hours);
        return new Result(shifts, paid, lower, deficit, over, cover, unassigned);
    }

    /** A shift that may be chosen: its day, template, first interval (from the horizon's start), length and paid intervals. */
    record Candidate(int day, int template, int start, int length, double paidSlots) {
    }

    /** Rounds of ruin and recreate: at most this many, and at most this long. */
    static final int IMPROVE_ROUNDS = 20000;
    static final long IMPROVE_NANOS = 20_000_000_000L;

    /**
     * Ruin and recreate, seeded (the same input gives the same schedule, as long as its rounds finish within the time
     * allowed): a day's shifts are taken out and the day is
     * covered again by a greedy with noise, breaks placed, surplus dropped; kept when the schedule is no worse (fewer
     * missing agent-intervals first, then fewer paid hours), else put back.
     */
    private static void improve(List<Candidate> candidates, double[] primal, List<Template> templates, int[] need, int[] cover, int[] perDayCount,
                                Caps caps, List<Placed> placed, int interval, int days) {
        java.util.Random rnd = new java.util.Random(20_271_207L);
        List<List<Candidate>> byDay = new ArrayList<>();
        List<List<Integer>> indexByDay = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            byDay.add(new ArrayList<>());
            indexByDay.add(new ArrayList<>());
        }
        for (int i = 0; i < candidates.size(); i++) {
            byDay.get(candidates.get(i).day).add(candidates.get(i));
            indexByDay.get(candidates.get(i).day).add(i);
        }
        double cost = cost(placed, need, cover);
        long deadline = System.nanoTime() + IMPROVE_NANOS;
        for (int round = 0; round < IMPROVE_ROUNDS && System.nanoTime() < deadline; round++) {
            int d = rnd.nextInt(days);
            List<Placed> out = new ArrayList<>();
            int[] coverBefore = cover.clone();
            int[] countBefore = perDayCount.clone();
            int[] weekBefore = caps.weekCount().clone();
            List<Placed> before = new ArrayList<>(placed);
            for (java.util.Iterator<Placed> it = placed.iterator(); it.hasNext(); ) {
                Placed p = it.next();
                if (p.c.day == d) {
                    remove(p, cover, perDayCount, caps);
                    out.add(p);
                    it.remove();
                }
            }
            List<Placed> added = new ArrayList<>();
            if (rnd.nextBoolean()) {
                // the day's LP shifts rounded at random (each fraction up with its own probability), the rest by greedy
                for (int i : indexByDay.get(d)) {
                    int copies = (int) Math.floor(primal[i] + 1e-9) + (rnd.nextDouble() < primal[i] - Math.floor(primal[i] + 1e-9) ? 1 : 0);
                    addCopies(candidates.get(i), copies, templates, interval, cover, perDayCount, caps, added);
                }
                placeBreaks(added, templates, need, cover, interval);
            }
            fill(byDay.get(d), templates, need, cover, perDayCount, caps, added, interval, rnd);
            placeBreaks(added, templates, need, cover, interval);
            dropUnneeded(added, need, cover, perDayCount, caps);
            fill(byDay.get(d), templates, need, cover, perDayCount, caps, added, interval);
            placed.addAll(added);
            double now = cost(placed, need, cover);
            if (now <= cost) {
                cost = now;
            } else {
                placed.clear();
                placed.addAll(before);
                System.arraycopy(coverBefore, 0, cover, 0, cover.length);
                System.arraycopy(countBefore, 0, perDayCount, 0, perDayCount.length);
                System.arraycopy(weekBefore, 0, caps.weekCount(), 0, weekBefore.length);
            }
        }
    }

    /** Up to {@code copies} shifts of a candidate (breaks at the middle of their windows), as many as its day and week hold. */
    private static void addCopies(Candidate c, int copies, List<Template> templates, int interval, int[] cover, int[] perDayCount, Caps caps,
                                  List<Placed> into) {
        for (int k = 0; k < copies && perDayCount[c.day] < caps.day()[c.day] && caps.weekCount()[caps.week()[c.day]] < caps.weekCap()[caps.week()[c.day]];
             k++) {
            Placed p = new Placed(c, templates.get(c.template), interval, defaultBreaks(c, templates.get(c.template), interval));
            boolean[] on = p.onPhones();
            for (int s = 0; s < c.length; s++) {
                if (on[s]) {
                    cover[c.start + s]++;
                }
            }
            perDayCount[c.day]++;
            caps.weekCount()[caps.week()[c.day]]++;
            into.add(p);
        }
    }

    /** Missing agent-intervals (weighed far above anything else), then paid intervals. */
    private static double cost(List<Placed> placed, int[] need, int[] cover) {
        long missing = 0;
        for (int t = 0; t < need.length; t++) {
            missing += Math.max(0, need[t] - cover[t]);
        }
        double paid = 0;
        for (Placed p : placed) {
            paid += p.c.paidSlots;
        }
        return missing * 1e6 + paid;
    }

    private static void remove(Placed p, int[] cover, int[] perDayCount, Caps caps) {
        boolean[] on = p.onPhones();
        for (int k = 0; k < p.c.length; k++) {
            if (on[k]) {
                cover[p.c.start + k]--;
            }
        }
        perDayCount[p.c.day]--;
        caps.weekCount()[caps.week()[p.c.day]]--;
    }

    /** Shifts a day and a week can hold, and how many each week holds now. */
    private record Caps(int[] day, int[] week, int[] weekCap, int[] weekCount) {
    }

    /** A chosen shift: its candidate, its breaks' start slots (absolute) and, once assigned, its agent. */
    private static final class Placed {
        final Candidate c;
        final Template t;
        final int interval;
        final int[] breakAt;
        String agent;

        Placed(Candidate c, Template t, int interval, int[] breakAt) {
            this.c = c;
            this.t = t;
            this.interval = interval;
            this.breakAt = breakAt;
        }

        boolean[] onPhones() {
            return Scheduler.onPhones(c, t, breakAt, interval);
        }
    }

    /** The slots a shift is on the phones: its length minus its breaks. */
    private static boolean[] onPhones(Candidate c, Template t, int[] breakAt, int interval) {
        boolean[] on = new boolean[c.length];
        java.util.Arrays.fill(on, true);
        for (int i = 0; i < breakAt.length; i++) {
            int len = t.breaks().get(i).minutes() / interval;
            for (int k = 0; k < len; k++) {
                on[breakAt[i] - c.start + k] = false;
            }
        }
        return on;
    }

    /** Breaks at the middle of their windows, in order, not overlapping (the first fit after the one before). */
    private static int[] defaultBreaks(Candidate c, Template t, int interval) {
        int[] at = new int[t.breaks().size()];
        int free = c.start;
        for (int i = 0; i < at.length; i++) {
            BreakRule b = t.breaks().get(i);
            int lo = c.start + b.earliestAfterStart() / interval;
            int hi = c.start + b.latestAfterStart() / interval;
            at[i] = Math.min(hi, Math.max(free, (lo + hi) / 2));
            free = at[i] + b.minutes() / interval;
        }
        return at;
    }

    /** Adds shifts while one covers a missing agent-interval; true when any was added. */
    private static boolean fill(List<Candidate> candidates, List<Template> templates, int[] need, int[] cover, int[] perDayCount, Caps caps,
                                List<Placed> placed, int interval) {
        return fill(candidates, templates, need, cover, perDayCount, caps, placed, interval, null);
    }

    /** As above; with {@code noise}, each candidate's gain is weighed by a random factor in [1, 1.15): another greedy. */
    private static boolean fill(List<Candidate> candidates, List<Template> templates, int[] need, int[] cover, int[] perDayCount, Caps caps,
                                List<Placed> placed, int interval, java.util.Random noise) {
        boolean any = false;
        int[] dayCap = caps.day();
        int[] week = caps.week();
        int[] weekCount = caps.weekCount();
        // each candidate's gain is recomputed only when the cover under it changed: a lazy queue of the best
        java.util.PriorityQueue<double[]> best = new java.util.PriorityQueue<>(Comparator.comparingDouble((double[] e) -> -e[0]));
        boolean[][] on = new boolean[candidates.size()][];
        int[][] breaks = new int[candidates.size()][];
        double[] weight = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            breaks[i] = defaultBreaks(c, templates.get(c.template), interval);
            on[i] = onPhones(c, templates.get(c.template), breaks[i], interval);
            weight[i] = noise == null ? 1 : 1 + 0.15 * noise.nextDouble();
            best.add(new double[] {gain(c, on[i], need, cover) * weight[i], i});
        }
        while (!best.isEmpty()) {
            double[] top = best.poll();
            int i = (int) top[1];
            Candidate c = candidates.get(i);
            if (perDayCount[c.day] >= dayCap[c.day] || weekCount[week[c.day]] >= caps.weekCap()[week[c.day]]) {
                continue;
            }
            double g = gain(c, on[i], need, cover) * weight[i];
            if (g <= 1e-12) {
                continue;
            }
            if (g < top[0] - 1e-12) {
                best.add(new double[] {g, i});
                continue;
            }
            placed.add(new Placed(c, templates.get(c.template), interval, breaks[i].clone()));
            weekCount[week[c.day]]++;
            perDayCount[c.day]++;
            for (int k = 0; k < c.length; k++) {
                if (on[i][k]) {
                    cover[c.start + k]++;
                }
            }
            best.add(new double[] {gain(c, on[i], need, cover) * weight[i], i});
            any = true;
        }
        return any;
    }

    /** Missing agent-intervals a shift would cover, per paid interval. */
    private static double gain(Candidate c, boolean[] on, int[] need, int[] cover) {
        int covered = 0;
        for (int k = 0; k < c.length; k++) {
            if (on[k] && cover[c.start + k] < need[c.start + k]) {
                covered++;
            }
        }
        return covered / c.paidSlots;
    }

    /** Each shift's breaks moved, one at a time, to where the cover exceeds the requirement the most. */
    private static void placeBreaks(List<Placed> placed, List<Template> templates, int[] need, int[] cover, int interval) {
        for (Placed p : placed) {
            Template t = templates.get(p.c.template);
            for (int i = 0; i < p.breakAt.length; i++) {
                BreakRule b = t.breaks().get(i);
                int len = b.minutes() / interval;
                // take this break off the cover, then choose its best start within its window and between its neighbours
                for (int k = 0; k < len; k++) {
                    cover[p.breakAt[i] + k]++;
                }
                int lo = p.c.start + b.earliestAfterStart() / interval;
                int hi = p.c.start + b.latestAfterStart() / interval;
                if (i > 0) {
                    lo = Math.max(lo, p.breakAt[i - 1] + t.breaks().get(i - 1).minutes() / interval);
                }
                if (i + 1 < p.breakAt.length) {
                    hi = Math.min(hi, p.breakAt[i + 1] - len);
                }
                if (lo > hi) {
                    for (int k = 0; k < len; k++) {
                        cover[p.breakAt[i] + k]--;
                    }
                    continue;
                }
                int bestAt = Math.min(Math.max(p.breakAt[i], lo), hi);
                long bestScore = Long.MIN_VALUE;
                for (int s = lo; s <= hi; s++) {
                    long score = 0;
                    for (int k = 0; k < len; k++) {
                        score += cover[s + k] - need[s + k];
                    }
                    // ties: the middle of the window (rested agents)
                    if (score > bestScore || (score == bestScore && Math.abs(s - (lo + hi) / 2) < Math.abs(bestAt - (lo + hi) / 2))) {
                        bestScore = score;
                        bestAt = s;
                    }
                }
                p.breakAt[i] = bestAt;
                for (int k = 0; k < len; k++) {
                    cover[bestAt + k]--;
                }
            }
        }
    }

    /** Drops shifts whose every interval on the phones is over the requirement; true when any was. */
    private static boolean dropUnneeded(List<Placed> placed, int[] need, int[] cover, int[] perDayCount, Caps caps) {
        boolean any = false;
        // the most wasteful first: most paid intervals over the requirement
        placed.sort(Comparator.comparingInt((Placed p) -> p.c.length).reversed());
        for (java.util.Iterator<Placed> it = placed.iterator(); it.hasNext(); ) {
            Placed p = it.next();
            boolean needed = false;
            boolean[] on = p.onPhones();
            for (int k = 0; k < p.c.length && !needed; k++) {
                if (on[k] && cover[p.c.start + k] <= need[p.c.start + k]) {
                    needed = true;
                }
            }
            if (!needed) {
                for (int k = 0; k < p.c.length; k++) {
                    if (on[k]) {
                        cover[p.c.start + k]--;
                    }
                }
                perDayCount[p.c.day]--;
                caps.weekCount()[caps.week()[p.c.day]]--;
                it.remove();
                any = true;
            }
        }
        return any;
    }

    /** The shifts to agents, day by day, each shift to the available agent with the fewest days that week. */
    private static List<Shift> assign(LocalDate from, List<Placed> placed, List<Template> templates, List<Agent> agents, int interval,
                                      int perDay, int[] cover) {
        // the shifts fewest agents could work go first (a weekend shift that only two agents may take is not left to
        // whoever the weekdays left over), then by time; each to the agent who works the fewest days that week
        Map<Placed, Long> eligible = new HashMap<>();
        for (Placed p : placed) {
            LocalDateTime start = from.atStartOfDay().plusMinutes((long) p.c.start * interval);
            eligible.put(p, agents.stream().filter(a -> available(a, from.plusDays(p.c.day), start, start.plusMinutes((long) p.c.length * interval))).count());
        }
        List<Placed> order = new ArrayList<>(placed);
        order.sort(Comparator.comparingLong((Placed p) -> eligible.get(p)).thenComparingInt(p -> p.c.start));
        Map<String, List<LocalDateTime[]>> worked = new HashMap<>();
        Map<String, Map<LocalDate, Integer>> daysPerWeek = new HashMap<>();
        List<Shift> out = new ArrayList<>();
        for (Placed p : order) {
            LocalDate day = from.plusDays(p.c.day);
            LocalDate monday = day.minusDays(day.getDayOfWeek().getValue() - 1L);
            LocalDateTime start = from.atStartOfDay().plusMinutes((long) p.c.start * interval);
            LocalDateTime end = start.plusMinutes((long) p.c.length * interval);
            Agent chosen = null;
            int chosenDays = 0;
            for (Agent a : agents) {
                if (!available(a, day, start, end)) {
                    continue;
                }
                int days = daysPerWeek.getOrDefault(a.id(), Map.of()).getOrDefault(monday, 0);
                if (days >= a.maxDaysPerWeek() || !rested(worked.getOrDefault(a.id(), List.of()), start, end, a.minRestMinutes())) {
                    continue;
                }
                if (chosen == null || days < chosenDays) { // the fewest days worked that week
                    chosen = a;
                    chosenDays = days;
                }
            }
            Template t = templates.get(p.c.template);
            if (chosen != null) {
                p.agent = chosen.id();
                daysPerWeek.computeIfAbsent(chosen.id(), k -> new HashMap<>()).merge(monday, 1, Integer::sum);
                worked.computeIfAbsent(chosen.id(), k -> new ArrayList<>()).add(new LocalDateTime[] {start, end});
            } else {
                // nobody can work it: its cover goes
                boolean[] on = p.onPhones();
                for (int k = 0; k < p.c.length; k++) {
                    if (on[k]) {
                        cover[p.c.start + k]--;
                    }
                }
            }
            out.add(new Shift(p.agent, t.name(), start, end, activities(p, t, start, interval)));
        }
        out.sort(Comparator.comparing(Shift::start));
        return out;
    }

    /** Whether the agent may work start–end of {@code day}: the day's window holds it. */
    private static boolean available(Agent a, LocalDate day, LocalDateTime start, LocalDateTime end) {
        Window w = a.availability().get(day.getDayOfWeek());
        return w != null && !start.toLocalTime().isBefore(w.from())
            && (end.toLocalDate().equals(day) ? !end.toLocalTime().isAfter(w.to()) : w.to().equals(LocalTime.MAX));
    }

    /** Whether a shift start–end keeps the rest before and after each shift already worked (one shift a day at most). */
    private static boolean rested(List<LocalDateTime[]> worked, LocalDateTime start, LocalDateTime end, int minRestMinutes) {
        for (LocalDateTime[] w : worked) {
            long gap = w[1].isAfter(start) ? ChronoUnit.MINUTES.between(end, w[0]) : ChronoUnit.MINUTES.between(w[1], start);
            if (w[0].toLocalDate().equals(start.toLocalDate()) || gap < minRestMinutes) {
                return false;
            }
        }
        return true;
    }

    private static List<Activity> activities(Placed p, Template t, LocalDateTime start, int interval) {
        List<Activity> out = new ArrayList<>();
        int at = p.c.start;
        for (int i = 0; i < p.breakAt.length; i++) {
            if (p.breakAt[i] > at) {
                out.add(new Activity("CALLS", slot(start, p.c.start, at, interval), slot(start, p.c.start, p.breakAt[i], interval)));
            }
            int end = p.breakAt[i] + t.breaks().get(i).minutes() / interval;
            out.add(new Activity(t.breaks().get(i).activity(), slot(start, p.c.start, p.breakAt[i], interval), slot(start, p.c.start, end, interval)));
            at = end;
        }
        if (at < p.c.start + p.c.length) {
            out.add(new Activity("CALLS", slot(start, p.c.start, at, interval), slot(start, p.c.start, p.c.start + p.c.length, interval)));
        }
        return out;
    }

    private static LocalDateTime slot(LocalDateTime shiftStart, int shiftSlot, int s, int interval) {
        return shiftStart.plusMinutes((long) (s - shiftSlot) * interval);
    }

}
