package io.seatline.telephony.internal.acd;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentProfile;
import io.seatline.telephony.AgentProfileSpec;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStatus;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.QueueSpec;
import io.seatline.telephony.QueueStats;
import io.seatline.telephony.ReasonCode;
import io.seatline.telephony.internal.TelephonyServiceImpl;
import io.seatline.telephony.internal.entity.AgentEntity;
import io.seatline.telephony.internal.entity.DidEntity;
import io.seatline.telephony.internal.entity.QueueEntity;
import io.seatline.telephony.internal.entity.ReasonCodeEntity;
import io.seatline.telephony.internal.media.MediaStore;
import io.seatline.telephony.internal.sip.Digest;
import io.seatline.telephony.internal.sip.Registrar;
import io.seatline.tenancy.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD service: queues, agents' telephony profiles, reason codes, agent login and states, live figures. A
 * component of its own over the telephony runtime ({@link TelephonyServiceImpl}), whose tenant actors it works on:
 * every change to a tenant's agents and queues runs on that tenant's actor, in order.
 */
@Component(service = AcdService.class)
public class AcdServiceComponent implements AcdService {
    private static final Logger LOG = LoggerFactory.getLogger(AcdServiceComponent.class);
    private final TelephonyServiceImpl rt;

    @Activate
    public AcdServiceComponent(@Reference TelephonyServiceImpl runtime) {
        this.rt = runtime;
        runtime.acdService = this; // the runtime creates queues an IVR menu names (MediaStore.Live.ensureQueue)
    }

    private static CallQueue queue(QueueEntity q) {
        return TelephonyServiceImpl.queue(q);
    }

    private static AgentProfile profile(AgentEntity a) {
        return TelephonyServiceImpl.profile(a);
    }

    private static int range(Integer v, int dflt, int min, int max, String field) {
        return TelephonyServiceImpl.range(v, dflt, min, max, field);
    }

    private static void findQueueOr(EntityManager em, String name, String field) {
        TelephonyServiceImpl.findQueueOr(em, name, field);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        rt.acdService = null;
    }


    @Override
    public List<CallQueue> queues() {
        Permissions.require("queues", "read");
        String tenant = TenantContext.requireTenant();
        return rt.jpa.tenant(em -> em.createQuery("select q from QueueEntity q order by q.name", QueueEntity.class).getResultList())
            .stream().map(TelephonyServiceImpl::queue).toList();
    }

    @Override
    public CallQueue queue(String name) {
        Permissions.require("queues", "read");
        TenantContext.requireTenant();
        return rt.jpa.tenant(em -> queue(findQueue(em, name)));
    }

    /** The context tenant's queue of that name (the tenant filter scopes the query). */
    private static java.util.Optional<QueueEntity> queueNamed(EntityManager em, String name) {
        return Jpa.named(em, QueueEntity.class, name);
    }

    private static QueueEntity findQueue(EntityManager em, String name) {
        return queueNamed(em, name).orElseThrow(() -> new NotFoundException("not_found", "queue '" + name + "' not found"));
    }

    @Override
    public CallQueue saveQueue(QueueSpec spec) {
        Permissions.require("queues", "write");
        String tenant = TenantContext.requireTenant();
        if (spec == null || spec.name() == null || !TelephonyServiceImpl.QUEUE_NAME.matcher(spec.name()).matches()) {
            throw new ValidationException("invalid_queue_name", "queue name must be 1-64 lower-case letters, digits, '_' or '-'", "name");
        }
        Map<String, Integer> skills = Skills.validate(spec.requiredSkills(), "requiredSkills");
        int priority = range(spec.priority(), 0, 0, 100, "priority");
        int maxWait = range(spec.maxWaitSeconds(), 600, 0, 86400, "maxWaitSeconds");
        int sl = range(spec.serviceLevelSeconds(), 20, 1, 3600, "serviceLevelSeconds");
        int wrap = range(spec.wrapUpSeconds(), 10, 0, 3600, "wrapUpSeconds");
        int ring = range(spec.ringTimeoutSeconds(), 15, 3, 300, "ringTimeoutSeconds");
        String strategy = spec.strategy() == null ? Router.LONGEST_IDLE : spec.strategy().trim();
        if (!Router.BUILT_IN.contains(strategy) && !TelephonyServiceImpl.PLUGIN_NAME.matcher(strategy).matches()) {
            throw new ValidationException("invalid_strategy", "strategy must be one of " + Router.BUILT_IN + " or a plug-in strategy name", "strategy");
        }
        String overflow = spec.overflowQueue() == null || spec.overflowQueue().isBlank() ? null : spec.overflowQueue();
        if (spec.name().equals(overflow)) {
            throw new ValidationException("invalid_overflow", "a queue cannot overflow to itself", "overflowQueue");
        }
        if (spec.displayName() != null && spec.displayName().length() > 200) {
            throw new ValidationException("too_long", "displayName is at most 200 characters", "displayName");
        }
        String music = spec.holdMusic() == null || spec.holdMusic().isBlank() ? null : spec.holdMusic().trim();
        if (music != null && !MediaStore.PROMPT_NAME.matcher(music).matches()) {
            throw new ValidationException("invalid_prompt", "holdMusic must be a prompt name (or 'default')", "holdMusic");
        }
        int announce = range(spec.announceSeconds(), 0, 0, 3600, "announceSeconds");
        if (announce > 0 && announce < 15) {
            throw new ValidationException("out_of_range", "announceSeconds must be 0 (off) or 15-3600", "announceSeconds");
        }
        boolean survey = Boolean.TRUE.equals(spec.survey());
        CallQueue saved;
        try {
            saved = rt.jpa.tenant(em -> {
                if (overflow != null) {
                    findQueueOr(em, overflow, "overflowQueue");
                }
                QueueEntity q = queueNamed(em, spec.name()).orElse(null);
                boolean created = q == null;
                if (created) {
                    q = new QueueEntity();
                    q.id = UUID.randomUUID().toString();
                    q.name = spec.name();
                }
                q.displayName = spec.displayName();
                q.requiredSkills = Skills.format(skills);
                q.priority = priority;
                q.maxWaitSeconds = maxWait;
                q.overflowQueue = overflow;
                q.serviceLevelSeconds = sl;
                q.wrapUpSeconds = wrap;
                q.ringTimeoutSeconds = ring;
                q.strategy = strategy;
                q.holdMusic = music;
                q.announceSeconds = announce;
                q.survey = survey;
                q.updatedAt = Instant.now();
                if (created) {
                    em.persist(q);
                }
                return queue(q);
            });
        } catch (PersistenceException e) {
            throw new ConflictException("conflict", "queue '" + spec.name() + "' could not be saved: " + e.getMessage(), "name");
        }
        rt.onActor(tenant, () -> {
            TenantAcd acd = rt.acd(tenant);
            QueueRuntime q = acd.queues.get(saved.name());
            if (q == null) {
                acd.queues.put(saved.name(), new QueueRuntime(saved));
            } else {
                q.def = saved;
            }
            acd.dispatch();
            return null;
        });
        rt.audit("queue.save", saved.name(), saved.toString());
        return saved;
    }



    @Override
    public void deleteQueue(String name) {
        Permissions.require("queues", "write");
        String tenant = TenantContext.requireTenant();
        // out of routing first (checked and removed in one step), back in if the row cannot be deleted
        QueueRuntime removed = rt.onActor(tenant, () -> {
            QueueRuntime q = rt.acd(tenant).queues.get(name);
            if (q != null && !q.waiting.isEmpty()) {
                throw new ConflictException("queue_in_use", "queue '" + name + "' has waiting calls", "name");
            }
            return rt.acd(tenant).queues.remove(name);
        });
        try {
            rt.jpa.tenant(em -> {
            QueueEntity q = findQueue(em, name);
            long refs = em.createQuery("select count(d) from DidEntity d where d.queueName = :n", Long.class).setParameter("n", name).getSingleResult()
                + em.createQuery("select count(q) from QueueEntity q where q.overflowQueue = :n", Long.class).setParameter("n", name).getSingleResult();
            if (refs > 0) {
                throw new ConflictException("queue_in_use", "queue '" + name + "' is the entry point of a DID or the overflow of another queue", "name");
            }
            em.remove(q);
            return null;
            });
        } catch (RuntimeException e) {
            if (removed != null) {
                rt.onActor(tenant, () -> rt.acd(tenant).queues.putIfAbsent(name, removed));
            }
            throw e;
        }
        rt.audit("queue.delete", name, null);
    }

    @Override
    public List<AgentProfile> agents() {
        Permissions.require("agents", "read");
        TenantContext.requireTenant();
        return rt.jpa.tenant(em -> em.createQuery("select a from AgentEntity a order by a.login", AgentEntity.class).getResultList())
            .stream().map(TelephonyServiceImpl::profile).toList();
    }

    @Override
    public AgentProfile agent(String userId) {
        Permissions.requireSelfOr(userId, "agents", "read");
        TenantContext.requireTenant();
        return rt.jpa.tenant(em -> profile(Jpa.get(em, AgentEntity.class, userId, "agent")));
    }

    /** The tenant's SIP user name for {@code name}: {@code <tenant>.<name>}, unless it already carries that prefix. */
    static String namespaced(String tenant, String name) {
        return name.isEmpty() || name.startsWith(tenant + ".") ? name : tenant + "." + name;
    }

    @Override
    public AgentProfile saveAgent(String userId, AgentProfileSpec spec) {
        Permissions.require("agents", "write");
        String tenant = TenantContext.requireTenant();
        if (spec == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        User user = rt.users.get(userId); // tenant-scoped: another tenant's user is not found
        // a supervisor's phone rings when it listens in, coaches or joins a call; only agents take seats and calls
        if (!user.roles().contains(io.seatline.core.Roles.AGENT) && !user.roles().contains(io.seatline.core.Roles.SUPERVISOR)) {
            throw new ValidationException("not_an_agent", "user " + user.login() + " has neither the agent nor the supervisor role: only they have phones",
                "userId");
        }
        Map<String, Integer> skills = Skills.validate(spec.skills(), "skills");
        if (spec.staticContact() != null && !spec.staticContact().isBlank()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("sips?:(?:[^@\\s]+@)?([A-Za-z0-9.\\-]+)(?::(\\d{1,5}))?(?:;[^\\s]*)?")
                .matcher(spec.staticContact());
            if (!m.matches()) {
                throw new ValidationException("invalid_contact", "staticContact must be a SIP URI such as rt.sip:1001@10.0.0.5:5060", "staticContact");
            }
            if (rt.isTrunkPeer(m.group(1) + ":" + (m.group(2) == null ? "5060" : m.group(2)))) {
                throw new ValidationException("invalid_contact", "staticContact may not point at a trunk", "staticContact");
            }
        }
        String[] oldSip = new String[1];
        AgentEntity saved;
        try {
            saved = rt.jpa.tenant(em -> {
                AgentEntity a = Jpa.find(em, AgentEntity.class, userId);
                boolean created = a == null;
                // SIP identities live in the tenant's namespace "<tenant>.<name>" (tenant ids have no '.'): a tenant can
                // neither take another's name nor learn that one exists; "1001" is saved as "acme.1001"
                String asked = spec.sipUser() == null ? null : spec.sipUser().trim();
                // an agent's own name from before namespacing (no tenant prefix) stays as it is when saved again
                String sipUser = asked == null ? (created ? null : a.sipUser) : !created && asked.equals(a.sipUser) ? asked : namespaced(tenant, asked);
                if (sipUser == null || !TelephonyServiceImpl.SIP_USER.matcher(sipUser).matches()) {
                    throw new ValidationException("invalid_sip_user", "sipUser must be letters, digits, '.', '_' or '-', at most 64 "
                        + "characters with the tenant prefix '" + tenant + ".'", "sipUser");
                }
                Registrar.Account other = rt.accounts.get(sipUser);
                if (other != null && !other.userId().equals(userId)) {
                    throw new ConflictException("sip_user_taken", "SIP user '" + sipUser + "' is already in use", "sipUser");
                }
                boolean newPassword = spec.sipPassword() != null;
                if ((created || !sipUser.equals(a.sipUser)) && !newPassword) {
                    throw new ValidationException("required", "sipPassword is required for a new SIP identity", "sipPassword");
                }
                if (newPassword && spec.sipPassword().length() < 8) {
                    throw new ValidationException("weak_password", "sipPassword must have at least 8 characters", "sipPassword");
                }
                if (created) {
                    a = new AgentEntity();
                    a.userId = userId;
                }
                oldSip[0] = a.sipUser;
                a.login = user.login();
                a.sipUser = sipUser;
                if (newPassword) {
                    a.sipHa1 = Digest.ha1(sipUser, rt.registrar.realm(), spec.sipPassword());
                }
                a.skills = Skills.format(skills);
                a.staticContact = spec.staticContact() == null || spec.staticContact().isBlank() ? null : spec.staticContact();
                a.autoAnswer = Boolean.TRUE.equals(spec.autoAnswer());
                a.symmetricRtp = spec.symmetricRtp() == null || spec.symmetricRtp();
                a.updatedAt = Instant.now();
                if (created) {
                    em.persist(a);
                }
                em.flush();
                return a;
            });
        } catch (PersistenceException e) {
            throw new ConflictException("sip_user_taken", "SIP user could not be saved (taken?): " + e.getMessage(), "sipUser");
        }
        if (oldSip[0] != null && !oldSip[0].equals(saved.sipUser)) {
            rt.accounts.remove(oldSip[0]);
            rt.registrar.forget(oldSip[0]);
        }
        cacheAgentLater(saved);
        rt.audit("agent.profile.save", userId, "rt.sip " + saved.sipUser + ", skills " + saved.skills
            + (spec.sipPassword() != null ? ", SIP password set" : ""));
        return profile(saved);
    }

    /** Updates the caches from a saved (now detached) row; the agent can register and be routed on return. */
    private void cacheAgentLater(AgentEntity a) {
        rt.onActor(a.getTenantId(), () -> {
            rt.cacheAgent(a);
            rt.acd(a.getTenantId()).dispatch();
            return null;
        });
    }

    @Override
    public void deleteAgent(String userId) {
        Permissions.require("agents", "write");
        String tenant = TenantContext.requireTenant();
        AgentStatus s = agentStatus(userId);
        if (s.state() != AgentState.LOGGED_OUT) {
            throw new ConflictException("agent_logged_in", "log the agent out first", "userId");
        }
        String sipUser = rt.jpa.tenant(em -> {
            AgentEntity a = Jpa.get(em, AgentEntity.class, userId, "agent");
            em.remove(a);
            return a.sipUser;
        });
        rt.accounts.remove(sipUser);
        rt.registrar.forget(sipUser);
        rt.onActor(tenant, () -> {
            AgentRuntime a = rt.acd(tenant).agents.remove(userId);
            if (a != null) {
                rt.acd(tenant).ready.remove(a);
            }
            return null;
        });
        rt.audit("agent.profile.delete", userId, null);
    }

    @Override
    public List<ReasonCode> reasonCodes() {
        Permissions.require("queues", "read");
        TenantContext.requireTenant();
        List<ReasonCode> own = rt.jpa.tenant(em -> em.createQuery("select r from ReasonCodeEntity r order by r.code", ReasonCodeEntity.class)
            .getResultList()).stream().map(r -> new ReasonCode(r.code, r.label, false)).toList();
        List<ReasonCode> out = new ArrayList<>(own.isEmpty() ? TelephonyServiceImpl.DEFAULT_REASONS : own);
        out.add(new ReasonCode("login", "Logged in / 已登录", true));
        out.add(new ReasonCode("missed", "Missed a call / 未接来电", true));
        out.add(new ReasonCode("unregistered", "Phone not registered / 话机未注册", true));
        return out;
    }

    @Override
    public List<ReasonCode> saveReasonCodes(List<ReasonCode> codes) {
        Permissions.require("queues", "write");
        TenantContext.requireTenant();
        if (codes == null || codes.isEmpty()) {
            throw new ValidationException("required", "at least one reason code is required", "codes");
        }
        Set<String> seen = new java.util.HashSet<>();
        // the field names the row, as the dispositions' do ("codes[2].label"): the console shows it there
        for (int i = 0; i < codes.size(); i++) {
            ReasonCode c = codes.get(i);
            String row = "codes[" + i + "].";
            if (c == null || c.code() == null || !c.code().matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                throw new ValidationException("invalid_reason_code", "reason codes are 1-32 lower-case letters, digits, '_' or '-'", row + "code");
            }
            if (TelephonyServiceImpl.SYSTEM_REASONS.contains(c.code())) {
                throw new ValidationException("reserved_reason_code", "'" + c.code() + "' is set by Seatline itself", row + "code");
            }
            if (c.label() == null || c.label().isBlank() || c.label().length() > 200) {
                throw new ValidationException("invalid_label", "label of '" + c.code() + "' must be 1-200 characters", row + "label");
            }
            if (!seen.add(c.code())) {
                throw new ValidationException("duplicate_reason_code", "reason code '" + c.code() + "' appears twice", row + "code");
            }
        }
        rt.jpa.tenant(em -> {
            em.createQuery("select r from ReasonCodeEntity r", ReasonCodeEntity.class).getResultList().forEach(em::remove);
            em.flush();
            for (ReasonCode c : codes) {
                ReasonCodeEntity e = new ReasonCodeEntity();
                e.id = UUID.randomUUID().toString();
                e.code = c.code();
                e.label = c.label().trim();
                em.persist(e);
            }
            return null;
        });
        rt.audit("reason-codes.save", null, codes.stream().map(ReasonCode::code).toList().toString());
        return reasonCodes();
    }

    @Override
    public AgentStatus login(String userId, String seatId) {
        Permissions.requireSelfOr(userId, "agents", "state");
        String tenant = TenantContext.requireTenant();
        requireAgent(tenant, userId);
        io.seatline.tenancy.Seat seat = rt.seats.assign(seatId == null ? "auto" : seatId, userId);
        return rt.onActor(tenant, () -> {
            TenantAcd acd = rt.acd(tenant);
            AgentRuntime a = acd.agents.get(userId);
            a.seatId = seat.id();
            if (a.state == AgentState.LOGGED_OUT) {
                acd.transition(a, AgentState.NOT_READY, "login", null);
            }
            return status(a);
        });
    }

    @Override
    public AgentStatus logout(String userId) {
        Permissions.requireSelfOr(userId, "agents", "state");
        String tenant = TenantContext.requireTenant();
        requireAgent(tenant, userId);
        // checked and done in one step on the actor, so no call can be offered in between; the seat is freed after
        String[] seatId = new String[1];
        AgentStatus out = rt.onActor(tenant, () -> {
            TenantAcd acd = rt.acd(tenant);
            AgentRuntime a = acd.agents.get(userId);
            if (a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL) {
                throw new ConflictException("agent_on_call", "agent " + a.login + " has a call; log out after it", "userId");
            }
            seatId[0] = a.seatId;
            a.seatId = null;
            if (a.state != AgentState.LOGGED_OUT) {
                acd.transition(a, AgentState.LOGGED_OUT, null, null);
            }
            return status(a);
        });
        if (seatId[0] != null) {
            try {
                rt.seats.release(seatId[0]);
            } catch (NotFoundException e) {
                LOG.debug("seat {} was already free", seatId[0]);
            }
        }
        return out;
    }

    @Override
    public AgentStatus setState(String userId, AgentState state, String reason) {
        Permissions.requireSelfOr(userId, "agents", "state");
        String tenant = TenantContext.requireTenant();
        requireAgent(tenant, userId);
        if (state != AgentState.READY && state != AgentState.NOT_READY) {
            throw new ValidationException("invalid_state", "agents set themselves READY or NOT_READY (log in and out with login/logout)", "state");
        }
        String why = state == AgentState.NOT_READY ? (reason == null ? "break" : reason) : null;
        if (why != null && reasonCodes().stream().noneMatch(c -> !c.system() && c.code().equals(why))) {
            throw new ValidationException("unknown_reason_code", "'" + why + "' is not a reason code of this tenant", "reason");
        }
        return rt.onActor(tenant, () -> {
            TenantAcd acd = rt.acd(tenant);
            AgentRuntime a = acd.agents.get(userId);
            if (a.state == AgentState.LOGGED_OUT) {
                throw new ConflictException("not_logged_in", "agent " + a.login + " is not logged in to a seat", "state");
            }
            if (a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL) {
                throw new ConflictException("agent_on_call", "agent " + a.login + " is " + a.state, "state");
            }
            if (a.state == AgentState.READY && state == AgentState.READY) {
                return status(a); // already ready: keep its place in the longest-idle order
            }
            acd.transition(a, state, why, null);
            return status(a);
        });
    }

    private void requireAgent(String tenant, String userId) {
        TenantAcd acd = rt.acds.get(tenant);
        if (acd == null || userId == null || !acd.agents.containsKey(userId)) {
            throw new NotFoundException("not_found", "agent '" + userId + "' has no telephony profile in tenant " + tenant);
        }
    }

    @Override
    public List<AgentStatus> agentStatuses() {
        Permissions.requireAny("agents:read", "realtime:read");
        String tenant = TenantContext.requireTenant();
        return rt.onActor(tenant, () -> rt.acd(tenant).agents.values().stream().map(this::status)
            .sorted(Comparator.comparing(AgentStatus::login)).toList());
    }

    @Override
    public AgentStatus agentStatus(String userId) {
        Permissions.requireSelfOr(userId, "agents", "read");
        String tenant = TenantContext.requireTenant();
        requireAgent(tenant, userId);
        return rt.onActor(tenant, () -> status(rt.acd(tenant).agents.get(userId)));
    }

    private AgentStatus status(AgentRuntime a) {
        Registrar.Binding b = rt.registrar.binding(a.sipUser);
        String contact = a.staticContact != null ? a.staticContact : b == null ? null : b.contact();
        return new AgentStatus(a.userId, a.login, a.sipUser, a.state, a.reason, a.since, a.callId, a.queue, a.seatId,
            contact != null, contact, a.skills, a.callsHandled, a.state == AgentState.READY ? a.idleSince : null);
    }

    @Override
    public List<io.seatline.telephony.AgentStateChange> stateHistory(String userId, Instant from, Instant to, int limit) {
        Permissions.requireSelfOr(userId, "agents", "read");
        TenantContext.requireTenant();
        return rt.jpa.tenant(em -> em.createQuery("select l from AgentStateLogEntity l where l.userId = :u and l.at >= :f and l.at < :t"
                + " order by l.at, l.id", io.seatline.telephony.internal.entity.AgentStateLogEntity.class)
            .setParameter("u", userId).setParameter("f", from == null ? Instant.EPOCH : from)
            .setParameter("t", to == null ? Instant.now().plusSeconds(1) : to).setMaxResults(limit).getResultList()).stream()
            .map(l -> new io.seatline.telephony.AgentStateChange(l.userId, AgentState.valueOf(l.state), AgentState.valueOf(l.previousState),
                l.reason, l.callId, l.at)).toList();
    }

    @Override
    public List<io.seatline.telephony.FloorSample> floorHistory() {
        Permissions.requireAny("queues:read", "realtime:read");
        return rt.floorHistory.of(TenantContext.requireTenant());
    }

    @Override
    public List<QueueStats> queueStats() {
        Permissions.requireAny("queues:read", "realtime:read");
        String tenant = TenantContext.requireTenant();
        return rt.onActor(tenant, () -> rt.acd(tenant).stats());
    }
}
