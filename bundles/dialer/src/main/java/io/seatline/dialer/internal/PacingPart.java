package io.seatline.dialer.internal;

import io.seatline.dialer.DialerService.*;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.DialerEvents;
import io.seatline.dialer.PacingState;
import io.seatline.dialer.internal.entity.AttemptEntity;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.dialer.internal.entity.ContactEntity;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStatus;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.TransferTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.event.Event;

/** The pacing runtime: every tick each running campaign launches what its strategy says; telephony's call events settle the attempts. One part of {@link DialerServiceImpl}. */
final class PacingPart extends DialerPart {
    PacingPart(DialerServiceImpl owner) {
        super(owner);
    }

    void tickAll() {
        Instant now = now();
        double seconds = owner.lastTick == null ? cfg().tick_ms() / 1000.0 : Math.max(0, Duration.between(owner.lastTick, now).toMillis() / 1000.0);
        owner.lastTick = now;
        Map<String, List<CampaignRun>> byTenant = new HashMap<>();
        for (CampaignRun run : running.values()) {
            byTenant.computeIfAbsent(run.tenantId, k -> new ArrayList<>()).add(run);
        }
        for (Map.Entry<String, List<CampaignRun>> e : byTenant.entrySet()) {
            try {
                TenantContext.run(SYSTEM.withTenant(e.getKey()), () -> tickTenant(e.getValue(), now, seconds));
            } catch (RuntimeException ex) {
                LOG.warn("Dialer tick of {} failed: {}", e.getKey(), ex.toString(), ex);
            }
        }
        finishing.values().removeIf(r -> r.flights.isEmpty());
    }

    /**
     * One pacing step for a tenant's running campaigns. A ready agent who works several of them is counted for one
     * only (the one with the fewest ready agents so far), so shared agents are never promised twice.
     */
    void tickTenant(List<CampaignRun> runs, Instant now, double seconds) {
        if (owner.acd == null || owner.calls == null) {
            // telephony is restarting (or not installed): the campaigns wait, nothing is dialled, nothing is lost
            runs.forEach(run -> waiting(run, "telephony_unavailable"));
            return;
        }
        List<AgentStatus> statuses = acd().agentStatuses();
        Set<String> claimed = new HashSet<>();
        runs.sort((a, b) -> Integer.compare(a.lastReady, b.lastReady));
        for (CampaignRun run : runs) {
            try {
                tick(run, statuses, claimed, now, seconds);
            } catch (RuntimeException ex) {
                LOG.warn("Campaign {} tick failed: {}", run.spec.name(), ex.toString(), ex);
            }
        }
    }

    void tick(CampaignRun run, List<AgentStatus> statuses, Set<String> claimed, Instant now, double seconds) {
        CampaignSpec s = run.spec;
        if (Duration.between(run.agentsResolvedAt, now).toSeconds() >= 30) {
            CallQueue q = queueOf(s.queue());
            run.agents = eligibleAgents(s, q);
            run.agentsResolvedAt = now;
            if (q != null) {
                run.wrapUpSeconds = q.wrapUpSeconds();
            }
        }
        if ("DAY".equals(s.abandonWindow()) ? !windowStart(s, now).equals(windowStart(s, run.windowReadAt))
            : Duration.between(run.windowReadAt, now).toSeconds() >= 60) {
            readWindow(run);
        }
        int ready = 0;
        int busy = 0;
        int talking = 0;
        Set<String> ourCalls = new HashSet<>();
        run.flights.values().forEach(f -> {
            if (f.callId != null) {
                ourCalls.add(f.callId);
            }
        });
        for (AgentStatus a : statuses) {
            if (!run.agents.contains(a.userId()) || !a.registered()) {
                continue;
            }
            if (a.state() == AgentState.READY) {
                if (claimed.add(a.userId())) {
                    ready++;
                }
            } else if ((s.queue().equals(a.queue()) || ourCalls.contains(a.callId())) && (a.state() == AgentState.ON_CALL || a.state() == AgentState.RESERVED
                || a.state() == AgentState.WRAP_UP)) {
                busy++;
                if (a.state() != AgentState.WRAP_UP) {
                    talking++;
                }
            }
        }
        int loggedIn = ready + busy;
        run.agentSeconds(loggedIn, ready, busy, seconds);
        String waiting = null;
        int launched = 0;
        if (loggedIn == 0) {
            waiting = "no_agents";
        } else if (!calls().acceptingCalls()) {
            // telephony drains for a restart of its SIP listener: dialling now would only spend attempts on 503s
            waiting = "telephony_draining";
        } else if (!"PREVIEW".equals(s.mode())) {
            PacingState state = run.state(now, loggedIn, ready, busy, talking);
            int n = Math.max(0, run.strategy.callsToLaunch(state));
            n = Math.min(n, cfg().max_ringing_per_agent() * loggedIn - state.callsRinging());
            if (n > 0) {
                Launch l = launch(run, n, now);
                launched = l.launched;
                waiting = l.waiting;
            } else if (run.flights.isEmpty() && Duration.between(run.remainingAt, now).toSeconds() >= 10) {
                run.remaining = remaining(run.id);
                run.remainingAt = now;
                waiting = run.remaining == 0 ? "no_contacts" : null;
            } else {
                waiting = run.remaining == 0 && run.flights.isEmpty() ? "no_contacts" : null;
            }
        }
        waiting(run, waiting);
        if (launched > 0 || ((long) (now.toEpochMilli() / 1000)) % 5 == 0) {
            publishStats(run);
        }
    }

    /** Records why a running campaign does not dial (null: it does), announcing a change with a WAITING event. */
    private void waiting(CampaignRun run, String waiting) {
        if (!java.util.Objects.equals(waiting, run.waiting)) {
            run.waiting = waiting;
            publishCampaign(run.tenantId, run.id, "WAITING", "RUNNING", waiting);
        }
    }

    record Launch(int launched, String waiting) {
    }


    /** Picks up to {@code n} callable contacts (rules checked again now) and originates them. */
    Launch launch(CampaignRun run, int n, Instant now) {
        CampaignSpec s = run.spec;
        List<Pick> picks = jpa.tenant(em -> pick(em, run, n, now, null));
        if (picks.isEmpty()) {
            long left = remaining(run.id) - run.flights.size();
            run.remaining = left;
            run.remainingAt = now;
            return new Launch(0, left <= 0 ? "no_contacts" : "nothing_due");
        }
        int launched = 0;
        for (Pick p : picks) {
            CampaignRun.Flight f = run.track(new CampaignRun.Flight(p.attempt.id, p.contact.id, now));
            TransferTarget target = p.contact.callbackAgent != null && "CALLBACK".equals(p.contact.status)
                ? new TransferTarget(p.contact.callbackAgent, null, null) : new TransferTarget(null, s.queue(), null);
            if (dial(run, f, p.contact, target, true)) {
                launched++;
            }
        }
        return new Launch(launched, null);
    }







    public void handleEvent(Event event) {
        Object attempt = event.getProperty(DialerEvents.DATA_ATTEMPT);
        if (attempt == null) {
            return;
        }
        String campaignId = String.valueOf(event.getProperty(DialerEvents.DATA_CAMPAIGN));
        CampaignRun run = running.get(campaignId);
        if (run == null) {
            run = finishing.get(campaignId);
        }
        String type = String.valueOf(event.getProperty(SeatlineEvents.TYPE));
        if (run == null) {
            String tenant = String.valueOf(event.getProperty(SeatlineEvents.TENANT_ID));
            if ("ENDED".equals(type)) {
                // a call of a campaign this node no longer runs (restart): its attempt still gets its outcome
                outcomes.execute(() -> inTenant(tenant, () -> finishOrphan(attempt.toString())));
            }
            return;
        }
        CampaignRun.Flight f = run.flights.get(attempt.toString());
        if (f == null) {
            return;
        }
        Instant now = now();
        CampaignRun r = run;
        switch (type) {
            case "CUSTOMER_ANSWERED" -> {
                f.answeredAt = now;
                r.ringEnded(Duration.between(f.dialledAt, now).toMillis() / 1000.0, true);
                outcomes.execute(() -> inTenant(r.tenantId, () -> jpa.tenant(em -> {
                    AttemptEntity a = Jpa.find(em, AttemptEntity.class, f.attemptId);
                    if (a != null) {
                        a.answeredAt = now;
                    }
                    return null;
                })));
                publishAttempt(r, f, "ANSWERED", null);
            }
            case "ANSWERED" -> {
                f.connectedAt = now;
                f.agentUserId = (String) event.getProperty("user.id");
                synchronized (r) {
                    r.connected++;
                }
            }
            case "NO_AGENT" -> {
                f.abandoned = true;
                r.abandonedCall();
                outcomes.execute(() -> inTenant(r.tenantId, () -> abandoned(r, f, now)));
                publishAttempt(r, f, "ABANDONED", "ABANDONED");
            }
            case "ENDED" -> {
                run.flights.remove(f.attemptId);
                String outcome;
                if (f.abandoned) {
                    outcome = "ABANDONED";
                } else if (f.answeredAt == null) {
                    r.ringEnded(Duration.between(f.dialledAt, now).toMillis() / 1000.0, false);
                    String d = String.valueOf(event.getProperty("disposition"));
                    outcome = "BUSY".equals(d) || "NO_ANSWER".equals(d) ? d : "FAILED";
                } else if (f.connectedAt != null) {
                    outcome = "DONE";
                    r.handledCall(Duration.between(f.connectedAt, now).toMillis() / 1000.0 + r.wrapUpSeconds);
                } else {
                    outcome = "HUNG_UP";
                }
                String cause = String.valueOf(event.getProperty("cause"));
                outcomes.execute(() -> inTenant(r.tenantId, () -> finish(r, f, outcome, cause, now)));
                publishAttempt(r, f, "ENDED", outcome);
            }
            default -> {
            }
        }
    }


    Void abandoned(CampaignRun run, CampaignRun.Flight f, Instant now) {
        return jpa.tenant(em -> {
            AttemptEntity a = Jpa.find(em, AttemptEntity.class, f.attemptId);
            ContactEntity c = Jpa.find(em, ContactEntity.class, f.contactId);
            if (a != null) {
                a.outcome = "ABANDONED";
            }
            if (c != null) {
                c.lastAbandonAt = now;
                c.lastOutcome = "ABANDONED";
            }
            return null;
        });
    }


    void finishOrphan(String attemptId) {
        jpa.tenant(em -> {
            AttemptEntity a = Jpa.find(em, AttemptEntity.class, attemptId);
            if (a == null || a.endedAt != null) {
                return null;
            }
            a.endedAt = now();
            if (a.outcome == null) {
                a.outcome = a.answeredAt == null ? "FAILED" : "DONE";
            }
            ContactEntity c = Jpa.find(em, ContactEntity.class, a.contactId);
            CampaignEntity ce = Jpa.find(em, CampaignEntity.class, a.campaignId);
            if (c != null && ce != null && "DIALLING".equals(c.status)) {
                CampaignSpec s = spec(ce);
                settle(em, s, Specs.policy(s, holidays()), c, a.outcome, now());
            }
            return null;
        });
    }

}
