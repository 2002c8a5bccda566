package io.seatline.billing.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.billing.*;
import io.seatline.billing.BillingEvents;
import io.seatline.billing.internal.entity.ChargeEntity;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PaymentEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.billing.internal.entity.SeqEntity;
import io.seatline.billing.internal.entity.UnratedEntity;
import io.seatline.billing.internal.pdf.InvoiceDoc;
import io.seatline.billing.internal.pdf.InvoicePdf;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.CsvText;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.tenancy.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import org.osgi.service.event.Event;

/** Invoices and credit notes: drafts, issue with gapless numbers, documents and PDF. One part of {@link BillingServiceImpl}. */
final class InvoicesPart extends BillingPart {
    InvoicesPart(BillingServiceImpl owner) {
        super(owner);
    }

    /** The fields the invoice list sorts by. */
    private static final Map<String, String> INVOICE_SORT = io.seatline.core.Sort.columns("period", "i.period", "tenant", "i.tenantId", "number",
        "i.number", "issued", "i.issuedOn", "due", "i.dueOn", "total", "i.total", "status", "i.status");

    public Page<Invoice> invoices(String tenant, String period, String status, io.seatline.core.Sort sort, int offset, int limit) {
        if (tenant == null) {
            staff();
        } else {
            reader(tenant);
        }
        String order = io.seatline.core.Sort.orderBy(sort, INVOICE_SORT, "i.period desc, i.tenantId, i.kind, i.createdAt, i.id", "i.id");
        String p = period == null || period.isBlank() ? null : Period.parse(period).toString();
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        return db(em -> {
            Jpa.Where w = new Jpa.Where("i").eq("tenantId", tenant).eq("period", p).eq("status", s);
            List<InvoiceEntity> rows = w.bind(em.createQuery("select i from InvoiceEntity i" + w.where()
                + order, InvoiceEntity.class)).setFirstResult(offset).setMaxResults(limit)
                .getResultList();
            long total = w.bind(em.createQuery("select count(i) from InvoiceEntity i" + w.where(), Long.class)).getSingleResult();
            return new Page<>(withMoney(em, rows), total, offset, limit);
        });
    }

    /** Invoices with their credited and paid amounts. */
    static List<Invoice> withMoney(EntityManager em, List<InvoiceEntity> rows) {
        List<String> ids = rows.stream().map(i -> i.id).toList();
        Map<String, BigDecimal> credited = new HashMap<>();
        Map<String, BigDecimal> paid = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Object[] r : em.createQuery("select c.refersTo, sum(c.total) from InvoiceEntity c where c.refersTo in :ids and c.status = 'ISSUED' "
                + "group by c.refersTo", Object[].class).setParameter("ids", ids).getResultList()) {
                credited.put((String) r[0], (BigDecimal) r[1]);
            }
            for (Object[] r : em.createQuery("select p.invoiceId, sum(p.amount) from PaymentEntity p where p.invoiceId in :ids group by p.invoiceId",
                Object[].class).setParameter("ids", ids).getResultList()) {
                paid.put((String) r[0], (BigDecimal) r[1]);
            }
        }
        Map<String, String> numbers = new HashMap<>();
        List<String> refs = rows.stream().map(i -> i.refersTo).filter(java.util.Objects::nonNull).distinct().toList();
        if (!refs.isEmpty()) {
            em.createQuery("select i.id, i.number from InvoiceEntity i where i.id in :ids", Object[].class).setParameter("ids", refs).getResultList()
                .forEach(r -> numbers.put((String) r[0], (String) r[1]));
        }
        return rows.stream().map(i -> toApi(i, credited, paid, numbers.get(i.refersTo))).toList();
    }

    /** The invoice if {@code caller} may read it (checked in the caller's context, not billing's own). */
    static InvoiceEntity readable(EntityManager em, String id, CallContext caller) {
        InvoiceEntity i = id == null ? null : em.find(InvoiceEntity.class, id);
        if (i == null) {
            throw new NotFoundException("not_found", "invoice '" + id + "' not found");
        }
        if (!TenantContext.call(caller, BillingPart::isStaff)) {
            try {
                TenantContext.run(caller, () -> reader(i.getTenantId()));
            } catch (ForbiddenException e) {
                throw new NotFoundException("not_found", "invoice '" + id + "' not found"); // another tenant's: not even its existence
            }
        }
        return i;
    }

    public Invoice invoice(String id) {
        CallContext caller = TenantContext.current();
        return db(em -> withMoney(em, List.of(readable(em, id, caller))).get(0));
    }

    public Invoice issue(String id, boolean force) {
        CallContext who = staff();
        Invoice issued = db(em -> {
            InvoiceEntity i = em.find(InvoiceEntity.class, id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE);
            if (i == null) {
                throw new NotFoundException("not_found", "invoice '" + id + "' not found");
            }
            if (!"DRAFT".equals(i.status)) {
                throw new ConflictException("not_draft", "invoice " + (i.number != null ? i.number : i.id) + " is " + i.status + ": only a draft is issued");
            }
            Tenant t = tenant(i.getTenantId());
            ZoneId zone = zone(t);
            if (i.kind.equals("INVOICE") && !force) {
                if (!Period.parse(i.period).closed(zone, clock().instant())) {
                    throw new ConflictException("period_open", "period " + i.period + " of " + t.id() + " is not over: issue it after it ends, or force");
                }
                long unrated = em.createQuery("select count(u) from UnratedEntity u where u.tenantId = :t and u.period = :p", Long.class)
                    .setParameter("t", i.getTenantId()).setParameter("p", i.period).getSingleResult();
                if (unrated > 0) {
                    throw new ConflictException("unrated_calls", unrated + " calls of " + t.id() + " in " + i.period + " have no rate: add the rates, "
                        + "rerate and run again (discard this draft), or force to issue without them");
                }
            }
            if (i.kind.equals("CREDIT_NOTE")) {
                InvoiceEntity ref = em.find(InvoiceEntity.class, i.refersTo, LockModeType.PESSIMISTIC_WRITE);
                BigDecimal left = ref.total.subtract(credited(em, ref.id));
                if (i.total.compareTo(left) > 0) {
                    throw new ConflictException("credit_exceeds", "the credit note (" + i.total.toPlainString() + ") is more than what is left of "
                        + ref.number + " (" + left.toPlainString() + ")");
                }
            }
            SeqEntity seq = em.find(SeqEntity.class, i.kind.equals("INVOICE") ? "INV" : "CN", LockModeType.PESSIMISTIC_WRITE);
            i.number = (i.kind.equals("INVOICE") ? cfg().invoice_prefix() : cfg().credit_prefix()) + String.format("%06d", seq.next);
            seq.next++;
            i.status = "ISSUED";
            i.issuedOn = LocalDate.now(clock().withZone(zone));
            ProfileEntity profile = em.find(ProfileEntity.class, i.getTenantId());
            i.dueOn = i.issuedOn.plusDays(profile == null ? 30 : profile.paymentTermsDays);
            i.issuedAt = Instant.now();
            i.issuedBy = who.principal();
            i.docJson = JsonColumns.write(document(em, i, profile));
            if (i.kind.equals("INVOICE")) {
                Period p = Period.parse(i.period);
                Jpa.inTenant(em, i.getTenantId(), () -> Jpa.bulk(em, "update ChargeEntity c set c.invoiceId = :i where c.kind = 'FEE' "
                    + "and c.validFrom >= :a and c.validFrom < :b").setParameter("i", i.id).setParameter("a", p.start())
                    .setParameter("b", p.end()).executeUpdate());
            }
            em.flush();
            return withMoney(em, List.of(i)).get(0);
        });
        audited(issued.tenantId(), issued.kind().equals("INVOICE") ? "invoice.issue" : "creditnote.issue", issued.number(),
            "id=" + issued.id() + " total=" + issued.total().toPlainString() + " " + issued.currency() + (force ? " forced" : ""));
        eventAdmin.postEvent(new Event(BillingEvents.ISSUED, SeatlineEvents.properties(BillingEvents.ISSUED, issued.tenantId(), who.principal(),
            Instant.now(), Map.of("invoice.id", issued.id(), "invoice.number", issued.number(), "invoice.kind", issued.kind()))));
        return issued;
    }

    static BigDecimal credited(EntityManager em, String invoiceId) {
        BigDecimal c = em.createQuery("select sum(c.total) from InvoiceEntity c where c.refersTo = :i and c.status = 'ISSUED'", BigDecimal.class)
            .setParameter("i", invoiceId).getSingleResult();
        return c == null ? BigDecimal.ZERO : c;
    }

    public Invoice discard(String id, String reason) {
        staff();
        Invoice d = db(em -> {
            InvoiceEntity i = em.find(InvoiceEntity.class, id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE);
            if (i == null) {
                throw new NotFoundException("not_found", "invoice '" + id + "' not found");
            }
            if (!"DRAFT".equals(i.status)) {
                throw new ConflictException("not_draft", "invoice " + (i.number != null ? i.number : i.id) + " is " + i.status
                    + ": an issued invoice is corrected by a credit note, never discarded");
            }
            i.status = "DISCARDED";
            i.liveKey = null;
            i.reason = Rating.clip(blank(reason), 500);
            return withMoney(em, List.of(i)).get(0);
        });
        audited(d.tenantId(), "invoice.discard", d.id(), d.period() + (reason == null ? "" : " " + reason));
        return d;
    }

    public Invoice creditNote(String invoiceId, CreditSpec spec) {
        CallContext who = staff();
        if (spec == null || spec.reason() == null || spec.reason().isBlank()) {
            throw new ValidationException("required", "a credit note needs a reason (printed on it)", "reason");
        }
        Invoice cn = db(em -> {
            InvoiceEntity ref = em.find(InvoiceEntity.class, invoiceId == null ? "" : invoiceId);
            if (ref == null) {
                throw new NotFoundException("not_found", "invoice '" + invoiceId + "' not found");
            }
            if (!"ISSUED".equals(ref.status) || !"INVOICE".equals(ref.kind)) {
                throw new ConflictException("not_issued", "a credit note refers to an issued invoice");
            }
            int minor = Currency.getInstance(ref.currency).getDefaultFractionDigits();
            BigDecimal pending = em.createQuery("select sum(c.total) from InvoiceEntity c where c.refersTo = :i and c.status <> 'DISCARDED'",
                BigDecimal.class).setParameter("i", ref.id).getSingleResult();
            BigDecimal left = ref.total.subtract(pending == null ? BigDecimal.ZERO : pending);
            List<InvoiceLine> refLines = lines(ref);
            List<InvoiceLine> lines = new ArrayList<>();
            if (spec.whole()) {
                if (pending != null && pending.signum() != 0) {
                    throw new ConflictException("already_credited", "part of " + ref.number + " is credited already: credit the rest line by line");
                }
                lines.addAll(refLines.stream().map(l -> new InvoiceLine(l.no(), l.section(), l.code(), l.description(), l.from(), l.to(), l.quantity(),
                    l.unit(), l.unitPrice(), l.net(), l.taxRate(), l.tax())).toList());
            } else {
                if (spec.lines() == null || spec.lines().isEmpty()) {
                    throw new ValidationException("required", "lines to credit, or full: true", "lines");
                }
                BigDecimal rate = refLines.isEmpty() ? BigDecimal.ZERO : refLines.get(0).taxRate();
                for (int k = 0; k < spec.lines().size(); k++) {
                    CreditLine l = spec.lines().get(k);
                    if (l.description() == null || l.description().isBlank()) {
                        throw new ValidationException("required", "each line needs a description", "lines[" + k + "].description");
                    }
                    if (l.net() == null || l.net().signum() <= 0 || l.net().scale() > minor) {
                        throw new ValidationException("invalid_amount", "net: more than zero, at most " + minor + " decimals (" + ref.currency + ")",
                            "lines[" + k + "].net");
                    }
                    lines.add(new InvoiceLine(k + 1, "CREDIT", "CREDIT", Rating.clip(l.description(), 200), ref.periodFrom, ref.periodTo, BigDecimal.ONE, "each",
                        l.net(), l.net().setScale(minor), rate, l.net().multiply(rate).setScale(minor, RoundingMode.HALF_UP)));
                }
            }
            BigDecimal net = lines.stream().map(InvoiceLine::net).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(minor);
            BigDecimal tax = lines.stream().map(InvoiceLine::tax).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(minor);
            if (net.add(tax).compareTo(left) > 0) {
                throw new ValidationException("credit_exceeds", "the credit (" + net.add(tax).toPlainString() + " with tax) is more than what is left of "
                    + ref.number + " (" + left.toPlainString() + ")", "lines");
            }
            InvoiceEntity c = new InvoiceEntity();
            c.id = UUID.randomUUID().toString();
            c.setTenantId(ref.getTenantId());
            c.tenantName = ref.tenantName;
            c.kind = "CREDIT_NOTE";
            c.status = "DRAFT";
            c.period = ref.period;
            c.periodFrom = ref.periodFrom;
            c.periodTo = ref.periodTo;
            c.currency = ref.currency;
            c.net = net;
            c.tax = tax;
            c.total = net.add(tax);
            c.refersTo = ref.id;
            c.reason = Rating.clip(spec.reason().trim(), 500);
            c.linesJson = JsonColumns.write(lines);
            c.createdAt = Instant.now();
            c.issuedBy = null;
            em.persist(c);
            em.flush();
            return withMoney(em, List.of(c)).get(0);
        });
        audited(cn.tenantId(), "creditnote.create", cn.refersToNumber(), "id=" + cn.id() + " total=" + cn.total().toPlainString() + " by "
            + who.principal());
        return cn;
    }

    static List<InvoiceLine> lines(InvoiceEntity i) {
        return JsonColumns.read(i.linesJson, new TypeReference<List<InvoiceLine>>() { });
    }

    /** The document as printed; frozen into the invoice when it is issued, so a later change of names or addresses never alters it. */
    InvoiceDoc document(EntityManager em, InvoiceEntity i, ProfileEntity profile) {
        if (i.docJson != null) {
            return JsonColumns.read(i.docJson, InvoiceDoc.class);
        }
        List<InvoiceLine> lines = lines(i);
        String refNumber = i.refersTo == null ? null : em.find(InvoiceEntity.class, i.refersTo).number;
        Map<BigDecimal, BigDecimal[]> taxes = new LinkedHashMap<>();
        List<InvoiceDoc.Line> docLines = new ArrayList<>();
        for (InvoiceLine l : lines) {
            String detail = (l.quantity() == null ? "" : l.quantity().stripTrailingZeros().toPlainString() + " " + l.unit())
                + (l.unitPrice() == null ? "" : " × " + l.unitPrice().stripTrailingZeros().toPlainString())
                + (l.from() == null ? "" : ", " + l.from() + (l.to() == null || l.to().equals(l.from()) ? "" : " – " + l.to()));
            docLines.add(new InvoiceDoc.Line(l.section(), l.description(), detail, l.net(), l.taxRate(), l.tax()));
            BigDecimal[] t = taxes.computeIfAbsent(l.taxRate(), r -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            t[0] = t[0].add(l.net());
            t[1] = t[1].add(l.tax());
        }
        String taxName = profile == null || profile.taxName == null ? "VAT" : profile.taxName;
        List<InvoiceDoc.Tax> taxLines = taxes.entrySet().stream().map(e -> new InvoiceDoc.Tax(taxName, e.getKey(), e.getValue()[0], e.getValue()[1]))
            .toList();
        return new InvoiceDoc(i.kind, i.number, i.issuedOn, i.periodFrom, i.periodTo, i.dueOn, i.currency,
            new InvoiceDoc.Party(cfg().operator_name(), blank(cfg().operator_address()), blank(cfg().operator_tax_id())),
            new InvoiceDoc.Party(i.tenantName, profile == null ? null : profile.address, profile == null ? null : profile.taxId), docLines, taxLines,
            i.net, i.tax, i.total, refNumber == null ? null : refNumber + (i.reason == null ? "" : " — " + i.reason));
    }

    public byte[] pdf(String invoiceId) {
        CallContext caller = TenantContext.current();
        InvoiceDoc doc = db(em -> {
            InvoiceEntity i = readable(em, invoiceId, caller);
            return document(em, i, em.find(ProfileEntity.class, i.getTenantId()));
        });
        return new InvoicePdf(cfg().pdf_font()).render(doc);
    }

    public String export(String period, String tenant, String format) {
        if (tenant == null) {
            staff();
        } else {
            reader(tenant);
        }
        Period p = Period.parse(period);
        String f = format == null ? "csv" : format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("json")) {
            throw new ValidationException("invalid_format", "format is csv or json", "format");
        }
        Jpa.Where w = new Jpa.Where("i").eq("tenantId", tenant).eq("period", p.toString()).and("i.status <> 'DISCARDED'");
        List<InvoiceEntity> rows = db(em -> w.bind(em.createQuery("select i from InvoiceEntity i" + w.where()
            + " order by i.tenantId, i.kind, i.createdAt", InvoiceEntity.class)).getResultList());
        if (f.equals("json")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (InvoiceEntity i : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("invoiceId", i.id);
                m.put("number", i.number);
                m.put("tenantId", i.getTenantId());
                m.put("tenantName", i.tenantName);
                m.put("kind", i.kind);
                m.put("status", i.status);
                m.put("period", i.period);
                m.put("currency", i.currency);
                m.put("net", i.net);
                m.put("tax", i.tax);
                m.put("total", i.total);
                m.put("lines", lines(i));
                out.add(m);
            }
            return JsonColumns.write(out);
        }
        StringBuilder csv = new StringBuilder(CsvText.line(List.of("invoice_id", "number", "tenant_id", "tenant_name", "kind", "status", "period",
            "currency", "line", "section", "code", "description", "from", "to", "quantity", "unit", "unit_price", "net", "tax_rate", "tax")));
        for (InvoiceEntity i : rows) {
            for (InvoiceLine l : lines(i)) {
                csv.append(CsvText.line(Arrays.asList(i.id, i.number, i.getTenantId(), i.tenantName, i.kind, i.status, i.period, i.currency,
                    Integer.toString(l.no()), l.section(), l.code(), l.description(), l.from() == null ? "" : l.from().toString(),
                    l.to() == null ? "" : l.to().toString(), plain(l.quantity()), l.unit(), plain(l.unitPrice()), plain(l.net()), plain(l.taxRate()),
                    plain(l.tax()))));
            }
        }
        return csv.toString();
    }

    static String plain(BigDecimal b) {
        return b == null ? "" : b.toPlainString();
    }
}
