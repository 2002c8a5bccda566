package io.seatline.dialer.internal;

import io.seatline.core.ValidationException;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.internal.list.DialRules;
import io.seatline.core.PhoneNumbers;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Campaign settings: defaults filled in, absurd values refused with the field named, and the dial-time policy. */
final class Specs {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Set<String> MODES = Set.of("PREVIEW", "PROGRESSIVE", "PREDICTIVE");
    static final Set<String> WINDOWS = Set.of("ROLLING_30_DAYS", "DAY");
    static final Map<String, Integer> DEFAULT_RETRY = Map.of("BUSY", 15, "NO_ANSWER", 120, "FAILED", 60, "MACHINE", 240, "CALLBACK", 0);

    private Specs() {}

    /** {@code s} with every default resolved; the tenant's zone and phone country are the defaults of both. */
    static CampaignSpec resolve(CampaignSpec s, String tenantZone, String tenantCountry) {
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        if (s.name() == null || !NAME.matcher(s.name()).matches()) {
            throw new ValidationException("invalid_name", "name: 1-64 of a-z 0-9 _ - starting with a letter or digit", "name");
        }
        String mode = s.mode() == null ? "PREDICTIVE" : s.mode().toUpperCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new ValidationException("invalid_mode", "mode is PREVIEW, PROGRESSIVE or PREDICTIVE", "mode");
        }
        if (s.queue() == null || s.queue().isBlank()) {
            throw new ValidationException("queue_required", "a campaign needs the queue its answered calls go to", "queue");
        }
        String zone = s.timezone() == null ? (tenantZone == null ? "UTC" : tenantZone) : s.timezone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ValidationException("invalid_timezone", "unknown timezone " + zone, "timezone");
        }
        String country = s.country() == null ? tenantCountry : s.country().toUpperCase(Locale.ROOT);
        if (!PhoneNumbers.supported(country)) {
            throw new ValidationException("invalid_country", "unsupported country " + country, "country");
        }
        String from = time(s.windowFrom(), "08:00", "windowFrom");
        String to = time(s.windowTo(), "21:00", "windowTo");
        List<String> days = s.days() == null ? List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN") : s.days();
        int maxAttempts = s.maxAttempts() == null ? 3 : s.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new ValidationException("invalid_max_attempts", "maxAttempts must be between 1 and 100", "maxAttempts");
        }
        Map<String, Integer> retry = new LinkedHashMap<>(DEFAULT_RETRY);
        if (s.retryMinutes() != null) {
            for (Map.Entry<String, Integer> e : s.retryMinutes().entrySet()) {
                String k = e.getKey() == null ? "" : e.getKey().toUpperCase(Locale.ROOT);
                if (!DEFAULT_RETRY.containsKey(k)) {
                    throw new ValidationException("invalid_retry_outcome", "retry outcomes are " + DEFAULT_RETRY.keySet(), "retryMinutes." + e.getKey());
                }
                if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 60 * 24 * 90) {
                    throw new ValidationException("invalid_retry_delay", "a retry delay is 0 to 129600 minutes", "retryMinutes." + e.getKey());
                }
                retry.put(k, e.getValue());
            }
        }
        int ring = s.ringTimeoutSeconds() == null ? 25 : s.ringTimeoutSeconds();
        if (ring < 5 || ring > 120) {
            throw new ValidationException("invalid_ring_timeout", "ringTimeoutSeconds must be between 5 and 120 (at least 15 is advised)", "ringTimeoutSeconds");
        }
        BigDecimal target = s.abandonTargetPercent() == null ? new BigDecimal("3.0") : s.abandonTargetPercent();
        if (target.signum() < 0 || target.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new ValidationException("invalid_abandon_target", "abandonTargetPercent must be between 0 and 100", "abandonTargetPercent");
        }
        String window = s.abandonWindow() == null ? "ROLLING_30_DAYS" : s.abandonWindow().toUpperCase(Locale.ROOT);
        if (!WINDOWS.contains(window)) {
            throw new ValidationException("invalid_abandon_window", "abandonWindow is ROLLING_30_DAYS or DAY", "abandonWindow");
        }
        int lockout = s.abandonLockoutHours() == null ? 72 : s.abandonLockoutHours();
        if (lockout < 0 || lockout > 24 * 365) {
            throw new ValidationException("invalid_lockout", "abandonLockoutHours must be between 0 and 8760", "abandonLockoutHours");
        }
        int connect = s.connectSeconds() == null ? 2 : s.connectSeconds();
        if (connect < 1 || connect > 60) {
            throw new ValidationException("invalid_connect_seconds", "connectSeconds must be between 1 and 60", "connectSeconds");
        }
        List<String> agents = s.agentUserIds() == null ? List.of() : List.copyOf(s.agentUserIds());
        List<String> teams = s.teamIds() == null ? List.of() : List.copyOf(s.teamIds());
        if (s.displayName() != null && s.displayName().length() > 200) {
            throw new ValidationException("invalid_display_name", "displayName: at most 200 characters", "displayName");
        }
        CampaignSpec r = new CampaignSpec(s.name(), s.displayName() == null ? s.name() : s.displayName(), mode, s.queue(), agents, teams,
            s.callerId(), zone, country, from, to, days.stream().map(d -> d.toUpperCase(Locale.ROOT)).toList(), maxAttempts, retry, ring,
            target, window, lockout, connect, s.safeHarbourPrompt(), s.pacing());
        policy(r, Set.of()); // refuses a window that never opens
        return r;
    }

    /** The dial-time rules of a resolved campaign with the tenant's holidays. */
    static DialRules.Policy policy(CampaignSpec s, Set<LocalDate> holidays) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : s.days()) {
            days.add(day(d));
        }
        Map<String, Duration> delays = new LinkedHashMap<>();
        s.retryMinutes().forEach((k, v) -> delays.put(k, Duration.ofMinutes(v)));
        delays.put("ABANDONED", Duration.ofHours(s.abandonLockoutHours()));
        delays.put("HUNG_UP", delays.get("NO_ANSWER"));
        return new DialRules.Policy(LocalTime.parse(s.windowFrom()), LocalTime.parse(s.windowTo()), days, holidays, s.maxAttempts(), delays,
            Duration.ofHours(s.abandonLockoutHours()));
    }

    private static DayOfWeek day(String d) {
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().startsWith(d)) {
                return w;
            }
        }
        throw new ValidationException("invalid_day", "days are MON..SUN", "days");
    }

    private static String time(String v, String dflt, String field) {
        String t = v == null ? dflt : v;
        try {
            return LocalTime.parse(t).toString();
        } catch (DateTimeParseException e) {
            throw new ValidationException("invalid_time", field + " must be HH:mm", field);
        }
    }
}
