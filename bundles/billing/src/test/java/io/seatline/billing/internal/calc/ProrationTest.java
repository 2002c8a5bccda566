package io.seatline.billing.internal.calc;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.Test;

/** Seat proration by day, amounts computed by hand (November 2026 has 30 days, December 31). */
public class ProrationTest {
    private static final LocalDate NOV = LocalDate.of(2026, 11, 1);
    private static final LocalDate DEC = LocalDate.of(2026, 12, 1);
    private static final BigDecimal P300 = new BigDecimal("300.00");

    private static BigDecimal sum(List<Proration.Line> lines) {
        return lines.stream().map(Proration.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    public void seatAddedOnDayTenAndRemovedOnDayTwenty() {
        // 5 seats billed in advance for November at 300.00; a 6th from 10 November, back to 5 from 20 November
        List<Proration.Line> lines = Proration.settle(NOV, DEC, new Proration.State(NOV, 5, P300, "std"),
            List.of(new Proration.State(LocalDate.of(2026, 11, 10), 6, P300, "std"), new Proration.State(LocalDate.of(2026, 11, 20), 5, P300, "std")), 2);
        assertEquals(2, lines.size());
        Proration.Line add = lines.get(0);
        assertEquals("CHARGE", add.kind());
        assertEquals(1, add.seats());
        assertEquals(21, add.days());                          // 10..30 November
        assertEquals(LocalDate.of(2026, 11, 30), add.to());
        assertEquals(new BigDecimal("210.00"), add.amount());  // 300 × 21/30
        Proration.Line remove = lines.get(1);
        assertEquals("CREDIT", remove.kind());
        assertEquals(11, remove.days());                       // 20..30 November
        assertEquals(new BigDecimal("-110.00"), remove.amount()); // 300 × 11/30
        assertEquals("the seat was used 10..19 November: 300 × 10/30", new BigDecimal("100.00"), sum(lines));
    }

    @Test
    public void planChangeMidMonthCreditsTheOldPriceAndChargesTheNew() {
        List<Proration.Line> lines = Proration.settle(NOV, DEC, new Proration.State(NOV, 5, P300, "std v1"),
            List.of(new Proration.State(LocalDate.of(2026, 11, 16), 5, new BigDecimal("360.00"), "std v2")), 2);
        assertEquals(2, lines.size());
        assertEquals("CREDIT", lines.get(0).kind());
        assertEquals(new BigDecimal("-750.00"), lines.get(0).amount()); // 5 × 300 × 15/30
        assertEquals("std v1", lines.get(0).plan());
        assertEquals("CHARGE", lines.get(1).kind());
        assertEquals(new BigDecimal("900.00"), lines.get(1).amount());  // 5 × 360 × 15/30
        assertEquals(new BigDecimal("150.00"), sum(lines));
    }

    @Test
    public void thirtyOneDayMonthRoundsEachLineHalfUp() {
        List<Proration.Line> lines = Proration.settle(DEC, LocalDate.of(2027, 1, 1), new Proration.State(DEC, 2, P300, "std"),
            List.of(new Proration.State(LocalDate.of(2026, 12, 10), 3, P300, "std")), 2);
        assertEquals(22, lines.get(0).days());
        assertEquals(31, lines.get(0).periodDays());
        assertEquals(new BigDecimal("212.90"), lines.get(0).amount()); // 300 × 22/31 = 212.903…
        // 1.01 × 15/30 = 0.505: half-up gives 0.51 (half-even would give 0.50)
        assertEquals(new BigDecimal("0.51"), Proration.settle(NOV, DEC, new Proration.State(NOV, 0, new BigDecimal("1.01"), "x"),
            List.of(new Proration.State(LocalDate.of(2026, 11, 16), 1, new BigDecimal("1.01"), "x")), 2).get(0).amount());
        // JPY has no minor unit
        assertEquals(new BigDecimal("6097"), Proration.settle(NOV, DEC, null,
            List.of(new Proration.State(LocalDate.of(2026, 11, 10), 1, new BigDecimal("8710"), "jp")), 0).get(0).amount()); // 8710 × 21/30 = 6097
    }

    @Test
    public void aTenantThatStartsRentingMidPeriodPaysFromItsFirstDay() {
        List<Proration.Line> lines = Proration.settle(NOV, DEC, null, List.of(new Proration.State(LocalDate.of(2026, 11, 10), 3, P300, "std")), 2);
        assertEquals(1, lines.size());
        assertEquals(new BigDecimal("630.00"), lines.get(0).amount()); // 3 × 300 × 21/30
        assertEquals(0, Proration.settle(NOV, DEC, new Proration.State(NOV, 5, P300, "std"), List.of(), 2).size());
    }
}
