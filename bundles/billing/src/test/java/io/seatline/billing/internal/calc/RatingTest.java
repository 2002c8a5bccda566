package io.seatline.billing.internal.calc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.seatline.core.ValidationException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.Test;

/** Increments, longest-prefix match and time bands, with amounts computed by hand in each test. */
public class RatingTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final TimeBands BANDS = new TimeBands(List.of(new TimeBands.Band("PEAK", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
        LocalTime.of(8, 0), LocalTime.of(20, 0))), "OFF_PEAK", SHANGHAI);

    private static Rate rate(String dir, String prefix, String band, String perMinute, String fee, String min, String increment) {
        return new Rate(dir, prefix, band, new BigDecimal(perMinute), new BigDecimal(fee), new BigDecimal(min), Increment.parse(increment), null);
    }

    @Test
    public void incrementsRoundStartedUnits() {
        Increment m = Increment.parse("60/60");
        assertEquals("a 61-second call under 60/60 is two minutes", 120, m.billableSeconds(61_000));
        assertEquals(60, m.billableSeconds(60_000));
        assertEquals("a started second counts", 120, m.billableSeconds(60_001));
        assertEquals(60, m.billableSeconds(1));
        assertEquals("no talk, nothing billed", 0, m.billableSeconds(0));
        assertEquals(66, Increment.parse("6/6").billableSeconds(61_000));
        assertEquals(6, Increment.parse("6").billableSeconds(2_000));
        assertEquals("first minute, then per second", 61, Increment.parse("60/1").billableSeconds(61_000));
        assertEquals(60, Increment.parse("60/1").billableSeconds(30_000));
        for (String bad : new String[] {"0/60", "60/0", "a/b", "", "60/60/60", "9999/1"}) {
            try {
                Increment.parse(bad);
                fail(bad);
            } catch (ValidationException e) {
                assertEquals("increment", e.field());
            }
        }
    }

    @Test
    public void longestPrefixWinsAndBandSpecificRatesFallBackToShorterPrefixes() {
        RateTable t = RateTable.build(List.of(
            rate("OUTBOUND", "86", "*", "0.10", "0", "0", "60/60"),
            rate("OUTBOUND", "86138", "*", "0.05", "0", "0", "60/60"),
            rate("OUTBOUND", "861380", "*", "0.03", "0", "0", "60/60"),
            rate("OUTBOUND", "86139", "PEAK", "0.08", "0", "0", "60/60"),
            rate("INBOUND", "86400", "*", "0.20", "0", "0", "60/60")));
        assertEquals(5, t.size());
        assertEquals("861380", t.match("OUTBOUND", "+8613800138000", "PEAK").prefix());
        assertEquals("86138", t.match("OUTBOUND", "+86 138 1111 2222", "PEAK").prefix());
        assertEquals("86", t.match("OUTBOUND", "+8613", "PEAK").prefix());
        assertEquals("86139", t.match("OUTBOUND", "8613900139000", "PEAK").prefix());
        assertEquals("86139 has no off-peak rate: the shorter 86 applies", "86", t.match("OUTBOUND", "8613900139000", "OFF_PEAK").prefix());
        assertNull("no rate for the UK", t.match("OUTBOUND", "+442071838750", "PEAK"));
        assertNull("inbound and outbound are separate tables", t.match("INBOUND", "+8613800138000", "PEAK"));
        assertEquals("86400", t.match("INBOUND", "+864001234567", "PEAK").prefix());
    }

    @Test
    public void badRateTablesAreRefusedNamingTheRow() {
        try {
            RateTable.build(List.of(rate("OUTBOUND", "86", "*", "0.10", "0", "0", "60/60"), rate("OUTBOUND", "1", "*", "0.10", "0", "0", "60/60"),
                rate("OUTBOUND", "86", "*", "0.12", "0", "0", "60/60")));
            fail("duplicate prefix");
        } catch (ValidationException e) {
            assertEquals("duplicate_prefix", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("OUTBOUND 86 * (row 2)"));
        }
        try {
            RateTable.build(List.of(rate("OUTBOUND", "+86", "*", "0.10", "0", "0", "60/60")));
            fail("prefix with +");
        } catch (ValidationException e) {
            assertEquals("rates[0].prefix", e.field());
        }
        try {
            RateTable.build(List.of(rate("OUTBOUND", "86", "*", "-0.10", "0", "0", "60/60")));
            fail("negative price");
        } catch (ValidationException e) {
            assertEquals("rates[0].perMinute", e.field());
        }
        try {
            new TimeBands(List.of(new TimeBands.Band("PEAK", EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(20, 0)),
                new TimeBands.Band("EVENING", EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(19, 0), LocalTime.MIDNIGHT)), "OFF_PEAK", SHANGHAI);
            fail("overlapping bands");
        } catch (ValidationException e) {
            assertEquals("overlapping_bands", e.code());
        }
    }

    @Test
    public void aCallAcrossTheEndOfPeakIsPricedPartlyInEachBand() {
        Rater rater = new Rater(RateTable.build(List.of(rate("OUTBOUND", "86", "PEAK", "0.12", "0.05", "0.10", "60/60"),
            rate("OUTBOUND", "86", "OFF_PEAK", "0.06", "0.05", "0.10", "60/60"))), BANDS);
        // Tuesday 19:58:30 in Shanghai, 185 s of talk: 60/60 bills 240 s. 90 s are peak (to 20:00), 95 s off-peak plus
        // the 55 s the increment adds: 90/60 × 0.12 = 0.18, 150/60 × 0.06 = 0.15, + 0.05 connection = 0.38
        Rater.Rated r = rater.rate("OUTBOUND", "+8613800138000", LocalDateTime.of(2026, 11, 24, 19, 58, 30).atZone(SHANGHAI).toInstant(), 185_000);
        assertEquals(240, r.billableSeconds());
        assertEquals(2, r.pieces().size());
        assertEquals("PEAK", r.pieces().get(0).band());
        assertEquals(90, r.pieces().get(0).seconds());
        assertEquals(new BigDecimal("0.180000"), r.pieces().get(0).amount());
        assertEquals("OFF_PEAK", r.pieces().get(1).band());
        assertEquals(150, r.pieces().get(1).seconds());
        assertEquals(new BigDecimal("0.380000"), r.amount());
        // at the boundary itself: 20:00:00 is off-peak, 19:59:59 peak
        assertEquals("OFF_PEAK", BANDS.bandAt(LocalDateTime.of(2026, 11, 24, 20, 0).atZone(SHANGHAI).toInstant()));
        assertEquals("PEAK", BANDS.bandAt(LocalDateTime.of(2026, 11, 24, 19, 59, 59).atZone(SHANGHAI).toInstant()));
        assertEquals("Saturday is off-peak all day", "OFF_PEAK", BANDS.bandAt(LocalDateTime.of(2026, 11, 28, 10, 0).atZone(SHANGHAI).toInstant()));
        // a 61-second peak call: 120 s × 0.12/min = 0.24 + 0.05
        assertEquals(new BigDecimal("0.290000"), rater.rate("OUTBOUND", "+8613800138000", LocalDateTime.of(2026, 11, 24, 10, 0).atZone(SHANGHAI)
            .toInstant(), 61_000).amount());
        // a call over midnight into Saturday stays off-peak and is one piece
        assertEquals(1, rater.rate("OUTBOUND", "+8613800138000", LocalDateTime.of(2026, 11, 27, 23, 59).atZone(SHANGHAI).toInstant(), 120_000)
            .pieces().size());
    }

    @Test
    public void minimumChargeUnratedAndUnansweredCalls() {
        Rater rater = new Rater(RateTable.build(List.of(rate("OUTBOUND", "86", "*", "0.06", "0", "0.05", "6/6"))), BANDS);
        // 3 s under 6/6: 6 s × 0.06/min = 0.006, below the minimum 0.05
        Rater.Rated r = rater.rate("OUTBOUND", "+8613800138000", LocalDateTime.of(2026, 11, 24, 10, 0).atZone(SHANGHAI).toInstant(), 3_000);
        assertEquals(6, r.billableSeconds());
        assertEquals(new BigDecimal("0.05"), r.minimumApplied());
        assertEquals(new BigDecimal("0.050000"), r.amount());
        Rater.Rated none = rater.rate("OUTBOUND", "+442071838750", LocalDateTime.of(2026, 11, 24, 10, 0).atZone(SHANGHAI).toInstant(), 30_000);
        assertNull("an unrated call has no amount, never zero", none.amount());
        assertTrue(none.unrated(), none.unrated().contains("+442071838750"));
        Rater.Rated unanswered = rater.rate("OUTBOUND", "+442071838750", null, 0);
        assertEquals(BigDecimal.ZERO.setScale(Rater.SCALE), unanswered.amount());
        assertNull(unanswered.unrated());
    }
}
