package io.seatline.wfm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.Test;

/**
 * The staffing maths against the known answer of the issue, against exact rational arithmetic written here for small
 * N (factorials and powers, which the implementation avoids), against a log-space sum for thousands of agents, and
 * Erlang A against Erlang C (patience without end), against its own flows (who gives up, by two routes) and against
 * a second method for the service level (uniformization instead of RK4).
 */
public class ErlangTest {

    @Test
    public void theKnownAnswerTenErlangsFourteenAgents() {
        // 100 calls per 30 minutes, AHT 180 s: 10 Erlangs
        Requirement.Target target = Requirement.Target.serviceLevel(0.80, 20);
        Staffing s = Erlang.erlangC(100 * 180.0 / 1800, 14, 180, 20);
        assertEquals(10.0, s.erlangs(), 1e-12);
        assertEquals(0.17413, s.probabilityOfWaiting(), 5e-6);
        assertEquals(0.8884, s.serviceLevel(), 5e-5);
        assertEquals(7.84, s.asaSeconds(), 5e-3);
        assertEquals(0.714, s.occupancy(), 5e-4);
        assertTrue(Requirement.meets(s, target));
        Staffing thirteen = Erlang.erlangC(10, 13, 180, 20);
        assertFalse("13 agents miss 80/20: " + thirteen, Requirement.meets(thirteen, target));
        Requirement r = Requirement.of(100, 1800, 180, target, Double.POSITIVE_INFINITY);
        assertEquals(14, r.onPhones());
        assertEquals(14, r.scheduled());
    }

    @Test
    public void occupancyCeilingAndShrinkageRaiseTheCount() {
        Requirement r = Requirement.of(100, 1800, 180, new Requirement.Target(0.80, 20, null, null, 0.70, 0.30), Double.POSITIVE_INFINITY);
        assertEquals("10/14 is 71 % occupancy, over 70 %", 15, r.onPhones());
        assertEquals("15 on the phones with 30 % shrinkage", 22, r.scheduled());
        assertEquals(20, Requirement.scheduled(14, 0.30));
        assertEquals(0, Requirement.of(0, 1800, 180, Requirement.Target.serviceLevel(0.8, 20), Double.POSITIVE_INFINITY).onPhones());
        // an ASA ceiling tighter than 80/20 asks for more
        Requirement asa = Requirement.of(100, 1800, 180, new Requirement.Target(0.80, 20, 3.0, null, 1.0, 0), Double.POSITIVE_INFINITY);
        assertTrue(asa.onPhones() > 14);
        assertTrue(asa.staffing().asaSeconds() <= 3.0);
        assertTrue(Erlang.erlangC(10, asa.onPhones() - 1, 180, 20).asaSeconds() > 3.0);
    }

    @Test
    public void erlangBAndCMatchExactRationalArithmetic() {
        // A as a fraction p/q; B = (A^N/N!) / sum_{k<=N} A^k/k!, C = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A))
        int[][] loads = {{1, 2}, {3, 1}, {37, 4}, {10, 1}, {123, 10}, {50, 3}};
        for (int[] pq : loads) {
            double a = (double) pq[0] / pq[1];
            for (int n = 1; n <= 40; n++) {
                Fraction[] terms = new Fraction[n + 1];
                Fraction term = Fraction.ONE;
                for (int k = 0; k <= n; k++) {
                    if (k > 0) {
                        term = term.times(new Fraction(BigInteger.valueOf(pq[0]), BigInteger.valueOf((long) pq[1] * k)));
                    }
                    terms[k] = term;
                }
                Fraction all = Fraction.ZERO;
                for (Fraction f : terms) {
                    all = all.plus(f);
                }
                double exactB = terms[n].over(all).toDouble();
                assertEquals("B(" + a + ", " + n + ")", exactB, Erlang.b(a, n), 1e-13 * Math.max(1, exactB));
                if (n > a) {
                    Fraction nMinusA = new Fraction(BigInteger.valueOf((long) n * pq[1] - pq[0]), BigInteger.valueOf(pq[1]));
                    Fraction last = terms[n].times(new Fraction(BigInteger.valueOf(n), BigInteger.ONE)).over(nMinusA);
                    Fraction below = all.minus(terms[n]);
                    double exactC = last.over(below.plus(last)).toDouble();
                    assertEquals("C(" + a + ", " + n + ")", exactC, Erlang.c(a, n), 1e-12);
                } else {
                    assertEquals(1.0, Erlang.c(a, n), 0);
                }
            }
        }
    }

    @Test
    public void thousandsOfAgentsStayFiniteAndMatchALogSpaceSum() {
        for (double a : new double[] {950.5, 4500, 7999}) {
            double before = 1;
            for (int n : new int[] {(int) a + 1, (int) a + 20, (int) a + 60, (int) a + 200}) {
                double c = Erlang.c(a, n);
                assertTrue(a + "/" + n + ": " + c, c > 0 && c < 1 && c < before);
                before = c;
                // independent: log of A^k/k! summed in log space
                double max = Double.NEGATIVE_INFINITY;
                double[] logs = new double[n + 1];
                double lf = 0;
                for (int k = 0; k <= n; k++) {
                    if (k > 0) {
                        lf += Math.log(k);
                    }
                    logs[k] = k * Math.log(a) - lf;
                    max = Math.max(max, logs[k]);
                }
                double sumBelow = 0;
                for (int k = 0; k < n; k++) {
                    sumBelow += Math.exp(logs[k] - max);
                }
                double last = Math.exp(logs[n] - max) * n / (n - a);
                assertEquals(a + "/" + n, last / (sumBelow + last), c, 1e-9);
            }
        }
        Requirement big = Requirement.of(30_000, 1800, 240, Requirement.Target.serviceLevel(0.9, 15), Double.POSITIVE_INFINITY);
        assertTrue(big.toString(), big.onPhones() > 4000 && big.onPhones() < 4200);
    }

    @Test
    public void erlangAWithEndlessPatienceIsErlangC() {
        Staffing c = Erlang.erlangC(10, 14, 180, 20);
        Staffing a = Erlang.erlangA(10, 14, 180, 20, 1e9);
        assertEquals(c.probabilityOfWaiting(), a.probabilityOfWaiting(), 1e-5);
        assertEquals(c.serviceLevel(), a.serviceLevel(), 1e-5);
        assertEquals(c.asaSeconds(), a.asaSeconds(), 1e-3);
        assertEquals(0, a.abandonRate(), 1e-6);
        assertEquals(c, Erlang.erlangA(10, 14, 180, 20, Double.POSITIVE_INFINITY));
        // no calls: nothing waits, whatever the patience
        assertEquals(1.0, Erlang.erlangA(0, 3, 180, 20, 60).serviceLevel(), 0);
        assertEquals(0.0, Erlang.erlangA(0, 3, 180, 20, 60).probabilityOfWaiting(), 0);
    }

    @Test
    public void erlangAKeepsItsOwnBooks() {
        // impatient callers (mean 60 s) and too few agents: the queue settles anyway; who gives up, counted two ways
        double aht = 180;
        double patience = 60;
        for (int n : new int[] {5, 9, 10, 12, 20}) {
            Staffing s = Erlang.erlangA(10, n, aht, 20, patience);
            double lambda = 10 / aht;
            double[] pi = Erlang.chain(lambda, 1 / aht, 1 / patience, n);
            double lq = 0;
            double wait = 0;
            for (int k = 0; k < pi.length; k++) {
                lq += Math.max(0, k - n) * pi[k];
                wait += k >= n ? pi[k] : 0;
            }
            assertEquals("abandon rate = θ·Lq/λ at " + n, lq / patience / lambda, s.abandonRate(), 1e-9);
            assertEquals(wait, s.probabilityOfWaiting(), 1e-12);
            assertTrue(s.serviceLevel() <= 1 - s.abandonRate() + 1e-9);
            // a target far out: every call that is answered, is answered by then
            assertEquals(1 - s.abandonRate(), Erlang.erlangA(10, n, aht, 3600, patience).serviceLevel(), 1e-6);
            // Little's law for the callers who wait: Lq = λ·W
            assertEquals(lq / lambda, s.meanWaitSeconds(), 1e-9);
        }
        // callers who give up relieve the queue: fewer find every agent busy than Erlang C says
        assertTrue(Erlang.erlangA(10, 11, aht, 20, patience).probabilityOfWaiting() < Erlang.erlangC(10, 11, aht, 20).probabilityOfWaiting());
        // an abandon ceiling is met by adding agents
        Requirement r = Requirement.of(100, 1800, aht, new Requirement.Target(0.5, 20, null, 0.02, 1.0, 0), patience);
        assertTrue(r.staffing().abandonRate() <= 0.02);
        assertTrue(Erlang.erlangA(10, r.onPhones() - 1, aht, 20, patience).abandonRate() > 0.02
            || Erlang.erlangA(10, r.onPhones() - 1, aht, 20, patience).serviceLevel() < 0.5);
    }

    @Test
    public void erlangAServiceLevelAgreesWithUniformization() {
        // a second method for P(answered within t | waiting): uniformize the tagged caller's chain and sum the
        // Poisson-weighted probabilities of having reached an agent within k jumps
        int n = 3;
        double aht = 180;
        double patience = 45;
        double t = 20;
        double mu = 1 / aht;
        double theta = 1 / patience;
        double[] pi = Erlang.chain(2.5 * mu, mu, theta, n);
        int qn = pi.length - n;
        double uniform = n * mu + qn * theta + theta;
        double[] p = new double[qn];
        System.arraycopy(pi, n, p, 0, qn);
        double served = 0;
        double poisson = Math.exp(-uniform * t);
        double cumulativeServed = 0;
        for (int k = 0; k < 2000; k++) {
            // P(answered by t) = sum over k of P(k jumps by t) · P(answered within k jumps)
            served += poisson * cumulativeServed;
            double[] next = new double[qn];
            double stepServed = 0;
            for (int m = 0; m < qn; m++) {
                double r = n * mu + m * theta;
                if (m == 0) {
                    stepServed += p[m] * r / uniform;
                } else {
                    next[m - 1] += p[m] * r / uniform;
                }
                next[m] += p[m] * (1 - (r + theta) / uniform);
            }
            cumulativeServed += stepServed;
            p = next;
            poisson = poisson * uniform * t / (k + 1);
        }
        double rk4 = Erlang.servedWithin(pi, n, mu, theta, t);
        assertEquals(served, rk4, 1e-7);
        assertTrue(rk4 > 0);
    }

    @Test
    public void theSearchFindsTheFewestAgentsALinearScanFinds() {
        Requirement.Target[] targets = {Requirement.Target.serviceLevel(0.8, 20), new Requirement.Target(0.9, 10, 5.0, null, 0.85, 0.2),
            new Requirement.Target(0.6, 30, null, 0.05, 1.0, 0.35)};
        for (double calls : new double[] {1, 7, 60, 333, 1200}) {
            for (double patience : new double[] {Double.POSITIVE_INFINITY, 90, 30}) {
                for (Requirement.Target target : targets) {
                    if (target.maxAbandonRate() != null && Double.isInfinite(patience)) {
                        continue;
                    }
                    Requirement r = Requirement.of(calls, 1800, 200, target, patience);
                    double a = calls * 200 / 1800;
                    int n = 1;
                    while (!Requirement.meets(Erlang.erlangA(a, n, 200, target.withinSeconds(), patience), target)) {
                        n++;
                    }
                    assertEquals(calls + " calls, patience " + patience + ", " + target, n, r.onPhones());
                    assertEquals(Requirement.scheduled(n, target.shrinkage()), r.scheduled());
                }
            }
        }
    }

    @Test
    public void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Erlang.b(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> Erlang.c(Double.NaN, 3));
        assertThrows(IllegalArgumentException.class, () -> Erlang.c(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Erlang.erlangA(2, 3, 0, 20, 60));
        assertThrows(IllegalArgumentException.class, () -> Erlang.erlangA(2, 3, 180, 20, -5));
        assertThrows(IllegalArgumentException.class, () -> Requirement.Target.serviceLevel(1.2, 20));
        assertThrows(IllegalArgumentException.class, () -> new Requirement.Target(0.8, 20, null, null, 0.85, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Requirement.of(-3, 1800, 180, Requirement.Target.serviceLevel(0.8, 20), 60));
    }

    /** An exact fraction (BigInteger numerator and denominator), just what the cross-check needs. */
    record Fraction(BigInteger num, BigInteger den) {
        static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);
        static final Fraction ONE = new Fraction(BigInteger.ONE, BigInteger.ONE);

        Fraction {
            BigInteger g = num.gcd(den);
            if (!g.equals(BigInteger.ZERO) && !g.equals(BigInteger.ONE)) {
                num = num.divide(g);
                den = den.divide(g);
            }
        }

        Fraction plus(Fraction o) {
            return new Fraction(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Fraction minus(Fraction o) {
            return new Fraction(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
        }

        Fraction times(Fraction o) {
            return new Fraction(num.multiply(o.num), den.multiply(o.den));
        }

        Fraction over(Fraction o) {
            return new Fraction(num.multiply(o.den), den.multiply(o.num));
        }

        double toDouble() {
            return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL128).doubleValue();
        }
    }
}
