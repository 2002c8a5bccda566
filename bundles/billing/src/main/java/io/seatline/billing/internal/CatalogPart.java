package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.calc.Increment;
import io.seatline.billing.internal.calc.Rate;
import io.seatline.billing.internal.calc.RateTable;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.RateEntity;
import io.seatline.core.CallContext;
import io.seatline.core.CsvText;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

/** The rate-plan catalog: plans, versions and their rates. One part of {@link BillingServiceImpl}. */
final class CatalogPart extends BillingPart {
    CatalogPart(BillingServiceImpl owner) {
        super(owner);
    }

    public PlanVersion createPlanVersion(PlanVersion spec) {
        CallContext who = staff();
        if (spec == null) {
            throw new ValidationException("body_required", "a plan version is required", null);
        }
        if (spec.plan() == null || !PLAN.matcher(spec.plan()).matches()) {
            throw new ValidationException("invalid_plan", "plan: 1-64 of a-z, 0-9, _ and -", "plan");
        }
        if (spec.validFrom() == null) {
            throw new ValidationException("required", "validFrom is required", "validFrom");
        }
        if (spec.validTo() != null && !spec.validTo().isAfter(spec.validFrom())) {
            throw new ValidationException("invalid_dates", "validTo must be after validFrom", "validTo");
        }
        String currency = currency(spec.currency(), "currency");
        positive(spec.dedicatedSeat(), "dedicatedSeat", true);
        positive(spec.sharedSeat(), "sharedSeat", true);
        positive(spec.sharedAgentHour(), "sharedAgentHour", false);
        positive(spec.recordingGbMonth(), "recordingGbMonth", false);
        List<Band> bands = spec.bands() == null ? List.of() : spec.bands();
        String defaultBand = spec.defaultBand() == null || spec.defaultBand().isBlank() ? "standard" : spec.defaultBand().trim();
        Catalog.timeBands(bands, defaultBand, ZoneId.of("UTC")); // validates days, times and overlaps
        List<RateRow> rows = spec.rates() == null ? List.of() : spec.rates();
        List<Rate> rates = rates(rows, bands, defaultBand);
        PlanVersion created = db(em -> {
            for (PlanVersionEntity v : em.createQuery("select v from PlanVersionEntity v where v.plan = :p", PlanVersionEntity.class)
                .setParameter("p", spec.plan()).getResultList()) {
                boolean overlap = (v.validTo == null || v.validTo.isAfter(spec.validFrom()))
                    && (spec.validTo() == null || spec.validTo().isAfter(v.validFrom));
                if (overlap) {
                    throw new ValidationException("overlapping_versions", "plan " + spec.plan() + " already has version '" + v.name + "' in force "
                        + v.validFrom + " – " + (v.validTo == null ? "open-ended" : v.validTo) + "; end it first or pick other dates", "validFrom");
                }
                if (!v.currency.equals(currency)) {
                    throw new ValidationException("currency_mismatch", "the versions of plan " + spec.plan() + " are in " + v.currency, "currency");
                }
            }
            PlanVersionEntity v = new PlanVersionEntity();
            v.id = UUID.randomUUID().toString();
            v.plan = spec.plan();
            v.name = spec.name() == null || spec.name().isBlank() ? spec.plan() + " " + spec.validFrom() : Rating.clip(spec.name(), 200);
            v.validFrom = spec.validFrom();
            v.validTo = spec.validTo();
            v.currency = currency;
            v.dedicatedSeat = spec.dedicatedSeat();
            v.sharedSeat = spec.sharedSeat();
            v.sharedAgentHour = spec.sharedAgentHour();
            v.recordingGbMonth = spec.recordingGbMonth();
            v.bandsJson = JsonColumns.write(bands);
            v.defaultBand = defaultBand;
            v.rateCount = rates.size();
            v.createdAt = Instant.now();
            v.createdBy = who.principal();
            em.persist(v);
            insertRates(em, v.id, rates);
            return toApi(v, null);
        });
        audited(null, "billing.plan.create", created.plan() + "@" + created.validFrom(), "version=" + created.id() + " rates=" + rates.size());
        return created;
    }

    /** Validates rate rows against the bands and the rate-table rules (duplicates, prices, prefixes). */
    static List<Rate> rates(List<RateRow> rows, List<Band> bands, String defaultBand) {
        Set<String> names = new TreeSet<>();
        bands.forEach(b -> names.add(b.name()));
        names.add(defaultBand);
        List<Rate> rates = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RateRow r = rows.get(i);
            String band = r.band() == null || r.band().isBlank() ? Rate.ANY_BAND : r.band().trim();
            if (!band.equals(Rate.ANY_BAND) && !names.contains(band)) {
                throw new ValidationException("unknown_band", "band '" + band + "' is not one of " + names + " or *", "rates[" + i + "].band");
            }
            if (r.perMinute() == null || r.perMinute().signum() <= 0) {
                throw new ValidationException("invalid_price", "perMinute must be more than zero (a free destination: leave it out of the table "
                    + "and it is reported unrated, or price it at 0.000001)", "rates[" + i + "].perMinute");
            }
            Increment inc;
            try {
                inc = Increment.parse(r.increment() == null || r.increment().isBlank() ? "60/60" : r.increment());
            } catch (RuntimeException e) {
                throw new ValidationException("invalid_increment", "increment is first/next seconds, e.g. 60/60, 6/6 or 60/1", "rates[" + i
                    + "].increment");
            }
            rates.add(new Rate(r.direction() == null ? null : r.direction().trim().toUpperCase(Locale.ROOT), r.prefix() == null ? null
                : r.prefix().trim(), band, r.perMinute(), r.connectionFee(), r.minimumCharge(), inc, Rating.clip(r.description(), 200)));
        }
        RateTable.build(rates); // refuses bad prefixes, negative fees and duplicate prefixes, naming the row
        return rates;
    }

    static void insertRates(EntityManager em, String versionId, List<Rate> rates) {
        int n = 0;
        for (Rate r : rates) {
            RateEntity e = new RateEntity();
            e.id = UUID.randomUUID().toString();
            e.versionId = versionId;
            e.direction = r.direction();
            e.prefix = r.prefix();
            e.band = r.band();
            e.perMinute = r.perMinute();
            e.connectionFee = r.connectionFee() == null ? BigDecimal.ZERO : r.connectionFee();
            e.minimumCharge = r.minimumCharge() == null ? BigDecimal.ZERO : r.minimumCharge();
            e.increment = r.increment().toString();
            e.description = r.description();
            e.rowNo = n;
            em.persist(e);
            if (++n % 500 == 0) {
                em.flush();
                em.clear();
            }
        }
    }

    public List<PlanVersion> planVersions(String plan) {
        staff();
        Jpa.Where w = new Jpa.Where("v").eq("plan", plan == null || plan.isBlank() ? null : plan);
        return db(em -> w.bind(em.createQuery("select v from PlanVersionEntity v" + w.where() + " order by v.plan, v.validFrom",
            PlanVersionEntity.class)).getResultStream().map(v -> toApi(v, null)).toList());
    }

    public PlanVersion planVersion(String id) {
        staff();
        return db(em -> toApi(version(em, id), null));
    }

    static PlanVersionEntity version(EntityManager em, String id) {
        PlanVersionEntity v = id == null ? null : em.find(PlanVersionEntity.class, id);
        if (v == null) {
            throw new NotFoundException("not_found", "plan version '" + id + "' not found");
        }
        return v;
    }

    public Page<RateRow> rates(String versionId, String prefix, int offset, int limit) {
        staff();
        return db(em -> {
            version(em, versionId);
            String where = "where r.versionId = :v" + (prefix == null || prefix.isBlank() ? "" : " and r.prefix like :p");
            var q = em.createQuery("select r from RateEntity r " + where + " order by r.direction, r.prefix, r.band", RateEntity.class)
                .setParameter("v", versionId);
            var c = em.createQuery("select count(r) from RateEntity r " + where, Long.class).setParameter("v", versionId);
            if (!where.endsWith(":v")) {
                q.setParameter("p", prefix.trim() + "%");
                c.setParameter("p", prefix.trim() + "%");
            }
            List<RateRow> items = q.setFirstResult(offset).setMaxResults(limit).getResultStream().map(BillingPart::toApi).toList();
            return new Page<>(items, c.getSingleResult(), offset, limit);
        });
    }

    public PlanVersion replaceRates(String versionId, String csv) {
        staff();
        List<String[]> rows = csvRows(csv);
        int[] at = columns(rows);
        List<RateRow> parsed = new ArrayList<>(rows.size());
        for (int r = 1; r < rows.size(); r++) {
            try {
                parsed.add(row(rows.get(r), at));
            } catch (NumberFormatException e) {
                throw new ValidationException("invalid_number", "row " + (r + 1) + ": a price is not a number", "csv[" + (r + 1) + "]");
            }
        }
        PlanVersion updated = db(em -> {
            PlanVersionEntity v = em.find(PlanVersionEntity.class, versionId, LockModeType.PESSIMISTIC_WRITE);
            if (v == null) {
                throw new NotFoundException("not_found", "plan version '" + versionId + "' not found");
            }
            List<Rate> rates;
            try {
                rates = rates(parsed, Catalog.bands(v.bandsJson), v.defaultBand);
            } catch (ValidationException e) {
                // name the CSV row (header is row 1) instead of the list index
                String field = e.field() == null ? null : e.field().replaceAll("rates\\[(\\d+)\\]", "$1");
                String row = field != null && field.matches("\\d+.*") ? "row " + (Integer.parseInt(field.replaceAll("\\D.*", "")) + 2) + ": " : "";
                throw new ValidationException(e.code(), row + e.getMessage(), "csv");
            }
            Jpa.operatorBulk(em, "delete from RateEntity r where r.versionId = :v").setParameter("v", versionId).executeUpdate();
            insertRates(em, versionId, rates);
            v.rateCount = rates.size();
            return toApi(v, null);
        });
        catalog.forget(versionId);
        audited(null, "billing.rates.replace", updated.plan() + "@" + updated.validFrom(), "rates=" + updated.rateCount());
        return updated;
    }

    /** Every row of a rate CSV checked against the version's bands; nothing written. */
    public io.seatline.billing.BillingCatalogService.RateCheck checkRates(String versionId, String csv) {
        staff();
        List<CsvText.Row> records = csvRecords(csv);
        List<String[]> rows = fields(records);
        int[] at = columns(rows);
        PlanVersionEntity v = db(em -> {
            PlanVersionEntity found = em.find(PlanVersionEntity.class, versionId);
            if (found == null) {
                throw new NotFoundException("not_found", "plan version '" + versionId + "' not found");
            }
            return found;
        });
        List<Band> bands = Catalog.bands(v.bandsJson);
        List<io.seatline.billing.BillingCatalogService.RejectedRow> rejected = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            CsvText.Row record = records.get(r);
            String content = record.raw() == null ? String.join(",", rows.get(r)) : record.raw();
            String reason;
            try {
                Rate rate = rates(List.of(row(rows.get(r), at)), bands, v.defaultBand).get(0);
                reason = seen.add(rate.direction() + "|" + rate.prefix() + "|" + rate.band()) ? null
                    : "the same direction, prefix and band as an earlier row";
            } catch (NumberFormatException e) {
                reason = "a price is not a number";
            } catch (ValidationException e) {
                reason = e.getMessage();
            }
            if (reason != null) {
                // the row's line in the file (a quoted field may span lines), the header being line 1
                rejected.add(new io.seatline.billing.BillingCatalogService.RejectedRow(record.line() > 0 ? record.line() : r + 1, reason, content));
            }
        }
        return new io.seatline.billing.BillingCatalogService.RateCheck(rows.size() - 1, rows.size() - 1 - rejected.size(), rejected);
    }

    private static final String[] RATE_COLUMNS = {"direction", "prefix", "band", "per_minute", "connection_fee", "minimum_charge", "increment", "description"};

    private static List<String[]> csvRows(String csv) {
        return fields(csvRecords(csv));
    }

    /** The CSV's records (with their lines and raw text), parsed once; a CSV without even a header is refused. */
    private static List<CsvText.Row> csvRecords(String csv) {
        List<CsvText.Row> records = CsvText.parse(csv == null ? "" : csv);
        if (records.isEmpty()) {
            throw new ValidationException("empty_csv", "the CSV has no header", "csv");
        }
        return records;
    }

    private static List<String[]> fields(List<CsvText.Row> records) {
        return records.stream().map(r -> r.fields().toArray(new String[0])).toList();
    }

    /** Where each of RATE_COLUMNS is in the header (-1: absent; the first four are required). */
    private static int[] columns(List<String[]> rows) {
        List<String> header = Arrays.stream(rows.get(0)).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int[] at = new int[RATE_COLUMNS.length];
        for (int i = 0; i < RATE_COLUMNS.length; i++) {
            at[i] = header.indexOf(RATE_COLUMNS[i]);
            if (at[i] < 0 && i < 4) {
                throw new ValidationException("missing_column", "the CSV header needs " + String.join(",", RATE_COLUMNS) + " (missing "
                    + RATE_COLUMNS[i] + ")", "csv");
            }
        }
        return at;
    }

    private static RateRow row(String[] row, int[] at) {
        return new RateRow(cell(row, at[0]), cell(row, at[1]), cell(row, at[2]), money(cell(row, at[3])), money(cell(row, at[4])),
            money(cell(row, at[5])), cell(row, at[6]), cell(row, at[7]));
    }

    static String cell(String[] row, int i) {
        return i < 0 || i >= row.length || row[i].isBlank() ? null : row[i].trim();
    }

    static BigDecimal money(String s) {
        return s == null ? null : new BigDecimal(s);
    }
}
