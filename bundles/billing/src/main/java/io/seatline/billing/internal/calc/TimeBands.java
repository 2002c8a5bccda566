package io.seatline.billing.internal.calc;

import io.seatline.core.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Time bands of a plan (e.g. PEAK Monday-Friday 08:00-20:00) in the tenant's zone; any moment no band covers belongs
 * to the default band (e.g. OFF_PEAK). A call is split at band boundaries and each part priced in its band.
 */
public final class TimeBands {

    /** {@code from} inclusive, {@code to} exclusive; 00:00 as {@code to} means midnight at the end of the day. */
    public record Band(String name, Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    }

    /** Seconds of a call spent in one band. */
    public record Part(String band, long seconds) {
    }

    private final List<Band> bands;
    private final String defaultBand;
    private final ZoneId zone;

    public TimeBands(List<Band> bands, String defaultBand, ZoneId zone) {
        for (int i = 0; i < bands.size(); i++) {
            Band b = bands.get(i);
            if (b.name() == null || b.name().isBlank() || b.name().equals(Rate.ANY_BAND) || b.name().equals(defaultBand)) {
                throw new ValidationException("invalid_band", "a band has a name other than * and the default band", "bands[" + i + "].name");
            }
            if (b.days() == null || b.days().isEmpty() || b.from() == null || b.to() == null
                || (!b.to().equals(LocalTime.MIDNIGHT) && !b.to().isAfter(b.from()))) {
                throw new ValidationException("invalid_band", "a band has days and from < to (to 00:00: until midnight)", "bands[" + i + "]");
            }
            for (int j = 0; j < i; j++) {
                if (overlap(bands.get(j), b)) {
                    throw new ValidationException("overlapping_bands", "bands " + bands.get(j).name() + " and " + b.name() + " overlap",
                        "bands[" + i + "]");
                }
            }
        }
        this.bands = List.copyOf(bands);
        this.defaultBand = defaultBand;
        this.zone = zone;
    }

    private static boolean overlap(Band a, Band b) {
        if (a.days().stream().noneMatch(b.days()::contains)) {
            return false;
        }
        return a.from().isBefore(end(b)) && b.from().isBefore(end(a));
    }

    /** The end of a band as a time of day; midnight as LocalTime.MAX. */
    private static LocalTime end(Band b) {
        return b.to().equals(LocalTime.MIDNIGHT) ? LocalTime.MAX : b.to();
    }

    public String bandAt(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        LocalTime time = z.toLocalTime();
        for (Band b : bands) {
            if (b.days().contains(z.getDayOfWeek()) && !time.isBefore(b.from()) && time.isBefore(end(b))) {
                return b.name();
            }
        }
        return defaultBand;
    }

    /** The next moment after {@code t} at which the band may change (a band's start or end, or midnight). */
    private Instant nextBoundary(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        Instant best = day.plusDays(1).atStartOfDay(zone).toInstant();
        for (Band b : bands) {
            for (LocalTime edge : new LocalTime[] {b.from(), b.to()}) {
                Instant at = ZonedDateTime.of(day, edge, zone).toInstant();
                if (at.isAfter(t) && at.isBefore(best)) {
                    best = at;
                }
            }
        }
        return best;
    }

    /** {@code seconds} from {@code start} cut at band changes, in time order; consecutive parts of one band joined. */
    public List<Part> split(Instant start, long seconds) {
        List<Part> parts = new ArrayList<>();
        Instant t = start;
        Instant end = start.plusSeconds(seconds);
        while (t.isBefore(end)) {
            Instant b = nextBoundary(t);
            Instant stop = b.isBefore(end) ? b : end;
            long s = stop.getEpochSecond() - t.getEpochSecond();
            String band = bandAt(t);
            if (!parts.isEmpty() && parts.get(parts.size() - 1).band().equals(band)) {
                Part last = parts.remove(parts.size() - 1);
                parts.add(new Part(band, last.seconds() + s));
            } else if (s > 0) {
                parts.add(new Part(band, s));
            }
            t = stop;
        }
        return parts;
    }

    public String defaultBand() {
        return defaultBand;
    }
}
