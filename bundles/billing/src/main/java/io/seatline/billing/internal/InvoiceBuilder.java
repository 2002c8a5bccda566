package io.seatline.billing.internal;

import io.seatline.billing.InvoiceLine;
import io.seatline.billing.internal.calc.Proration;
import io.seatline.billing.internal.entity.ChargeEntity;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import io.seatline.persistence.JsonColumns;
import io.seatline.tenancy.SeatKind;
import io.seatline.tenancy.SeatRentalChange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import javax.persistence.EntityManager;

/**
 * Computes the invoice of one tenant for one closed period P, from what is stored: seat rental for P+1 in advance, the
 * settlement by the day of P's seat and plan changes (P was billed in advance on the previous invoice; on a tenant's
 * first invoice nothing was, so P is charged from the day rental began), P's rated usage by category and band,
 * recordings stored at the end of P, agent-hours on shared seats, one-off fees dated in P and discounts in force in P.
 * Every line is rounded half-up to the currency's minor unit and taxed per line. Nothing is written: the same stored
 * data gives the same invoice, which is what makes a run repeatable.
 */
final class InvoiceBuilder {
    static final BigDecimal GB = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What billing needs of a tenant. */
    record TenantInfo(String id, String name, ZoneId zone, int dedicated, int shared, List<SeatRentalChange> history) {
    }

    /** A computed invoice: the entity (not persisted) and its lines; {@code problem} set when it cannot be billed. */
    record Draft(InvoiceEntity invoice, List<InvoiceLine> lines, List<String> warnings) {
    }

    /** Why a tenant cannot be billed for the period (a run reports it and goes on with the others). */
    static final class NotBillable extends RuntimeException {
        NotBillable(String message) {
            super(message);
        }
    }

    private record State(int seats, BigDecimal price, String version) {
    }

    /** The invoice of {@code t} for {@code p} from what the run read of it ({@code in}) and the catalog's plan versions. */
    Draft build(TenantInfo t, RunInputs.Of in, List<PlanVersionEntity> versions, Period p, Instant now) {
        ProfileEntity profile = in.profile;
        if (profile == null) {
            throw new NotBillable("tenant " + t.id() + " has no billing profile (currency, tax)");
        }
        List<SubscriptionEntity> subs = in.subscriptions;
        if (subs.isEmpty()) {
            throw new NotBillable("tenant " + t.id() + " has no rate plan");
        }
        String currency = profile.currency;
        int minor = Currency.getInstance(currency).getDefaultFractionDigits();
        List<String> warnings = new ArrayList<>();
        for (PlanVersionEntity v : versions) {
            if (subs.stream().anyMatch(s -> s.plan.equals(v.plan)) && !v.currency.equals(currency)) {
                throw new NotBillable("plan " + v.plan + " (" + v.name + ") is priced in " + v.currency + " but tenant " + t.id() + " is billed in "
                    + currency);
            }
        }
        List<Line> lines = new ArrayList<>();
        boolean advanceBilled = in.advanceBilled;
        for (SeatKind kind : List.of(SeatKind.DEDICATED, SeatKind.SHARED)) {
            seats(t, kind, p, subs, versions, advanceBilled, minor, lines, warnings);
        }
        usage(in, p, minor, lines);
        PlanVersionEntity last = version(subs, versions, p.end().minusDays(1));
        if (last != null) {
            storage(in, p, last, minor, lines);
            agentHours(in, t, p, last, minor, lines);
        }
        charges(in, p, minor, lines);
        BigDecimal rate = profile.taxRate == null ? BigDecimal.ZERO : profile.taxRate;
        List<InvoiceLine> out = new ArrayList<>();
        BigDecimal net = BigDecimal.ZERO.setScale(minor);
        BigDecimal tax = BigDecimal.ZERO.setScale(minor);
        for (Line l : lines) {
            BigDecimal lineTax = l.net.multiply(rate).setScale(minor, RoundingMode.HALF_UP);
            out.add(new InvoiceLine(out.size() + 1, l.section, l.code, l.description, l.from, l.to, l.quantity, l.unit, l.unitPrice, l.net, rate,
                lineTax));
            net = net.add(l.net);
            tax = tax.add(lineTax);
        }
        long unrated = in.unrated;
        if (unrated > 0) {
            warnings.add(unrated + " calls of " + t.id() + " in " + p + " have no rate: not on this invoice until rated");
        }
        InvoiceEntity inv = new InvoiceEntity();
        inv.setTenantId(t.id());
        inv.tenantName = profile.legalName == null || profile.legalName.isBlank() ? t.name() : profile.legalName;
        inv.kind = "INVOICE";
        inv.status = "DRAFT";
        inv.period = p.toString();
        inv.periodFrom = p.start();
        inv.periodTo = p.end().minusDays(1);
        inv.currency = currency;
        inv.net = net;
        inv.tax = tax;
        inv.total = net.add(tax);
        inv.unratedCalls = (int) unrated;
        inv.linesJson = JsonColumns.write(out);
        inv.liveKey = liveKey(t.id(), p);
        inv.createdAt = now;
        return new Draft(inv, out, warnings);
    }

    static String liveKey(String tenant, Period p) {
        return tenant + "|" + p + "|INVOICE";
    }

    /** The tenant's draft or issued invoice of the period, or null. */
    static InvoiceEntity live(EntityManager em, String tenant, Period p) {
        return em.createQuery("select i from InvoiceEntity i where i.liveKey = :k", InvoiceEntity.class)
            .setParameter("k", liveKey(tenant, p)).getResultStream().findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ seats

    private void seats(TenantInfo t, SeatKind kind, Period p, List<SubscriptionEntity> subs, List<PlanVersionEntity> versions, boolean advanceBilled,
                       int minor, List<Line> lines, List<String> warnings) {
        String what = kind == SeatKind.DEDICATED ? "Dedicated seats / 专属坐席" : "Shared seats / 共享坐席";
        State billed = null;
        State before = null;
        List<Proration.State> changes = new ArrayList<>();
        for (LocalDate day = p.start(); day.isBefore(p.end()); day = day.plusDays(1)) {
            State s = state(t, kind, day, subs, versions, warnings);
            if (day.equals(p.start()) && advanceBilled) {
                billed = s;
            } else if (before == null ? s.seats > 0 : !s.equals(before)) {
                changes.add(new Proration.State(day, s.seats, s.price, s.version));
            }
            before = s;
        }
        Proration.State billedState = billed == null ? null : new Proration.State(p.start(), billed.seats, billed.price, billed.version);
        for (Proration.Line l : Proration.settle(p.start(), p.end(), billedState, changes, minor)) {
            boolean credit = "CREDIT".equals(l.kind());
            lines.add(new Line("SEATS", kind.name() + (credit ? "_CREDIT" : "_CHARGE"),
                what + (credit ? ", credit for days not used / 未使用天数退还" : ", prorated / 按天计费") + " · " + l.days() + "/" + l.periodDays() + " days / 天",
                l.from(), l.to(), BigDecimal.valueOf(credit ? -l.seats() : l.seats()), "seat", l.unitPrice(), l.amount()));
        }
        Period next = p.next();
        State ahead = state(t, kind, next.start(), subs, versions, warnings);
        if (ahead.seats > 0 && ahead.price.signum() > 0) {
            BigDecimal net = ahead.price.multiply(BigDecimal.valueOf(ahead.seats)).setScale(minor, RoundingMode.HALF_UP);
            lines.add(new Line("SEATS", kind.name(), what + ", " + next + " in advance / 预付", next.start(), next.end().minusDays(1),
                BigDecimal.valueOf(ahead.seats), "seat", ahead.price, net));
        }
    }

    private static State state(TenantInfo t, SeatKind kind, LocalDate day, List<SubscriptionEntity> subs, List<PlanVersionEntity> versions,
                               List<String> warnings) {
        int seats = seatsOn(t, kind, day);
        PlanVersionEntity v = version(subs, versions, day);
        if (v == null) {
            if (seats > 0) {
                String w = seats + " " + kind.name().toLowerCase() + " seats of " + t.id() + " on " + day + " are under no rate plan: not billed";
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
            return new State(0, BigDecimal.ZERO, null);
        }
        BigDecimal price = kind == SeatKind.DEDICATED ? v.dedicatedSeat : v.sharedSeat;
        return new State(price.signum() > 0 ? seats : 0, price.stripTrailingZeros(), v.id);
    }

    static PlanVersionEntity version(List<SubscriptionEntity> subs, List<PlanVersionEntity> versions, LocalDate day) {
        SubscriptionEntity s = Catalog.subscriptionAt(subs, day);
        return s == null ? null : Catalog.versionAt(versions, s.plan, day);
    }

    /** The seats of a kind rented on {@code day} in the tenant's zone: a change counts from its own day on. */
    static int seatsOn(TenantInfo t, SeatKind kind, LocalDate day) {
        Integer count = null;
        List<SeatRentalChange> history = t.history().stream().filter(c -> c.kind() == kind)
            .sorted(Comparator.comparing(SeatRentalChange::changedAt)).toList();
        for (SeatRentalChange c : history) {
            LocalDate d = c.changedAt().atZone(t.zone()).toLocalDate();
            if (!d.isAfter(day)) {
                count = c.newCount();
            } else {
                if (count == null) {
                    count = c.oldCount();
                }
                break;
            }
        }
        return count != null ? count : kind == SeatKind.DEDICATED ? t.dedicated() : t.shared();
    }

    // ------------------------------------------------------------------ usage

    private static void usage(RunInputs.Of in, Period p, int minor, List<Line> lines) {
        for (RunInputs.UsageRow r : in.usage) {
            String category = r.category();
            String band = r.band();
            long calls = r.calls();
            BigDecimal minutes = BigDecimal.valueOf(r.seconds()).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
            BigDecimal amount = r.amount().setScale(minor, RoundingMode.HALF_UP);
            String what = "VOICE_INBOUND".equals(category) ? "Inbound calls / 呼入通话" : "Outbound calls / 呼出通话";
            lines.add(new Line("USAGE", category + (band == null ? "" : "/" + band), what + (band == null ? "" : " · " + band) + " · " + calls
                + " calls / 通", p.start(), p.end().minusDays(1), minutes, "min", null, amount));
        }
    }

    private static void storage(RunInputs.Of in, Period p, PlanVersionEntity v, int minor, List<Line> lines) {
        if (v.recordingGbMonth == null || v.recordingGbMonth.signum() <= 0) {
            return;
        }
        BigDecimal gb = BigDecimal.valueOf(in.recordingBytes).divide(GB, 3, RoundingMode.HALF_UP);
        if (gb.signum() > 0) {
            lines.add(new Line("USAGE", "RECORDING_STORAGE", "Recording storage at " + p.end().minusDays(1) + " / 录音存储", p.start(),
                p.end().minusDays(1), gb, "GB-month", v.recordingGbMonth, gb.multiply(v.recordingGbMonth).setScale(minor, RoundingMode.HALF_UP)));
        }
    }

    private static void agentHours(RunInputs.Of in, TenantInfo t, Period p, PlanVersionEntity v, int minor, List<Line> lines) {
        if (v.sharedAgentHour == null || v.sharedAgentHour.signum() <= 0) {
            return;
        }
        Instant from = p.start().atStartOfDay(t.zone()).toInstant();
        Instant to = p.end().atStartOfDay(t.zone()).toInstant();
        long seconds = 0;
        for (Instant[] r : in.sharedSessions) {
            Instant s = r[0];
            Instant e = r[1];
            s = s.isBefore(from) ? from : s;
            e = e.isAfter(to) ? to : e;
            seconds += Math.max(0, Duration.between(s, e).toSeconds());
        }
        BigDecimal hours = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
        if (hours.signum() > 0) {
            lines.add(new Line("USAGE", "SHARED_AGENT_HOURS", "Agent-hours on shared seats / 共享坐席工时", p.start(), p.end().minusDays(1), hours,
                "h", v.sharedAgentHour, hours.multiply(v.sharedAgentHour).setScale(minor, RoundingMode.HALF_UP)));
        }
    }

    // ------------------------------------------------------------------ fees and discounts

    private static void charges(RunInputs.Of in, Period p, int minor, List<Line> lines) {
        List<ChargeEntity> charges = in.charges;
        LocalDate last = p.end().minusDays(1);
        for (ChargeEntity c : charges) {
            if ("FEE".equals(c.kind) && !c.validFrom.isBefore(p.start()) && c.validFrom.isBefore(p.end())) {
                lines.add(new Line("FEES", "FEE", c.description, c.validFrom, c.validFrom, BigDecimal.ONE, "each", c.amount,
                    c.amount.setScale(minor, RoundingMode.HALF_UP)));
            }
        }
        BigDecimal base = lines.stream().filter(l -> l.section.equals("SEATS") || l.section.equals("USAGE")).map(l -> l.net)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal left = base;
        for (ChargeEntity c : charges) {
            if (!"DISCOUNT".equals(c.kind) || c.validFrom.isAfter(last) || (c.validTo != null && c.validTo.isBefore(p.start()))) {
                continue;
            }
            BigDecimal off = c.percent != null ? base.multiply(c.percent).divide(HUNDRED, minor, RoundingMode.HALF_UP)
                : c.amount.setScale(minor, RoundingMode.HALF_UP);
            off = off.min(left.max(BigDecimal.ZERO)); // a discount never turns the invoice into a credit
            left = left.subtract(off);
            lines.add(new Line("DISCOUNTS", "DISCOUNT", c.description + (c.percent != null ? " (" + c.percent.stripTrailingZeros().toPlainString()
                + " %)" : ""), c.validFrom.isBefore(p.start()) ? p.start() : c.validFrom, c.validTo == null || c.validTo.isAfter(last) ? last
                : c.validTo, BigDecimal.ONE, "each", off.negate(), off.negate()));
        }
    }

    private record Line(String section, String code, String description, LocalDate from, LocalDate to, BigDecimal quantity, String unit,
                        BigDecimal unitPrice, BigDecimal net) {
        Line {
            Objects.requireNonNull(net, "net");
        }
    }
}
