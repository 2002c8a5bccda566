package io.seatline.wfm;

import java.util.ArrayList;
import java.util.List;

/** The scheduler's lower bound: the LP relaxation of covering the requirement with shifts, day by day. */
final class ShiftLp {
    private ShiftLp() {}

    /**
     * The LP relaxation's bound, day by day, in paid intervals: shifts taken fractionally, each covering every interval
     * of its length (breaks anywhere, so none is assumed), and together at least as many intervals on the phones as
     * required. Solved as its dual, max Σ need·y + (Σ need)·z subject to Σ_{t in shift} y_t + phone·z ≤ paid for each
     * shift, y, z ≥ 0 — in standard form, so the simplex starts at zero. Intervals no shift can cover are left out (they
     * stay a deficit whatever is scheduled).
     */
    static double lowerBound(List<Scheduler.Candidate> candidates, List<Scheduler.Template> templates, int[] need, int days, int perDay, int interval,
                             double[] primal) {
        double total = 0;
        for (int d = 0; d < days; d++) {
            List<Scheduler.Candidate> mine = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).day() == d) {
                    mine.add(candidates.get(i));
                    index.add(i);
                }
            }
            int lo = d * perDay;
            int hi = Math.min(need.length, lo + perDay + 16 * 60 / interval); // a day's shifts may run past midnight
            boolean[] coverable = new boolean[hi - lo];
            for (Scheduler.Candidate c : mine) {
                for (int k = 0; k < c.length() && c.start() + k < hi; k++) {
                    coverable[c.start() + k - lo] = true;
                }
            }
            // the intervals this day's shifts alone answer for: this day's own, less the early ones a shift of the day
            // before can still reach (past midnight). Each interval is then in one day's LP at most, each shift in its
            // own day's: the days' optima add up to no more than the whole horizon's
            int reach = lo;
            for (Scheduler.Candidate c : candidates) {
                if (c.day() == d - 1) {
                    reach = Math.max(reach, c.start() + c.length());
                }
            }
            List<Integer> slots = new ArrayList<>();
            for (int t = reach; t < lo + perDay && t < need.length; t++) {
                if (need[t] > 0 && coverable[t - lo]) {
                    slots.add(t);
                }
            }
            if (slots.isEmpty() || mine.isEmpty()) {
                continue;
            }
            int m = mine.size();
            int n = slots.size() + 1;
            double[][] a = new double[m][n];
            double[] b = new double[m];
            double[] c = new double[n];
            double needSum = 0;
            for (int j = 0; j < slots.size(); j++) {
                c[j] = need[slots.get(j)];
                needSum += c[j];
            }
            c[n - 1] = needSum;
            for (int i = 0; i < m; i++) {
                Scheduler.Candidate x = mine.get(i);
                for (int j = 0; j < slots.size(); j++) {
                    int t = slots.get(j);
                    a[i][j] = t >= x.start() && t < x.start() + x.length() ? 1 : 0;
                }
                a[i][n - 1] = templates.get(x.template()).phoneMinutes() / (double) interval;
                b[i] = x.paidSlots();
            }
            Lp lp = simplex(a, b, c);
            total += lp.value();
            for (int i = 0; i < m; i++) {
                primal[index.get(i)] = lp.x()[i];
            }
        }
        return total;
    }

    /**
     * max c·y subject to A·y ≤ b, y ≥ 0, with b ≥ 0: the tableau simplex from the origin, Bland's rule (no cycling).
     * Unbounded cannot happen here (every column has a positive entry in some row).
     */
    static double simplexMax(double[][] a, double[] b, double[] c) {
        return simplex(a, b, c).value();
    }

    /** The optimum and the primal of the dual: for max c·y, A·y ≤ b, the x ≥ 0 of min b·x, Aᵀx ≥ c (the slacks' prices). */
    record Lp(double value, double[] x) {
    }

    static Lp simplex(double[][] a, double[] b, double[] c) {
        int m = a.length;
        int n = c.length;
        double[][] t = new double[m + 1][n + m + 1];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a[i], 0, t[i], 0, n);
            t[i][n + i] = 1;
            t[i][n + m] = b[i];
        }
        for (int j = 0; j < n; j++) {
            t[m][j] = -c[j];
        }
        int[] basis = new int[m];
        for (int i = 0; i < m; i++) {
            basis[i] = n + i;
        }
        for (int iter = 0; iter < 100_000; iter++) {
            int enter = -1;
            for (int j = 0; j < n + m; j++) {
                if (t[m][j] < -1e-9) {
                    enter = j;
                    break;
                }
            }
            if (enter < 0) {
                double[] x = new double[m];
                for (int i = 0; i < m; i++) {
                    x[i] = t[m][n + i];
                }
                return new Lp(t[m][n + m], x);
            }
            int leave = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                if (t[i][enter] > 1e-12) {
                    double r = t[i][n + m] / t[i][enter];
                    if (r < best - 1e-12 || (Math.abs(r - best) <= 1e-12 && leave >= 0 && basis[i] < basis[leave])) {
                        best = r;
                        leave = i;
                    }
                }
            }
            if (leave < 0) {
                throw new IllegalStateException("unbounded");
            }
            double p = t[leave][enter];
            for (int j = 0; j <= n + m; j++) {
                t[leave][j] /= p;
            }
            for (int i = 0; i <= m; i++) {
                if (i != leave && Math.abs(t[i][enter]) > 0) {
                    double f = t[i][enter];
                    for (int j = 0; j <= n + m; j++) {
                        t[i][j] -= f * t[leave][j];
                    }
                }
            }
            basis[leave] = enter;
        }
        throw new IllegalStateException("the simplex did not finish");
    }

}
