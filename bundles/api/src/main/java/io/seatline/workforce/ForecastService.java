package io.seatline.workforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Forecasts and staffing of the tenant in context ({@code tenant:T:forecasts:read}; adjustments and imports need
 * {@code forecasts:write}). Times are the tenant's local times (its zone); days are its calendar days.
 */
public interface ForecastService {

    /**
     * Calls and handling time per interval of a queue for {@code days} days from {@code from}, forecast from up to 12
     * whole weeks of its history (weekday and intraday pattern, trend, the company's holidays, adjustments), and the
     * agents each interval needs for the target.
     *
     * @throws io.seatline.core.ValidationException {@code not_enough_history} (field {@code from}) with fewer than 3 whole
     *         weeks of history before {@code from} (the message says how many were found); an unknown queue (field
     *         {@code queue}); days outside 1-42, an interval other than 15/30/60 minutes, a target out of range (its field)
     */
    Forecast forecast(ForecastQuery query);

    /** The queue's adjustments (all queues' when {@code queue} is null), by first day. */
    List<Adjustment> adjustments(String queue);

    /**
     * Adds an adjustment: from–to (inclusive) the queue's forecast calls are multiplied by {@code factor} (1.4: a campaign
     * launch, +40 %; 0.5: the line is closed half the day). Audited.
     */
    Adjustment addAdjustment(Adjustment adjustment);

    /** Removes an adjustment. Audited. */
    void removeAdjustment(String id);

    /**
     * Imports a queue's call history from another system (moving to Seatline with its past): CSV with a header
     * {@code start,calls,aht_seconds} — the interval's local start ({@code 2026-11-02 08:30} or ISO), calls offered, their
     * mean handling time. Good rows are kept, every other is reported with its line and reason; a row for an interval
     * already imported replaces it. Audited.
     */
    HistoryImport importHistory(String queue, int intervalMinutes, byte[] csv);

    /** What to forecast. Null fields take the defaults named. */
    record ForecastQuery(String queue, LocalDate from, Integer days, Integer intervalMinutes, Target target) {
    }

    /**
     * The service target: {@code serviceLevel} of the calls answered within {@code withinSeconds} (default: 0.80 in the
     * queue's own target), at most {@code maxOccupancy} (0.85), {@code shrinkage} of paid time off the phones (0.30);
     * optionally an ASA ceiling and, with the callers' mean {@code patienceSeconds} (Erlang A; null: Erlang C), an
     * abandon ceiling.
     */
    record Target(Double serviceLevel, Integer withinSeconds, Double maxOccupancy, Double shrinkage, Double maxAsaSeconds,
                  Double maxAbandonRate, Double patienceSeconds) {
    }

    /**
     * The forecast: its query with the defaults filled in, the zone, the history it was made from, its accuracy and
     * the intervals and days.
     *
     * @param historyWeeks whole weeks of history used (3-12)
     * @param holidays     the company's holidays within the forecast (their factor learnt from past holidays)
     * @param accuracy     how the same method did on the last whole week of history, forecast from the weeks before it
     *                     (null with fewer than 4 weeks)
     */
    record Forecast(ForecastQuery query, String zone, int historyWeeks, LocalDate historyFrom, LocalDate historyTo, List<LocalDate> holidays,
                    List<Adjustment> adjustments, Accuracy accuracy, List<ForecastInterval> intervals, List<ForecastDay> days) {
    }

    /**
     * One interval: forecast calls and handling time, the agents it needs on the phones and scheduled (shrinkage
     * counted), and what those on the phones achieve.
     */
    record ForecastInterval(LocalDateTime start, Instant startsAt, BigDecimal calls, BigDecimal ahtSeconds, int onPhones, int scheduled,
                            BigDecimal erlangs, BigDecimal serviceLevel, BigDecimal asaSeconds, BigDecimal occupancy, BigDecimal abandonRate) {
    }

    /** A day's sums: calls, handling hours, the agent hours on the phones and scheduled, the busiest interval's agents. */
    record ForecastDay(LocalDate day, BigDecimal calls, BigDecimal ahtSeconds, BigDecimal agentHours, BigDecimal scheduledHours, int peakScheduled,
                       boolean holiday, BigDecimal factor) {
    }

    /**
     * Back-test: the last whole week of history forecast from the weeks before it, against what happened, and the
     * seasonal-naive baseline (each interval as the same interval a week before) on the same week. WAPE = Σ|actual −
     * forecast| ÷ Σ actual over the week's intervals.
     */
    record Accuracy(LocalDate weekFrom, LocalDate weekTo, BigDecimal wape, BigDecimal naiveWape, BigDecimal actualCalls) {
    }

    /** A manual change to a queue's forecast: its calls from–to (inclusive) times {@code factor}. */
    record Adjustment(String id, String queue, LocalDate from, LocalDate to, BigDecimal factor, String reason, String createdBy, Instant createdAt) {
    }

    /** An import: rows read, intervals taken, and every row not taken with its line and reason. */
    record HistoryImport(String queue, int intervalMinutes, int rows, int accepted, List<Rejected> rejected) {
        /** A row not taken. */
        public record Rejected(int line, String reason, String raw) {
        }
    }
}
