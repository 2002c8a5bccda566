package io.seatline.dialer.internal.list;

import io.seatline.core.ValidationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether a contact may be dialled now, checked at dial time (not only at import): DNC lists, final outcomes, the
 * attempt limit, the abandon lock-out, the retry delay of the last outcome, a pending callback, and the calling
 * window in the contact's own timezone with the tenant's holidays. A refusal names its reason and, when there is
 * one, the first instant the contact may be dialled.
 */
public final class DialRules {
    /** Outcomes after which the contact is tried again (after the outcome's retry delay). */
    public static final Set<String> RETRYABLE = Set.of("BUSY", "NO_ANSWER", "FAILED", "MACHINE", "CALLBACK", "ABANDONED", "HUNG_UP");

    /**
     * @param windowFrom      local time calls may start (default 08:00)
     * @param windowTo        local time calls must stop (default 21:00)
     * @param days            days of the week the window is open
     * @param holidays        the tenant's holidays (no calls)
     * @param maxAttempts     attempts per contact
     * @param retryDelays     per retryable outcome, the wait before the next attempt
     * @param abandonLockout  no redial after an abandoned call for this long (default 72 h)
     */
    public record Policy(LocalTime windowFrom, LocalTime windowTo, Set<DayOfWeek> days, Set<LocalDate> holidays, int maxAttempts,
                         Map<String, Duration> retryDelays, Duration abandonLockout) {

        public static Policy defaults() {
            return new Policy(LocalTime.of(8, 0), LocalTime.of(21, 0), Set.of(DayOfWeek.values()), Set.of(), 3,
                Map.of("BUSY", Duration.ofMinutes(15), "NO_ANSWER", Duration.ofHours(2), "FAILED", Duration.ofHours(1),
                    "MACHINE", Duration.ofHours(4), "CALLBACK", Duration.ZERO, "ABANDONED", Duration.ofHours(72)),
                Duration.ofHours(72));
        }

        /** Absurd settings are refused with the field named. */
        public Policy {
            if (windowFrom == null || windowTo == null || !windowFrom.isBefore(windowTo)) {
                throw new ValidationException("window_never_opens", "the calling window must start before it ends (e.g. 08:00-21:00)", "window");
            }
            if (days == null || days.isEmpty()) {
                throw new ValidationException("window_never_opens", "the calling window needs at least one day of the week", "window.days");
            }
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new ValidationException("invalid_max_attempts", "maxAttempts must be between 1 and 100", "maxAttempts");
            }
            for (Map.Entry<String, Duration> e : retryDelays.entrySet()) {
                if (e.getValue() == null || e.getValue().isNegative()) {
                    throw new ValidationException("invalid_retry_delay", "a retry delay cannot be negative", "retryDelays." + e.getKey());
                }
            }
            if (abandonLockout == null || abandonLockout.isNegative()) {
                throw new ValidationException("invalid_lockout", "the abandon lock-out cannot be negative", "abandonLockout");
            }
            days = Set.copyOf(days);
            holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
            retryDelays = Map.copyOf(retryDelays);
        }
    }

    /** What is known of a contact: its number and zone, attempts so far, the last outcome and when. */
    public record Contact(String phone, ZoneId zone, int attempts, String lastOutcome, Instant lastAttemptAt, Instant lastAbandonAt,
                          Instant callbackAt) {
    }

    /** Allowed, or the reason and the first instant it may be (null: never). */
    public record Decision(boolean allowed, String reason, Instant notBefore) {
        static final Decision OK = new Decision(true, null, null);

        static Decision never(String reason) {
            return new Decision(false, reason, null);
        }
    }

    private DialRules() {
    }

    public static Decision check(Policy p, Contact c, Instant now, Predicate<String> onDncList) {
        if (onDncList.test(c.phone())) {
            return Decision.never("dnc");
        }
        if (c.lastOutcome() != null && !RETRYABLE.contains(c.lastOutcome())) {
            return Decision.never("final_outcome");
        }
        if (c.attempts() >= p.maxAttempts() && !"CALLBACK".equals(c.lastOutcome())) {
            return Decision.never("max_attempts");
        }
        Instant notBefore = now;
        String reason = null;
        if (c.lastAbandonAt() != null && c.lastAbandonAt().plus(p.abandonLockout()).isAfter(notBefore)) {
            notBefore = c.lastAbandonAt().plus(p.abandonLockout());
            reason = "abandon_lockout";
        }
        if (c.lastOutcome() != null && c.lastAttemptAt() != null) {
            Instant retry = c.lastAttemptAt().plus(p.retryDelays().getOrDefault(c.lastOutcome(), Duration.ZERO));
            if (retry.isAfter(notBefore)) {
                notBefore = retry;
                reason = "retry_delay";
            }
        }
        if (c.callbackAt() != null && c.callbackAt().isAfter(notBefore)) {
            notBefore = c.callbackAt();
            reason = "callback_pending";
        }
        Instant open = nextOpen(p, c.zone(), notBefore);
        if (open == null) {
            return Decision.never("window_never_opens");
        }
        if (open.isAfter(notBefore)) {
            notBefore = open;
            if (reason == null) {
                reason = "outside_window";
            }
        }
        return notBefore.isAfter(now) ? new Decision(false, reason, notBefore) : Decision.OK;
    }

    /** The first instant at or after {@code from} inside the window in {@code zone}; null if none within a year. */
    static Instant nextOpen(Policy p, ZoneId zone, Instant from) {
        ZonedDateTime t = from.atZone(zone);
        for (int day = 0; day <= 366; day++) {
            LocalDate date = t.toLocalDate().plusDays(day);
            if (!p.days().contains(date.getDayOfWeek()) || p.holidays().contains(date)) {
                continue;
            }
            ZonedDateTime start = date.atTime(p.windowFrom()).atZone(zone);
            ZonedDateTime end = date.atTime(p.windowTo()).atZone(zone);
            if (!t.isBefore(end)) {
                continue;
            }
            return t.isAfter(start) ? t.toInstant() : start.toInstant();
        }
        return null;
    }
}
