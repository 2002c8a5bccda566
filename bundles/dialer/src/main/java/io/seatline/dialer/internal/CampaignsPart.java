package io.seatline.dialer.internal;

import io.seatline.dialer.DialerService.*;
import io.seatline.core.Permissions;
import io.seatline.core.ConflictException;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.internal.entity.AttemptEntity;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.dialer.internal.entity.ContactEntity;
import io.seatline.dialer.internal.entity.ContactListEntity;
import io.seatline.persistence.Jpa;
import io.seatline.tenancy.Tenant;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Campaigns: definitions, their agents, start, pause and stop, statistics. One part of {@link DialerServiceImpl}. */
final class CampaignsPart extends DialerPart {
    CampaignsPart(DialerServiceImpl owner) {
        super(owner);
    }

    public List<Campaign> campaigns() {
        Permissions.require("campaigns", "read");
        return jpa.tenant(em -> em.createQuery("select c from CampaignEntity c order by c.name", CampaignEntity.class).getResultList()
            .stream().map(this::campaign).toList());
    }





    CampaignSpec resolve(CampaignSpec spec) {
        Tenant t = tenant();
        CampaignSpec s = Specs.resolve(spec, t.timezone(), t.phoneCountry());
        if (queueOf(s.queue()) == null) {
            throw new ValidationException("unknown_queue", "queue '" + s.queue() + "' does not exist", "queue");
        }
        Set<String> known = new HashSet<>();
        acd().agents().forEach(a -> known.add(a.userId()));
        for (String u : s.agentUserIds()) {
            if (!known.contains(u)) {
                throw new ValidationException("unknown_agent", "'" + u + "' is not an agent of the tenant", "agentUserIds");
            }
        }
        if (s.pacing() != null && factory(TenantContext.requireTenant(), s.pacing()) == null) {
            throw new ValidationException("unknown_pacing", "no pacing strategy '" + s.pacing() + "' for this tenant", "pacing");
        }
        return s;
    }


    public Campaign createCampaign(CampaignSpec spec) {
        Permissions.require("campaigns", "write");
        CampaignSpec s = resolve(spec);
        Campaign c = jpa.tenant(em -> {
            if (Jpa.named(em, CampaignEntity.class, s.name()).isPresent()) {
                throw new ConflictException("campaign_exists", "a campaign named '" + s.name() + "' exists", "name");
            }
            CampaignEntity e = new CampaignEntity();
            e.id = UUID.randomUUID().toString();
            e.name = s.name();
            e.mode = s.mode();
            e.status = "STOPPED";
            e.specJson = json(s);
            e.createdAt = now();
            e.updatedAt = e.createdAt;
            em.persist(e);
            return campaign(e);
        });
        audit.record("campaign.create", c.id(), s.name() + " " + s.mode());
        return c;
    }

    public Campaign updateCampaign(String id, CampaignSpec spec) {
        Permissions.require("campaigns", "write");
        CampaignSpec s = resolve(spec);
        Campaign c = jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            if (!e.name.equals(s.name()) && Jpa.named(em, CampaignEntity.class, s.name()).isPresent()) {
                throw new ConflictException("campaign_exists", "a campaign named '" + s.name() + "' exists", "name");
            }
            e.name = s.name();
            e.mode = s.mode();
            e.specJson = json(s);
            e.updatedAt = now();
            return campaign(e);
        });
        CampaignRun run = running.get(id);
        if (run != null) {
            run.spec = s;
            run.policy = Specs.policy(s, holidays());
            run.agentsResolvedAt = Instant.EPOCH;
        }
        audit.record("campaign.update", id, s.name());
        return c;
    }

    public void deleteCampaign(String id) {
        Permissions.require("campaigns", "write");
        jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            if (!"STOPPED".equals(e.status)) {
                throw new ConflictException("campaign_active", "stop the campaign before deleting it", "status");
            }
            Jpa.bulk(em, "delete from AttemptEntity a where a.campaignId = :c").setParameter("c", id).executeUpdate();
            Jpa.bulk(em, "delete from ContactEntity c where c.campaignId = :c").setParameter("c", id).executeUpdate();
            Jpa.bulk(em, "delete from ContactListEntity l where l.campaignId = :c").setParameter("c", id).executeUpdate();
            em.remove(e);
            return null;
        });
        audit.record("campaign.delete", id, null);
    }

    public Campaign start(String id) {
        Permissions.require("campaigns", "control");
        String tenant = TenantContext.requireTenant();
        Campaign c = jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            CampaignSpec s = spec(e);
            if (eligibleAgents(s, queueOf(s.queue())).isEmpty()) {
                throw new ConflictException("no_agents", "no agent can work this campaign: assign agents whose skills the queue '" + s.queue()
                    + "' admits", "agentUserIds");
            }
            long callable = em.createQuery("select count(c) from ContactEntity c, ContactListEntity l where l.id = c.listId and c.campaignId = :c"
                    + " and l.status = 'ACTIVE' and c.status in :st", Long.class).setParameter("c", id).setParameter("st", CALLABLE).getSingleResult();
            if (callable == 0) {
                throw new ConflictException("no_contacts", "the campaign has no contact left to call: import or recycle a list", "lists");
            }
            e.status = "RUNNING";
            e.updatedAt = now();
            return campaign(e);
        });
        running.computeIfAbsent(id, k -> jpa.tenant(em -> newRun(Jpa.get(em, CampaignEntity.class, id, "campaign"))));
        audit.record("campaign.start", id, c.spec().name());
        publishCampaign(tenant, id, "STARTED", "RUNNING", null);
        return campaignOf(id);
    }

    public Campaign pause(String id) {
        Permissions.require("campaigns", "control");
        return setStatus(id, "PAUSED");
    }

    public Campaign stop(String id) {
        Permissions.require("campaigns", "control");
        return setStatus(id, "STOPPED");
    }

    Campaign setStatus(String id, String status) {
        String tenant = TenantContext.requireTenant();
        Campaign c = jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            e.status = status;
            e.updatedAt = now();
            return campaign(e);
        });
        CampaignRun run = running.remove(id);
        if (run != null && !run.flights.isEmpty()) {
            // calls in flight finish; their outcomes are still recorded
            finishing.put(id, run);
        }
        audit.record("campaign." + status.toLowerCase(Locale.ROOT), id, c.spec().name());
        publishCampaign(tenant, id, status, status, null);
        return new Campaign(c.id(), c.spec(), c.status(), null, c.createdAt(), c.updatedAt());
    }








    public Map<String, Long> abandonCounts(String campaignId, Instant from, Instant to) {
        Permissions.require("campaigns", "read");
        jpa.tenant(em -> Jpa.get(em, CampaignEntity.class, campaignId, "campaign"));
        return counts(campaignId, from, to);
    }







}
