package io.seatline.dialer.internal;

import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.Permissions;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.Callback;
import io.seatline.dialer.Contact;
import io.seatline.dialer.DialerEvents;
import io.seatline.dialer.Disposition;
import io.seatline.dialer.DispositionRequest;
import io.seatline.dialer.WrapUp;
import io.seatline.dialer.WrapUpRequest;
import io.seatline.dialer.internal.entity.CallbackEntity;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.CallOutcome;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wrap-up of any call (its outcome on the CDR and in the customer's history) and the callbacks promised in the
 * wrap-up of calls outside campaigns. One part of {@link DialerServiceImpl}; a campaign call's outcome is the
 * {@link DispositionsPart}'s.
 */
final class CallbacksPart extends DialerPart {
    /** a record id: a UUID or the like */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,36}");
    private final DispositionsPart dispositions;

    CallbacksPart(DialerServiceImpl owner, DispositionsPart dispositions) {
        super(owner);
        this.dispositions = dispositions;
    }

    public WrapUp wrapUp(WrapUpRequest r) {
        Permissions.require("campaigns", "self");
        if (r == null || r.callId() == null || r.callId().isBlank()) {
            throw new ValidationException("call_required", "callId: the call wrapped up", "callId");
        }
        Disposition d = dispositions.validCode(r.code(), r.note(), r.callbackAt(), "customer");
        boolean callback = "CALLBACK".equals(d.action());
        boolean campaign = jpa.tenant(em -> em.createQuery("select count(a) from AttemptEntity a where a.callId = :c", Long.class)
            .setParameter("c", r.callId()).getSingleResult() > 0);
        if (campaign) {
            // everything the contact's side would refuse is refused before the CDR changes; then telephony refuses an
            // agent who did not talk on the call before the contact changes
            DispositionRequest dr = new DispositionRequest(r.callId(), null, r.code(), r.note(), r.callbackAt(), r.callbackSameAgent());
            dispositions.check(dr, d);
            calls().fileOutcome(r.callId(), d.code(), r.note());
            Contact c = dispositions.dispose(dr);
            return new WrapUp(r.callId(), d.code(), d.label(), d.action(), r.note(), c, null);
        }
        if (r.customerId() != null && !r.customerId().isBlank() && !ID.matcher(r.customerId()).matches()) {
            throw new ValidationException("invalid_customer", "customerId must be a customer's id", "customerId");
        }
        ZoneId zone = null;
        Instant due = null;
        Instant now = now();
        if (callback) {
            zone = zoneOf(r.callbackZone());
            due = r.callbackAt().atZone(zone).toInstant();
            if (due.isBefore(now.minusSeconds(60))) {
                throw new ValidationException("callback_in_past", "callbackAt is in the past in the customer's time zone (" + zone + ")", "callbackAt");
            }
            if (due.isAfter(now.plus(java.time.Duration.ofDays(366)))) {
                throw new ValidationException("callback_too_far", "callbackAt is more than a year ahead", "callbackAt");
            }
        }
        CallOutcome o = calls().fileOutcome(r.callId(), d.code(), r.note());
        CallContext caller = TenantContext.current();
        Callback made = null;
        if (callback) {
            ZoneId z = zone;
            Instant at = due;
            made = jpa.tenant(em -> {
                // the same agent filing the same call's wrap-up again moves its callback instead of promising a second
                CallbackEntity e = em.createQuery("select c from CallbackEntity c where c.callId = :call and c.createdBy = :by and c.doneAt is null",
                    CallbackEntity.class).setParameter("call", o.callId()).setParameter("by", caller.principal()).setMaxResults(1)
                    .getResultStream().findFirst().orElse(null);
                if (e == null) {
                    e = new CallbackEntity();
                    e.id = UUID.randomUUID().toString();
                    e.setTenantId(TenantContext.requireTenant());
                    e.callId = o.callId();
                    e.createdBy = caller.principal();
                    e.createdAt = now;
                }
                e.phone = o.customerNumber();
                e.customerId = blankToNull(r.customerId());
                e.code = d.code();
                e.note = blankToNull(r.note());
                e.dueAt = at;
                e.zone = z.getId();
                e.agentUserId = Boolean.TRUE.equals(r.callbackSameAgent()) ? caller.userId() : null;
                if (!em.contains(e)) {
                    em.persist(e);
                }
                return view(e);
            });
        }
        audit.record("call.wrap_up", r.callId(), d.code() + (made == null ? "" : " callback " + made.dueAt()));
        // the CRM files it in the customer's history
        Map<String, Object> p = new HashMap<>();
        p.put("call.id", o.callId());
        if (o.customerNumber() != null) {
            p.put("phone", o.customerNumber());
        }
        if (blankToNull(r.customerId()) != null) {
            p.put("customer.id", r.customerId());
        }
        p.put("code", d.code());
        p.put("label", d.label());
        p.put("by", caller.principal());
        if (blankToNull(r.note()) != null) {
            p.put("note", r.note().strip());
        }
        if (made != null) {
            p.put("callback.at", made.dueAt().toString());
            p.put("callback.zone", made.zone());
        }
        publish(TenantContext.requireTenant(), DialerEvents.ATTEMPT + "DISPOSED", p);
        return new WrapUp(o.callId(), d.code(), d.label(), d.action(), blankToNull(r.note()), null, made);
    }

    private ZoneId zoneOf(String asked) {
        if (asked != null && !asked.isBlank()) {
            try {
                return ZoneId.of(asked);
            } catch (DateTimeException e) {
                throw new ValidationException("invalid_zone", "callbackZone must be a time zone such as Asia/Shanghai", "callbackZone");
            }
        }
        String z = tenant() == null ? null : tenant().timezone();
        try {
            return z == null ? java.time.ZoneOffset.UTC : ZoneId.of(z);
        } catch (DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    public List<Callback> callbacks(String agentUserId, boolean open) {
        Permissions.require("campaigns", "self");
        CallContext caller = TenantContext.current();
        boolean supervisor = supervisor(caller);
        if (!supervisor && agentUserId != null && !agentUserId.equals(caller.userId())) {
            throw new ForbiddenException("forbidden", "an agent sees its own callbacks and those for any agent");
        }
        String mine = supervisor ? null : caller.userId();
        String only = supervisor ? agentUserId : null;
        return jpa.tenant(em -> {
            StringBuilder q = new StringBuilder("select c from CallbackEntity c where 1 = 1");
            if (open) {
                q.append(" and c.doneAt is null");
            }
            if (!supervisor) {
                q.append(mine == null ? " and c.agentUserId is null" : " and (c.agentUserId is null or c.agentUserId = :mine)");
            } else if (only != null) {
                q.append(" and c.agentUserId = :only");
            }
            javax.persistence.TypedQuery<CallbackEntity> query = em.createQuery(q + " order by c.dueAt, c.id", CallbackEntity.class);
            if (!supervisor && mine != null) {
                query.setParameter("mine", mine);
            }
            if (supervisor && only != null) {
                query.setParameter("only", only);
            }
            return query.setMaxResults(500).getResultList().stream().map(CallbacksPart::view).toList();
        });
    }

    public Callback callbackDone(String id) {
        Permissions.require("campaigns", "self");
        CallContext caller = TenantContext.current();
        Callback done = jpa.tenant(em -> {
            CallbackEntity e = Jpa.get(em, CallbackEntity.class, id, "callback");
            em.refresh(e, javax.persistence.LockModeType.PESSIMISTIC_WRITE); // two agents closing it at once: one wins
            if (!supervisor(caller) && e.agentUserId != null && !e.agentUserId.equals(caller.userId())) {
                throw new ForbiddenException("not_your_callback", "this callback is for another agent");
            }
            if (e.doneAt != null) {
                throw new ConflictException("callback_done", "the callback was already done by " + e.doneBy, null);
            }
            e.doneAt = now();
            e.doneBy = caller.principal();
            return view(e);
        });
        audit.record("call.callback_done", id, done.callId());
        return done;
    }

    private static boolean supervisor(CallContext caller) {
        return caller.operator() || caller.isPermitted(Roles.perm(caller.tenantId(), "campaigns", "control"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static Callback view(CallbackEntity e) {
        return new Callback(e.id, e.callId, e.phone, e.customerId, e.code, e.note, e.dueAt, e.zone, e.agentUserId, e.createdBy, e.createdAt,
            e.doneAt, e.doneBy);
    }
}
