package io.seatline.dialer.internal;

import io.seatline.dialer.DialerService.*;
import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.Contact;
import io.seatline.dialer.ContactList;
import io.seatline.dialer.ImportReport;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.dialer.internal.entity.ContactEntity;
import io.seatline.dialer.internal.entity.ContactListEntity;
import io.seatline.dialer.internal.list.ContactCsv;
import io.seatline.persistence.Jpa;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.persistence.EntityManager;

/** Contact lists, their CSV import with a rejected-rows report, recycling, contacts. One part of {@link DialerServiceImpl}. */
final class ListsPart extends DialerPart {
    ListsPart(DialerServiceImpl owner) {
        super(owner);
    }

    public List<ContactList> lists(String campaignId) {
        Permissions.require("lists", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, CampaignEntity.class, campaignId, "campaign");
            return em.createQuery("select l from ContactListEntity l where l.campaignId = :c order by l.createdAt", ContactListEntity.class)
                .setParameter("c", campaignId).getResultList().stream().map(l -> list(em, l)).toList();
        });
    }

    public ContactList list(String listId) {
        Permissions.require("lists", "read");
        return jpa.tenant(em -> list(em, Jpa.get(em, ContactListEntity.class, listId, "list")));
    }

    static ContactList list(EntityManager em, ContactListEntity l) {
        long n = em.createQuery("select count(c) from ContactEntity c where c.listId = :l", Long.class).setParameter("l", l.id).getSingleResult();
        return new ContactList(l.id, l.campaignId, l.name, l.status, n, l.createdAt);
    }

    public ContactList setListStatus(String listId, String status) {
        Permissions.require("lists", "write");
        if (!"ACTIVE".equals(status) && !"PAUSED".equals(status)) {
            throw new ValidationException("invalid_status", "a list is ACTIVE or PAUSED", "status");
        }
        ContactList l = jpa.tenant(em -> {
            ContactListEntity e = Jpa.get(em, ContactListEntity.class, listId, "list");
            e.status = status;
            return list(em, e);
        });
        audit.record("list.status", listId, status);
        return l;
    }

    public ImportReport importCsv(String campaignId, String listName, byte[] csv, Map<String, String> mapping, String source) {
        Permissions.require("lists", "write");
        String tenant = TenantContext.requireTenant();
        if (listName == null || listName.isBlank() || listName.length() > 100) {
            throw new ValidationException("invalid_list_name", "list name: 1-100 characters", "list");
        }
        if (csv == null || csv.length == 0) {
            throw new ValidationException("empty_file", "the file is empty", "file");
        }
        CampaignSpec s = campaignOf(campaignId).spec();
        String listId = jpa.tenant(em -> {
            ContactListEntity l = em.createQuery("select l from ContactListEntity l where l.campaignId = :c and l.name = :n", ContactListEntity.class)
                .setParameter("c", campaignId).setParameter("n", listName).getResultStream().findFirst().orElse(null);
            if (l == null) {
                l = new ContactListEntity();
                l.id = UUID.randomUUID().toString();
                l.campaignId = campaignId;
                l.name = listName;
                l.status = "ACTIVE";
                l.createdAt = now();
                em.persist(l);
            }
            return l.id;
        });
        String id = UUID.randomUUID().toString();
        ImportReport report = new ImportReport(id, listId, source, "RUNNING", null, 0, 0, 0, List.of(), null, now(), null);
        reports.put(id, report);
        audit.record("list.import", listId, listName + " from " + source + " (" + csv.length + " bytes)");
        CallContext ctx = TenantContext.current();
        imports.execute(() -> TenantContext.run(ctx, () -> runImport(tenant, id, campaignId, listId, s, csv, mapping, source)));
        return report;
    }

    public ImportReport importReport(String importId) {
        Permissions.require("lists", "read");
        ImportReport r = reports.get(importId);
        if (r == null || !TenantContext.requireTenant().equals(tenantOfList(r.listId()))) {
            throw new NotFoundException("not_found", "import '" + importId + "' not found");
        }
        return r;
    }

    String tenantOfList(String listId) {
        return jpa.tenant(em -> {
            ContactListEntity l = Jpa.find(em, ContactListEntity.class, listId);
            return l == null ? null : l.getTenantId();
        });
    }

    /** Reads the file, then writes the good rows in batches, publishing progress; every rejected row is reported. */
    void runImport(String tenant, String id, String campaignId, String listId, CampaignSpec s, byte[] csv, Map<String, String> mapping,
                           String source) {
        ImportReport base = reports.get(id);
        try {
            Set<String> known = new HashSet<>(jpa.tenant(em -> em.createQuery("select c.phone from ContactEntity c where c.listId = :l", String.class)
                .setParameter("l", listId).getResultList()));
            int firstLine = jpa.tenant(em -> em.createQuery("select coalesce(max(c.lineNo), 0) from ContactEntity c where c.listId = :l", Integer.class)
                .setParameter("l", listId).getSingleResult());
            ContactCsv.Result parsed = ContactCsv.read(csv, mapping, s.country(), known);
            List<ImportReport.Rejected> rejected = new ArrayList<>();
            parsed.rejected().forEach(r -> rejected.add(new ImportReport.Rejected(r.line(), r.reason(), r.raw())));
            List<ContactCsv.Row> rows = parsed.rows();
            int total = rows.size() + rejected.size();
            int imported = 0;
            int done = rejected.size();
            for (int i = 0; i < rows.size(); i += 500) {
                List<ContactCsv.Row> batch = rows.subList(i, Math.min(rows.size(), i + 500));
                Instant now = now();
                imported += jpa.tenant(em -> {
                    Set<String> dnc = dncOf(em, batch.stream().map(ContactCsv.Row::phone).toList());
                    int n = 0;
                    for (ContactCsv.Row r : batch) {
                        if (dnc.contains(r.phone())) {
                            rejected.add(new ImportReport.Rejected(r.line(), "on the do-not-call list", r.phone()));
                            continue;
                        }
                        Map<String, String> fields = new LinkedHashMap<>(r.fields());
                        String tz = fields.remove("timezone");
                        if (tz != null && !tz.isBlank()) {
                            try {
                                ZoneId.of(tz.strip());
                            } catch (DateTimeException e) {
                                rejected.add(new ImportReport.Rejected(r.line(), "unknown timezone '" + tz + "'", r.phone()));
                                continue;
                            }
                        }
                        ContactEntity c = new ContactEntity();
                        c.id = UUID.randomUUID().toString();
                        c.listId = listId;
                        c.campaignId = campaignId;
                        c.phone = r.phone();
                        c.name = trim(fields.remove("name"), 200);
                        c.fieldsJson = json(fields);
                        if (c.fieldsJson.length() > 4000) {
                            rejected.add(new ImportReport.Rejected(r.line(), "the row's fields exceed 4000 characters", r.phone()));
                            continue;
                        }
                        c.timezone = tz == null || tz.isBlank() ? null : tz.strip();
                        c.status = "NEW";
                        c.nextAt = now;
                        c.lineNo = firstLine + r.line();
                        c.updatedAt = now;
                        em.persist(c);
                        n++;
                    }
                    return n;
                });
                done += batch.size();
                reports.put(id, new ImportReport(id, listId, source, "RUNNING", parsed.encoding(), total, done, imported, List.of(), null,
                    base.startedAt(), null));
                publishImport(tenant, id, listId, done, total);
            }
            rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
            reports.put(id, new ImportReport(id, listId, source, "DONE", parsed.encoding(), total, total, imported, List.copyOf(rejected), null,
                base.startedAt(), now()));
            publishImport(tenant, id, listId, total, total);
            LOG.info("List import {} of {}: {} imported, {} rejected", id, tenant, imported, rejected.size());
        } catch (ContactCsv.BadFileException e) {
            reports.put(id, new ImportReport(id, listId, source, "FAILED", null, 0, 0, 0, List.of(), new ImportReport.Error("bad_file",
                e.getMessage(), e.field()), base.startedAt(), now()));
        } catch (RuntimeException e) {
            LOG.warn("List import {} failed", id, e);
            reports.put(id, new ImportReport(id, listId, source, "FAILED", null, 0, 0, 0, List.of(), new ImportReport.Error("import_failed",
                String.valueOf(e.getMessage()), null), base.startedAt(), now()));
        }
    }


    public int recycle(String listId, List<String> outcomes) {
        Permissions.require("lists", "write");
        if (outcomes == null || outcomes.isEmpty()) {
            throw new ValidationException("outcomes_required", "name the outcomes to recycle, e.g. [\"NO_ANSWER\",\"BUSY\"]", "outcomes");
        }
        Set<String> allowed = Set.of("BUSY", "NO_ANSWER", "FAILED", "MACHINE", "HUNG_UP", "DONE", "ABANDONED");
        for (String o : outcomes) {
            if (!allowed.contains(o)) {
                throw new ValidationException("invalid_outcome", "outcomes that can be recycled: " + allowed, "outcomes");
            }
        }
        int n = jpa.tenant(em -> {
            Jpa.get(em, ContactListEntity.class, listId, "list");
            List<ContactEntity> rows = em.createQuery("select c from ContactEntity c where c.listId = :l and c.lastOutcome in :o and c.status in :s",
                ContactEntity.class).setParameter("l", listId).setParameter("o", outcomes).setParameter("s", List.of("DONE", "RETRY")).getResultList();
            Instant now = now();
            for (ContactEntity c : rows) {
                c.status = "NEW";
                c.attempts = 0;
                c.lastOutcome = null;
                // an abandoned contact keeps its lock-out: last_abandon_at stays
                c.nextAt = now;
                c.updatedAt = now;
            }
            return rows.size();
        });
        audit.record("list.recycle", listId, outcomes + ": " + n);
        return n;
    }

    public List<Contact> contacts(String listId, String status, int offset, int limit) {
        Permissions.require("lists", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, ContactListEntity.class, listId, "list");
            Jpa.Where w = new Jpa.Where("c").eq("listId", listId).eq("status", status);
            return w.bind(em.createQuery("select c from ContactEntity c" + w.where() + " order by c.lineNo", ContactEntity.class))
                .setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(c -> contact(c, List.of())).toList();
        });
    }





}
