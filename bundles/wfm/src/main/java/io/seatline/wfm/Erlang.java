package io.seatline.wfm;

/**
 * Erlang B, C and A: what N agents (or trunks) do with a load of A Erlangs.
 *
 * <p>A = arrival rate × mean handling time (e.g. 100 calls per 30 min with AHT 180 s: 100 × 180 / 1800 = 10 Erlangs).
 * All three are computed without factorials or powers: Erlang B by its recursion B(0) = 1,
 * B(n) = A·B(n−1) / (n + A·B(n−1)), which stays within [0, 1]; Erlang C from B; Erlang A (callers who give up after an
 * exponential patience) from its birth–death chain in logarithms. They hold for N up to many thousands.
 */
public final class Erlang {
    private Erlang() {}

    /** Erlang B: the probability that a call finds all {@code n} trunks busy (and is lost) under {@code a} Erlangs. */
    public static double b(double a, int n) {
        check(a, n);
        double b = 1.0;
        for (int k = 1; k <= n; k++) {
            b = a * b / (k + a * b);
        }
        return b;
    }

    /**
     * Erlang C: the probability that a call waits, with {@code n} agents, {@code a} Erlangs and an unlimited queue
     * (nobody gives up); 1 when the agents cannot keep up ({@code n <= a}).
     */
    public static double c(double a, int n) {
        check(a, n);
        if (n <= a) {
            return 1.0;
        }
        double b = b(a, n);
        return n * b / (n - a * (1 - b));
    }

    /** What Erlang C predicts for {@code n} agents: see {@link Staffing}. */
    public static Staffing erlangC(double a, int n, double ahtSeconds, double targetSeconds) {
        if (!(ahtSeconds > 0)) {
            throw new IllegalArgumentException("the handling time is positive");
        }
        double pw = c(a, n);
        if (n <= a) {
            return new Staffing(n, a, 1.0, 0.0, Double.POSITIVE_INFINITY, 1.0, 0.0, Double.POSITIVE_INFINITY);
        }
        double sl = 1 - pw * Math.exp(-(n - a) * Math.max(0, targetSeconds) / ahtSeconds);
        double asa = pw * ahtSeconds / (n - a);
        return new Staffing(n, a, pw, sl, asa, a / n, 0.0, asa);
    }

    /**
     * Erlang A (M/M/n+M): callers give up after a patience with mean {@code patienceSeconds} (infinite: Erlang C's
     * callers). Service level here is the share of all offered calls answered within the target (callers who give up
     * count against it); ASA is the mean wait of the answered calls; occupancy counts only the answered calls' work.
     */
    public static Staffing erlangA(double a, int n, double ahtSeconds, double targetSeconds, double patienceSeconds) {
        check(a, n);
        if (!(ahtSeconds > 0)) {
            throw new IllegalArgumentException("the handling time is positive");
        }
        if (Double.isInfinite(patienceSeconds)) {
            return erlangC(a, n, ahtSeconds, targetSeconds);
        }
        if (!(patienceSeconds > 0)) {
            throw new IllegalArgumentException("the mean patience is positive");
        }
        if (a == 0) {
            return new Staffing(n, 0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
        }
        if (n == 0) {
            return new Staffing(0, a, 1.0, 0.0, Double.POSITIVE_INFINITY, 0.0, 1.0, patienceSeconds);
        }
        // rates per second: arrivals λ, service μ per agent, abandonment θ per waiting caller
        double mu = 1 / ahtSeconds;
        double lambda = a * mu;
        double theta = 1 / patienceSeconds;
        double[] pi = chain(lambda, mu, theta, n);
        double pNoWait = 0;
        for (int k = 0; k < n && k < pi.length; k++) {
            pNoWait += pi[k];
        }
        // a caller who finds m others waiting: served with probability a_m, after E[wait; served] = b_m (recursions over
        // the callers ahead, each step "a server frees or one ahead gives up" at rate nμ + mθ, against its own θ)
        double served = pNoWait;
        double waitServed = 0;
        double am = 1;
        double bm = 0;
        for (int k = n; k < pi.length; k++) {
            int m = k - n;
            double r = n * mu + m * theta;
            double q = r / (r + theta);
            bm = q * (am / (r + theta) + bm);
            am = q * am;
            served += pi[k] * am;
            waitServed += pi[k] * bm;
        }
        double lq = 0;
        for (int k = n; k < pi.length; k++) {
            lq += (k - n) * pi[k];
        }
        double waitAll = lq / lambda; // Little's law over every caller, the ones who give up included
        double pWait = 1 - pNoWait;
        double asa = served > 0 ? waitServed / served : Double.POSITIVE_INFINITY;
        double sl = pNoWait + servedWithin(pi, n, mu, theta, targetSeconds);
        double occupancy = Math.min(1.0, a * served / n);
        return new Staffing(n, a, pWait, sl, asa, occupancy, 1 - served, waitAll);
    }

    /** The stationary distribution of the Erlang A chain, cut where the tail no longer counts (below 1e-16 of the peak). */
    static double[] chain(double lambda, double mu, double theta, int n) {
        int cap = n + 64;
        double[] log = new double[cap];
        double max = 0;
        int k = 0;
        log[0] = 0;
        while (true) {
            k++;
            if (k >= log.length) {
                log = java.util.Arrays.copyOf(log, log.length * 2);
            }
            double death = Math.min(k, n) * mu + Math.max(0, k - n) * theta;
            log[k] = log[k - 1] + Math.log(lambda) - Math.log(death);
            max = Math.max(max, log[k]);
            if (k > n && log[k] < log[k - 1] && log[k] < max - 37) {
                break;
            }
            if (k > 50_000_000) {
                throw new IllegalStateException("the queue does not settle");
            }
        }
        double[] pi = new double[k + 1];
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            pi[i] = Math.exp(log[i] - max);
            sum += pi[i];
        }
        for (int i = 0; i <= k; i++) {
            pi[i] /= sum;
        }
        return pi;
    }

    /**
     * The probability that an arriving caller who finds all agents busy is answered within {@code t} seconds: the
     * callers' queue positions (as an arrival finds them) followed through time, RK4 in steps small against the
     * fastest rate; what reaches the front and a free agent is answered.
     */
    static double servedWithin(double[] pi, int n, double mu, double theta, double t) {
        int qn = pi.length - n;
        if (qn <= 0 || t <= 0) {
            return 0;
        }
        double[] p = new double[qn];
        System.arraycopy(pi, n, p, 0, qn);
        double fastest = n * mu + (qn - 1) * theta + theta;
        int steps = (int) Math.min(200_000, Math.max(200, Math.ceil(t * fastest * 4)));
        double h = t / steps;
        double answered = 0;
        double[] k1 = new double[qn];
        double[] k2 = new double[qn];
        double[] k3 = new double[qn];
        double[] k4 = new double[qn];
        double[] tmp = new double[qn];
        for (int s = 0; s < steps; s++) {
            derive(p, k1, n, mu, theta);
            axpy(p, k1, h / 2, tmp);
            double f2 = n * mu * tmp[0];
            derive(tmp, k2, n, mu, theta);
            axpy(p, k2, h / 2, tmp);
            double f3 = n * mu * tmp[0];
            derive(tmp, k3, n, mu, theta);
            axpy(p, k3, h, tmp);
            double f4 = n * mu * tmp[0];
            derive(tmp, k4, n, mu, theta);
            answered += h / 6 * (n * mu * p[0] + 2 * f2 + 2 * f3 + f4);
            for (int i = 0; i < qn; i++) {
                p[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        return answered;
    }

    /** d/dt of the waiting callers by the number ahead of them: each leaves its place at nμ + mθ, gives up at θ. */
    private static void derive(double[] p, double[] out, int n, double mu, double theta) {
        int qn = p.length;
        for (int m = 0; m < qn; m++) {
            double in = m + 1 < qn ? (n * mu + (m + 1) * theta) * p[m + 1] : 0;
            out[m] = in - (n * mu + m * theta + theta) * p[m];
        }
    }

    private static void axpy(double[] p, double[] d, double h, double[] out) {
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] + h * d[i];
        }
    }

    private static void check(double a, int n) {
        if (!(a >= 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("the load in Erlangs is a number >= 0");
        }
        if (n < 0) {
            throw new IllegalArgumentException("the number of agents is >= 0");
        }
    }
}
