package io.seatline.billing.internal.calc;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Issue 7 benchmark, rating part: 1 M CDRs of 1 000 tenants priced against a 50 k-prefix rate table (peak and
 * off-peak rates, so every prefix has two rows), on one thread. Compared with a naive rater that finds the longest
 * prefix by scanning every row (run on a sample, it is far slower). The database part (billing run against a bare
 * GROUP BY) follows with the billing run.
 *
 * java -cp bench/target/seatline-benchmarks.jar io.seatline.billing.internal.calc.RatingBenchmark [cdrs=1000000] [prefixes=50000]
 */
public final class RatingBenchmark {
    private RatingBenchmark() {
    }

    public static void main(String[] args) {
        int cdrs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int prefixes = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Random r = new Random(11);
        String[] countries = {"1", "44", "49", "33", "86", "852", "886", "81", "82", "65", "60", "63", "66", "84", "91", "61", "7", "55", "52", "34"};
        Set<String> seen = new HashSet<>();
        List<Rate> rows = new ArrayList<>();
        while (seen.size() < prefixes) {
            String p = countries[r.nextInt(countries.length)] + digits(r, 1 + r.nextInt(6));
            if (seen.add(p)) {
                BigDecimal peak = BigDecimal.valueOf(1 + r.nextInt(300), 3);
                rows.add(new Rate("OUTBOUND", p, "PEAK", peak, new BigDecimal("0.02"), BigDecimal.ZERO, Increment.parse("60/60"), null));
                rows.add(new Rate("OUTBOUND", p, "OFF_PEAK", peak.divide(BigDecimal.valueOf(2)), new BigDecimal("0.02"), BigDecimal.ZERO,
                    Increment.parse("60/60"), null));
            }
        }
        for (String c : countries) {
            if (seen.add(c)) {
                rows.add(new Rate("OUTBOUND", c, "*", new BigDecimal("0.500"), BigDecimal.ZERO, BigDecimal.ZERO, Increment.parse("6/6"), null));
            }
        }
        long b0 = System.nanoTime();
        RateTable table = RateTable.build(rows);
        double buildMs = (System.nanoTime() - b0) / 1e6;
        TimeBands bands = new TimeBands(List.of(new TimeBands.Band("PEAK", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0),
            LocalTime.of(20, 0))), "OFF_PEAK", ZoneId.of("Asia/Shanghai"));
        // CDRs: numbers under a random prefix of the table, answered over November, 5 s to 20 min of talk
        List<String> list = new ArrayList<>(seen);
        String[] numbers = new String[cdrs];
        Instant[] answered = new Instant[cdrs];
        long[] talk = new long[cdrs];
        Instant nov = Instant.parse("2026-10-31T16:00:00Z");
        for (int i = 0; i < cdrs; i++) {
            String p = list.get(r.nextInt(list.size()));
            numbers[i] = "+" + p + digits(r, Math.max(0, 12 - p.length()));
            answered[i] = nov.plusSeconds(r.nextInt(30 * 86400));
            talk[i] = 5_000 + r.nextInt(1_200_000);
        }
        Rater rater = new Rater(table, bands);
        for (int i = 0; i < Math.min(cdrs, 200_000); i++) {   // warm-up
            rater.rate("OUTBOUND", numbers[i], answered[i], talk[i]);
        }
        BigDecimal total = BigDecimal.ZERO;
        long t0 = System.nanoTime();
        for (int i = 0; i < cdrs; i++) {
            Rater.Rated x = rater.rate("OUTBOUND", numbers[i], answered[i], talk[i]);
            total = total.add(x.amount());
        }
        double trieS = (System.nanoTime() - t0) / 1e9;
        double trieRate = cdrs / trieS;
        // the naive rater: longest prefix by scanning every row, then the same pricing
        int sample = Math.min(cdrs, 5_000);
        NaiveTable naive = new NaiveTable(rows);
        long n0 = System.nanoTime();
        int agree = 0;
        for (int i = 0; i < sample; i++) {
            String band = bands.bandAt(answered[i]);
            Rate a = naive.match("OUTBOUND", numbers[i], band);
            Rate b = table.match("OUTBOUND", numbers[i], band);
            agree += a == null ? (b == null ? 1 : 0) : (b != null && a.prefix().equals(b.prefix()) ? 1 : 0);
        }
        double naiveS = (System.nanoTime() - n0) / 1e9;
        double naiveRate = sample / naiveS;
        System.out.printf("Rate table: %,d rows (%,d prefixes × peak/off-peak) built in %.0f ms%n", table.size(), prefixes, buildMs);
        System.out.printf("Trie rating: %,d CDRs in %.2f s = %,.0f CDRs/s on one core (total %s)%n", cdrs, trieS, trieRate, total.setScale(2,
            java.math.RoundingMode.HALF_UP));
        System.out.printf("Naive linear prefix scan (match only, %,d CDRs): %,.0f CDRs/s; the trie rater is %.0f× faster; both found the same prefix "
            + "for %d of %d%n", sample, naiveRate, trieRate / naiveRate, agree, sample);
        if (agree != sample) {
            throw new IllegalStateException("the trie and the scan disagree");
        }
    }

    private static String digits(Random r, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + r.nextInt(10)));
        }
        return s.toString();
    }

    /** The longest prefix by looking at every row. */
    private static final class NaiveTable {
        private final List<Rate> rows;

        NaiveTable(List<Rate> rows) {
            this.rows = rows;
        }

        Rate match(String direction, String number, String band) {
            String digits = number.replaceAll("\\D", "");
            Rate best = null;
            for (Rate r : rows) {
                if (r.direction().equals(direction) && (r.band().equals(band) || r.band().equals(Rate.ANY_BAND)) && digits.startsWith(r.prefix())
                    && (best == null || r.prefix().length() > best.prefix().length()
                    || (r.prefix().length() == best.prefix().length() && r.band().equals(band)))) {
                    best = r;
                }
            }
            return best;
        }
    }
}
