package io.seatline.telephony.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.PhoneNumbers;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.BlacklistService;
import io.seatline.telephony.BlockedNumber;
import io.seatline.telephony.internal.entity.BlockedEntity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The inbound blacklists, kept in the database and, for the call path, in memory: one map per tenant and one for
 * the operator (key ""), E.164 → entry.
 */
@Component(service = BlacklistService.class, immediate = true)
public class BlacklistComponent implements BlacklistService {
    private static final CallContext SYSTEM = CallContext.operator("telephony");
    private static final String OPERATOR = "";

    @Reference(target = "(osgi.unit.name=seatline-telephony)")
    private EntityManagerFactory emf;
    @Reference
    private io.seatline.tenancy.TenantDirectory tenants;
    @Reference
    private AuditService audit;

    private Jpa jpa;
    private final Map<String, Map<String, BlockedNumber>> lists = new ConcurrentHashMap<>();

    @Activate
    void activate() {
        jpa = new Jpa(emf);
        TenantContext.run(SYSTEM, () -> jpa.operator(em -> {
            em.createQuery("select b from BlockedEntity b", BlockedEntity.class).getResultList()
                .forEach(b -> cache(b.getTenantId()).put(b.phone, entry(b)));
            return null;
        }));
    }

    private Map<String, BlockedNumber> cache(String tenant) {
        return lists.computeIfAbsent(tenant == null ? OPERATOR : tenant, t -> new ConcurrentHashMap<>());
    }

    @Override
    public List<BlockedNumber> list() {
        Permissions.require("blacklist", "read");
        String t = TenantContext.requireTenant();
        return sorted(cache(t));
    }

    @Override
    public BlockedNumber block(String phone, String action, String prompt, String note) {
        Permissions.require("blacklist", "write");
        String t = TenantContext.requireTenant();
        BlockedNumber b = save(t, number(phone, country(t)), action, prompt, note);
        audit.record("blacklist.add", b.phone(), b.action() + (note == null ? "" : " " + note));
        return b;
    }

    @Override
    public void unblock(String phone) {
        Permissions.require("blacklist", "write");
        String t = TenantContext.requireTenant();
        String e164 = number(phone, country(t));
        remove(t, e164);
        audit.record("blacklist.remove", e164, null);
    }

    @Override
    public List<BlockedNumber> operatorList() {
        requireOperatorOnly();
        return sorted(cache(null));
    }

    @Override
    public BlockedNumber blockForAll(String phone, String action, String prompt, String note) {
        requireOperatorOnly();
        BlockedNumber b = save(null, number(phone, "CN"), action, prompt, note);
        audit.record("blacklist.operator.add", b.phone(), b.action() + (note == null ? "" : " " + note));
        return b;
    }

    @Override
    public void unblockForAll(String phone) {
        requireOperatorOnly();
        String e164 = number(phone, "CN");
        remove(null, e164);
        audit.record("blacklist.operator.remove", e164, null);
    }

    @Override
    public BlockedNumber match(String tenantId, String caller) {
        Map<String, BlockedNumber> own = lists.get(tenantId);
        Map<String, BlockedNumber> all = lists.get(OPERATOR);
        if ((own == null || own.isEmpty()) && (all == null || all.isEmpty()) || caller == null) {
            return null;
        }
        PhoneNumbers.Result r = PhoneNumbers.normalise(caller, tenants.tenant(tenantId).phoneCountry());
        if (!r.ok()) {
            return null; // anonymous or not a number: nothing to match
        }
        BlockedNumber b = own == null ? null : own.get(r.e164());
        return b != null ? b : all == null ? null : all.get(r.e164());
    }

    // ------------------------------------------------------------------ helpers

    private BlockedNumber save(String tenant, String e164, String action, String prompt, String note) {
        String a = action == null || action.isBlank() ? "REJECT" : action.strip().toUpperCase(java.util.Locale.ROOT);
        if (!a.equals("REJECT") && !a.equals("MESSAGE")) {
            throw new ValidationException("invalid_action", "action is REJECT (SIP 603) or MESSAGE (play a prompt, then release)", "action");
        }
        String p = "MESSAGE".equals(a) ? (prompt == null || prompt.isBlank() ? "blocked" : prompt.strip()) : null;
        // (the REST layer checks that a tenant's prompt exists: a reference to the media service here would close a
        // reference cycle with telephony, which needs this component)
        if (note != null && note.length() > 500) {
            throw new ValidationException("invalid_note", "note: at most 500 characters", "note");
        }
        String by = TenantContext.current().principal();
        BlockedNumber saved = tenant == null ? jpa.operator(em -> write(em, null, e164, a, p, note, by))
            : jpa.tenant(em -> write(em, tenant, e164, a, p, note, by));
        cache(tenant).put(e164, saved);
        return saved;
    }

    private static BlockedNumber write(EntityManager em, String tenant, String e164, String action, String prompt, String note, String by) {
        BlockedEntity b = (tenant == null
            ? em.createQuery("select b from BlockedEntity b where b.phone = :p and b.tenantId is null", BlockedEntity.class)
            : em.createQuery("select b from BlockedEntity b where b.phone = :p and b.tenantId = :t", BlockedEntity.class).setParameter("t", tenant))
            .setParameter("p", e164).getResultStream().findFirst().orElse(null);
        boolean created = b == null;
        if (created) {
            b = new BlockedEntity();
            b.id = UUID.randomUUID().toString();
            b.phone = e164;
        }
        b.action = action;
        b.prompt = prompt;
        b.note = note;
        b.addedBy = by;
        b.addedAt = Instant.now();
        if (created) {
            em.persist(b);
        }
        return entry(b);
    }

    private void remove(String tenant, String e164) {
        int n = tenant == null
            ? jpa.operator(em -> Jpa.operatorBulk(em, "delete from BlockedEntity b where b.phone = :p and b.tenantId is null").setParameter("p", e164)
                .executeUpdate())
            : jpa.tenant(em -> Jpa.bulk(em, "delete from BlockedEntity b where b.phone = :p").setParameter("p", e164).executeUpdate());
        if (n == 0) {
            throw new NotFoundException("not_found", e164 + " is not on the " + (tenant == null ? "operator's" : "tenant's") + " blacklist");
        }
        cache(tenant).remove(e164);
    }

    private static BlockedNumber entry(BlockedEntity b) {
        return new BlockedNumber(b.phone, b.getTenantId() == null ? "OPERATOR" : "TENANT", b.action, b.prompt, b.note, b.addedBy, b.addedAt);
    }

    private static List<BlockedNumber> sorted(Map<String, BlockedNumber> m) {
        return m.values().stream().sorted(Comparator.comparing(BlockedNumber::addedAt).reversed()).toList();
    }

    private String country(String tenant) {
        return tenants.tenant(tenant).phoneCountry();
    }

    private static String number(String phone, String country) {
        PhoneNumbers.Result r = PhoneNumbers.normalise(phone, country);
        if (!r.ok()) {
            throw new ValidationException("invalid_number", r.error(), "phone");
        }
        return r.e164();
    }

    private static void requireOperatorOnly() {
        CallContext c = TenantContext.requireOperator();
        if (c.tenantId() != null) {
            throw new ForbiddenException("operator_only", "the operator's blacklist is not managed inside a tenant");
        }
    }
}
