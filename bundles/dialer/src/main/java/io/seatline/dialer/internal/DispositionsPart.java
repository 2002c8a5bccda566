package io.seatline.dialer.internal;

import io.seatline.dialer.DialerService.*;
import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.Contact;
import io.seatline.dialer.DialerEvents;
import io.seatline.dialer.Disposition;
import io.seatline.dialer.DispositionRequest;
import io.seatline.dialer.internal.entity.AttemptEntity;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.dialer.internal.entity.ContactEntity;
import io.seatline.dialer.internal.entity.DispositionEntity;
import io.seatline.dialer.internal.list.DialRules;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.TransferTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Dispositions and their effect on contacts (callbacks, retries, DNC), and agents' preview dialling. One part of {@link DialerServiceImpl}. */
final class DispositionsPart extends DialerPart {
    DispositionsPart(DialerServiceImpl owner) {
        super(owner);
    }

    public List<Disposition> dispositions() {
        Permissions.require("campaigns", "self");
        return jpa.tenant(em -> {
            List<DispositionEntity> rows = em.createQuery("select d from DispositionEntity d order by d.position", DispositionEntity.class)
                .getResultList();
            if (rows.isEmpty()) {
                return DEFAULT_DISPOSITIONS;
            }
            return rows.stream().map(d -> new Disposition(d.code, d.label, d.action)).toList();
        });
    }

    public List<Disposition> saveDispositions(List<Disposition> codes) {
        Permissions.require("campaigns", "write");
        if (codes == null || codes.isEmpty()) {
            throw new ValidationException("dispositions_required", "at least one disposition code is required", "codes");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            Disposition d = codes.get(i);
            if (d == null || d.code() == null || !Specs.NAME.matcher(d.code()).matches()) {
                throw new ValidationException("invalid_code", "code: 1-64 of a-z 0-9 _ -", "codes[" + i + "].code");
            }
            if (!seen.add(d.code())) {
                throw new ValidationException("duplicate_code", "code '" + d.code() + "' appears twice", "codes[" + i + "].code");
            }
            if (d.label() == null || d.label().isBlank() || d.label().length() > 200) {
                throw new ValidationException("invalid_label", "label: 1-200 characters", "codes[" + i + "].label");
            }
            if (d.action() == null || !ACTIONS.contains(d.action())) {
                throw new ValidationException("invalid_action", "action is one of " + ACTIONS, "codes[" + i + "].action");
            }
        }
        List<Disposition> out = jpa.tenant(em -> {
            Jpa.bulk(em, "delete from DispositionEntity d").executeUpdate();
            em.flush();
            int pos = 0;
            for (Disposition d : codes) {
                DispositionEntity e = new DispositionEntity();
                e.id = UUID.randomUUID().toString();
                e.code = d.code();
                e.label = d.label();
                e.action = d.action();
                e.position = pos++;
                em.persist(e);
            }
            return List.copyOf(codes);
        });
        audit.record("dialer.dispositions", null, seen.toString());
        return out;
    }

    /**
     * What {@link #dispose} would refuse, refused now without writing anything: the call's attempt, who may set it,
     * the callback's time in the contact's zone. For a wrap-up that writes elsewhere first (the CDR).
     */
    void check(DispositionRequest r, Disposition d) {
        CallContext caller = TenantContext.current();
        Instant now = now();
        jpa.tenant(em -> {
            AttemptEntity a = attemptOf(em, r.callId());
            requireOwnCall(caller, a);
            ContactEntity c = Jpa.get(em, ContactEntity.class, a.contactId, "contact");
            CampaignEntity ce = Jpa.get(em, CampaignEntity.class, a.campaignId, "campaign");
            if ("CALLBACK".equals(d.action())) {
                callbackInstant(c, spec(ce), r.callbackAt(), now);
            }
            return null;
        });
    }

    /**
     * The disposition a wrap-up or a disposition names, with the checks both make before anything changes: a known
     * code, a note of at most 1000 characters, a callback time when the code asks for a callback.
     */
    Disposition validCode(String code, String note, java.time.LocalDateTime callbackAt, String whose) {
        Disposition d = dispositions().stream().filter(x -> x.code().equals(code)).findFirst()
            .orElseThrow(() -> new ValidationException("unknown_disposition", "unknown disposition code '" + code + "'", "code"));
        if (note != null && note.length() > 1000) {
            throw new ValidationException("invalid_note", "note: at most 1000 characters", "note");
        }
        if ("CALLBACK".equals(d.action()) && callbackAt == null) {
            throw new ValidationException("callback_time_required", "a callback needs callbackAt (local time of the " + whose + ")", "callbackAt");
        }
        return d;
    }

    /** The campaign attempt of a call, or 404. */
    static AttemptEntity attemptOf(javax.persistence.EntityManager em, String callId) {
        return em.createQuery("select a from AttemptEntity a where a.callId = :c", AttemptEntity.class).setParameter("c", callId)
            .getResultStream().findFirst().orElseThrow(() -> new NotFoundException("not_found", "no campaign call '" + callId + "'"));
    }

    /** Only the agent who took the call, or a supervisor ({@code campaigns:control}), disposes of it. */
    static void requireOwnCall(CallContext caller, AttemptEntity a) {
        boolean supervisor = caller.operator() || caller.isPermitted(io.seatline.core.Roles.perm(caller.tenantId(), "campaigns", "control"));
        if (!supervisor && caller.userId() != null && a.agentUserId != null && !caller.userId().equals(a.agentUserId)) {
            throw new ForbiddenException("not_your_call", "only the agent who took the call (or a supervisor) sets its disposition");
        }
    }

    /** When a contact's callback is due: its local time in the contact's zone; not in the past. */
    Instant callbackInstant(ContactEntity c, CampaignSpec s, java.time.LocalDateTime callbackAt, Instant now) {
        ZoneId zone = rulesView(c, s).zone();
        Instant at = callbackAt.atZone(zone).toInstant();
        if (at.isBefore(now.minusSeconds(60))) {
            throw new ValidationException("callback_in_past", "callbackAt is in the past in the contact's timezone (" + zone + ")", "callbackAt");
        }
        return at;
    }

    public Contact dispose(DispositionRequest r) {
        Permissions.require("campaigns", "self");
        if (r == null || (r.callId() == null && r.contactId() == null)) {
            throw new ValidationException("call_required", "name the call (callId) or the contact (contactId)", "callId");
        }
        Disposition d = validCode(r.code(), r.note(), r.callbackAt(), "contact");
        CallContext caller = TenantContext.current();
        Instant now = now();
        String[] done = jpa.tenant(em -> {
            AttemptEntity a;
            if (r.callId() != null) {
                a = attemptOf(em, r.callId());
            } else {
                Jpa.get(em, ContactEntity.class, r.contactId(), "contact");
                a = em.createQuery("select a from AttemptEntity a where a.contactId = :c order by a.startedAt desc", AttemptEntity.class)
                    .setParameter("c", r.contactId()).setMaxResults(1).getResultStream().findFirst()
                    .orElseThrow(() -> new ConflictException("never_dialled", "the contact was never dialled", "contactId"));
            }
            requireOwnCall(caller, a);
            ContactEntity c = Jpa.get(em, ContactEntity.class, a.contactId, "contact");
            CampaignEntity ce = Jpa.get(em, CampaignEntity.class, a.campaignId, "campaign");
            CampaignSpec s = spec(ce);
            a.disposition = d.code();
            a.note = r.note();
            c.lastDisposition = d.code();
            String outcome = switch (d.action()) {
                case "CALLBACK" -> "CALLBACK";
                case "MACHINE" -> "MACHINE";
                case "RETRY" -> "NO_ANSWER";
                case "DNC" -> "DNC";
                default -> "DONE";
            };
            a.outcome = outcome;
            if ("CALLBACK".equals(outcome)) {
                c.callbackAt = callbackInstant(c, s, r.callbackAt(), now);
                c.callbackAgent = Boolean.TRUE.equals(r.callbackSameAgent()) ? (a.agentUserId != null ? a.agentUserId : caller.userId()) : null;
            }
            if ("DNC".equals(outcome)) {
                addDnc(em, c.phone, "disposition " + d.code(), caller.principal(), TenantContext.requireTenant());
            }
            settle(em, s, Specs.policy(s, holidays()), c, outcome, now);
            return new String[] {c.id, c.phone, a.callId, a.campaignId};
        });
        audit.record("dialer.disposition", done[0], d.code());
        // the CRM files it in the customer's history
        Map<String, Object> p = new HashMap<>();
        p.put("contact.id", done[0]);
        p.put("phone", done[1]);
        p.put("campaign.id", done[3]);
        if (done[2] != null) {
            p.put("call.id", done[2]);
        }
        p.put("code", d.code());
        p.put("label", d.label());
        p.put("by", caller.principal());
        if (r.note() != null) {
            p.put("note", r.note());
        }
        publish(TenantContext.requireTenant(), DialerEvents.ATTEMPT + "DISPOSED", p);
        return contactOf(done[0]);
    }

    public List<Campaign> myCampaigns() {
        Permissions.require("campaigns", "self");
        String me = TenantContext.current().userId();
        if (me == null) {
            throw new ValidationException("user_required", "only a tenant user works campaigns (sign in as the agent)", null);
        }
        String tenant = TenantContext.requireTenant();
        return running.values().stream()
            .filter(r -> tenant.equals(r.tenantId) && (r.agents.isEmpty() || r.agents.contains(me)))
            .map(r -> campaignOf(r.id)).sorted(java.util.Comparator.comparing((Campaign c) -> c.spec().name())).toList();
    }

    public Contact previewNext(String campaignId, String agentUserId) {
        Permissions.requireSelfOr(agentUserId, "campaigns", "control"); // an agent previews for itself; a supervisor for anyone
        CampaignRun run = running.get(campaignId);
        Campaign c = campaignOf(campaignId);
        if (!"PREVIEW".equals(c.spec().mode())) {
            throw new ConflictException("not_preview", "the campaign is " + c.spec().mode() + ", not PREVIEW", "mode");
        }
        if (run == null) {
            throw new ConflictException("campaign_not_running", "the campaign is " + c.status(), "status");
        }
        if (!run.agents.isEmpty() && !run.agents.contains(agentUserId) && Duration.between(run.agentsResolvedAt, now()).toSeconds() < 30) {
            throw new ForbiddenException("not_in_campaign", "the agent does not work this campaign");
        }
        Instant now = now();
        String id = jpa.tenant(em -> {
            ContactEntity held = em.createQuery("select c from ContactEntity c where c.campaignId = :c and c.status = 'PREVIEW' and c.reservedBy = :a",
                ContactEntity.class).setParameter("c", campaignId).setParameter("a", agentUserId).setMaxResults(1).getResultStream().findFirst().orElse(null);
            if (held != null) {
                return held.id;
            }
            List<Pick> p = pick(em, run, 1, now, agentUserId);
            return p.isEmpty() ? null : p.get(0).contact.id;
        });
        return id == null ? null : contactOf(id);
    }

    public String previewDial(String campaignId, String contactId, String agentUserId) {
        Permissions.requireSelfOr(agentUserId, "campaigns", "control"); // an agent previews for itself; a supervisor for anyone
        CampaignRun run = running.get(campaignId);
        if (run == null) {
            throw new ConflictException("campaign_not_running", "the campaign is not running", "status");
        }
        Instant now = now();
        Pick p = jpa.tenant(em -> {
            ContactEntity c = Jpa.get(em, ContactEntity.class, contactId, "contact");
            if (!"PREVIEW".equals(c.status) || !agentUserId.equals(c.reservedBy) || !campaignId.equals(c.campaignId)) {
                throw new ConflictException("not_reserved", "the contact is not reserved for this agent", "contactId");
            }
            DialRules.Decision d = DialRules.check(run.policy, rulesView(c, run.spec), now, dncOf(em, List.of(c.phone))::contains);
            if (!d.allowed()) {
                throw new ConflictException("not_callable", "the contact cannot be called now: " + d.reason(), "contactId");
            }
            c.status = "DIALLING";
            return new Pick(c, attempt(em, c, campaignId, now));
        });
        CampaignRun.Flight f = new CampaignRun.Flight(p.attempt.id, contactId, now);
        f.agentUserId = agentUserId;
        run.track(f);
        if (!dial(run, f, p.contact, new TransferTarget(agentUserId, null, null), false)) {
            throw new ConflictException("dial_failed", "the call could not be placed", null);
        }
        return f.callId;
    }

    public void previewSkip(String campaignId, String contactId, String agentUserId) {
        Permissions.requireSelfOr(agentUserId, "campaigns", "control"); // an agent previews for itself; a supervisor for anyone
        jpa.tenant(em -> {
            ContactEntity c = Jpa.get(em, ContactEntity.class, contactId, "contact");
            if (!"PREVIEW".equals(c.status) || !agentUserId.equals(c.reservedBy)) {
                throw new ConflictException("not_reserved", "the contact is not reserved for this agent", "contactId");
            }
            c.status = c.attempts == 0 ? "NEW" : "RETRY";
            c.reservedBy = null;
            c.nextAt = now().plusSeconds(60); // offered to others (and again) a minute later
            return null;
        });
    }
}
