package io.seatline.billing.internal.calc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices one call: the billable seconds follow the increment of the rate that applies when the call is answered; the
 * talk time is cut at time-band changes and each part priced at its band's rate (the seconds the increment adds are
 * priced in the last part's band); the connection fee is added once and the minimum charge applied to the total.
 * Amounts keep 6 decimals here: rounding to the currency happens once per invoice line.
 */
public final class Rater {
    public static final int SCALE = 6;
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    /** One part of a rated call: seconds in a band at the rate of a prefix. */
    public record Piece(String band, String prefix, long seconds, BigDecimal perMinute, BigDecimal amount) {
    }

    /**
     * A rated call. {@code unrated} names why it could not be priced (no rate for the number), in which case the amount
     * is null: such a call is reported, never charged zero.
     */
    public record Rated(long billableSeconds, String increment, List<Piece> pieces, BigDecimal connectionFee, BigDecimal minimumApplied,
                        BigDecimal amount, String unrated) {
    }

    private final RateTable rates;
    private final TimeBands bands;

    public Rater(RateTable rates, TimeBands bands) {
        this.rates = rates;
        this.bands = bands;
    }

    /**
     * @param direction INBOUND (priced by {@code number} = the DID called) or OUTBOUND (the number dialled)
     * @param answeredAt when talk began; null or no talk time: nothing to charge (amount 0, not unrated)
     */
    public Rated rate(String direction, String number, Instant answeredAt, long talkMs) {
        if (answeredAt == null || talkMs <= 0) {
            return new Rated(0, null, List.of(), BigDecimal.ZERO, null, BigDecimal.ZERO.setScale(SCALE), null);
        }
        String firstBand = bands.bandAt(answeredAt);
        Rate first = rates.match(direction, number, firstBand);
        if (first == null) {
            return new Rated(0, null, List.of(), BigDecimal.ZERO, null, null, "no " + direction + " rate for " + number + " in band " + firstBand);
        }
        long billable = first.increment().billableSeconds(talkMs);
        long talked = (talkMs + 999) / 1000;
        List<TimeBands.Part> parts = new ArrayList<>(bands.split(answeredAt, talked));
        TimeBands.Part last = parts.remove(parts.size() - 1);
        parts.add(new TimeBands.Part(last.band(), last.seconds() + billable - talked));
        List<Piece> pieces = new ArrayList<>();
        BigDecimal total = first.connectionFee();
        for (TimeBands.Part p : parts) {
            Rate r = p.band().equals(firstBand) ? first : rates.match(direction, number, p.band());
            if (r == null) {
                return new Rated(billable, first.increment().toString(), List.of(), BigDecimal.ZERO, null, null,
                    "no " + direction + " rate for " + number + " in band " + p.band());
            }
            BigDecimal amount = r.perMinute().multiply(BigDecimal.valueOf(p.seconds())).divide(SIXTY, SCALE, RoundingMode.HALF_UP);
            pieces.add(new Piece(p.band(), r.prefix(), p.seconds(), r.perMinute(), amount));
            total = total.add(amount);
        }
        BigDecimal minimum = null;
        if (total.compareTo(first.minimumCharge()) < 0) {
            minimum = first.minimumCharge();
            total = minimum;
        }
        return new Rated(billable, first.increment().toString(), List.copyOf(pieces), first.connectionFee(), minimum, total.setScale(SCALE,
            RoundingMode.HALF_UP), null);
    }
}
