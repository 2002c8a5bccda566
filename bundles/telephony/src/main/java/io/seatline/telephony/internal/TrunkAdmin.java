package io.seatline.telephony.internal;

import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.Did;
import io.seatline.telephony.TelephonyAdminService;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.TrunkSpec;
import io.seatline.telephony.internal.call.CallEngine;
import io.seatline.telephony.internal.entity.DidEntity;
import io.seatline.telephony.internal.entity.TrunkEntity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Trunks and DIDs (the operator's), DID routing (a tenant's), and the node's telephony status: the
 * {@link TelephonyAdminService}. It writes the database and then the runtime's caches the engine reads
 * ({@link TelephonyServiceImpl#trunks}, {@link TelephonyServiceImpl#dids}).
 */
@Component(service = TelephonyAdminService.class)
public class TrunkAdmin implements TelephonyAdminService {
    private static final CallContext SYSTEM = CallContext.operator("telephony");
    private final TelephonyServiceImpl rt;
    private final Jpa jpa;

    @Activate
    public TrunkAdmin(@Reference TelephonyServiceImpl runtime, @Reference(target = "(osgi.unit.name=seatline-telephony)") EntityManagerFactory emf) {
        this.rt = runtime;
        this.jpa = new Jpa(emf);
    }

    @Override
    public List<Trunk> trunks() {
        TenantContext.requireOperator();
        return rt.trunks;
    }

    @Override
    public Trunk createTrunk(TrunkSpec spec) {
        TenantContext.requireOperator();
        Trunk t = validTrunk(UUID.randomUUID().toString(), spec);
        saveTrunk(t, true);
        rt.audit("trunk.create", t.id(), t.name() + " " + t.host() + ":" + t.port() + " sources " + t.allowedSources());
        return t;
    }

    @Override
    public Trunk updateTrunk(String id, TrunkSpec spec) {
        TenantContext.requireOperator();
        if (rt.trunk(id) == null) {
            throw new NotFoundException("not_found", "trunk '" + id + "' not found");
        }
        Trunk t = validTrunk(id, spec);
        saveTrunk(t, false);
        rt.audit("trunk.update", t.id(), t.name() + " " + t.host() + ":" + t.port() + " sources " + t.allowedSources() + " enabled " + t.enabled());
        return t;
    }

    private void saveTrunk(Trunk t, boolean create) {
        try {
            operatorWork(em -> {
                TrunkEntity e = create ? new TrunkEntity() : em.find(TrunkEntity.class, t.id());
                e.id = t.id();
                e.name = t.name();
                e.host = t.host();
                e.port = t.port();
                e.transport = t.transport();
                e.allowedSources = String.join(",", t.allowedSources());
                e.callerId = t.callerId();
                e.enabled = t.enabled();
                e.symmetricRtp = t.symmetricRtp();
                if (create) {
                    e.createdAt = Instant.now();
                    em.persist(e);
                }
                em.flush();
                return null;
            });
        } catch (PersistenceException e) {
            throw new ConflictException("trunk_name_taken", "a trunk named '" + t.name() + "' exists already", "name");
        }
        reloadTrunks();
    }

    private void reloadTrunks() {
        rt.trunks = TenantContext.call(SYSTEM, () -> jpa.operator(TelephonyServiceImpl::readTrunks));
    }


    /**
     * Operator-level work on trunks and DIDs: always across tenants, even when the operator has entered a tenant
     * (Jpa.operator would then scope it to that tenant).
     */
    private <T> T operatorWork(java.util.function.Function<EntityManager, T> work) {
        return TenantContext.call(TenantContext.current().withTenant(null), () -> jpa.operator(work));
    }

    private static Trunk validTrunk(String id, TrunkSpec s) {
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        if (s.name() == null || s.name().isBlank() || s.name().length() > 100) {
            throw new ValidationException("required", "name is required (1-100 characters)", "name");
        }
        if (s.host() == null || !s.host().matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,199}")) {
            throw new ValidationException("invalid_host", "host must be a host name or IP address", "host");
        }
        int port = TelephonyServiceImpl.range(s.port(), 5060, 1, 65535, "port");
        String transport = s.transport() == null ? "UDP" : s.transport().toUpperCase(java.util.Locale.ROOT);
        if (!transport.equals("UDP") && !transport.equals("TCP")) {
            throw new ValidationException("invalid_transport", "transport must be UDP or TCP", "transport");
        }
        List<String> sources = s.allowedSources() == null || s.allowedSources().isEmpty() ? List.of(s.host()) : s.allowedSources();
        for (String src : sources) {
            if (!Sources.valid(src)) {
                throw new ValidationException("invalid_source", "allowed source '" + src + "' must be an IPv4 address, IP:port or CIDR", "allowedSources");
            }
        }
        String callerId = s.callerId() == null ? null : CallEngine.normalise(s.callerId());
        if (s.callerId() != null && callerId == null) {
            throw new ValidationException("invalid_caller_id", "callerId must be a phone number", "callerId");
        }
        return new Trunk(id, s.name().trim(), s.host(), port, transport, List.copyOf(sources), callerId, s.enabled() == null || s.enabled(),
            Boolean.TRUE.equals(s.symmetricRtp()));
    }

    @Override
    public void deleteTrunk(String id) {
        TenantContext.requireOperator();
        operatorWork(em -> {
            TrunkEntity e = em.find(TrunkEntity.class, id);
            if (e == null) {
                throw new NotFoundException("not_found", "trunk '" + id + "' not found");
            }
            em.remove(e);
            return null;
        });
        reloadTrunks();
        rt.audit("trunk.delete", id, null);
    }

    @Override
    public List<Did> dids() {
        Permissions.require("dids", "read");
        CallContext ctx = TenantContext.current();
        if (ctx.operator() && ctx.tenantId() == null) {
            return rt.dids.values().stream().sorted(Comparator.comparing(Did::number)).toList();
        }
        String tenant = TenantContext.requireTenant();
        return rt.dids.values().stream().filter(d -> d.tenantId().equals(tenant)).sorted(Comparator.comparing(Did::number)).toList();
    }

    @Override
    public Did assignDid(String number, String tenantId, String queue, String trunkId) {
        TenantContext.requireOperator();
        String n = CallEngine.normalise(number);
        if (n == null || n.length() < 3 || n.length() > 32) {
            throw new ValidationException("invalid_number", "DID must be a phone number of 3-32 digits", "number");
        }
        if (tenantId == null || tenantId.isBlank()) {
            throw new ValidationException("required", "tenantId is required", "tenantId");
        }
        if (trunkId != null && rt.trunk(trunkId) == null) {
            throw new ValidationException("unknown_trunk", "trunk '" + trunkId + "' does not exist", "trunkId");
        }
        Did d = operatorWork(em -> {
            DidEntity e = em.find(DidEntity.class, n);
            if (e != null && !e.getTenantId().equals(tenantId)) {
                em.remove(e);
                em.flush();
                e = null;
            }
            return Jpa.inTenant(em, tenantId, () -> {
                if (queue != null) {
                    TelephonyServiceImpl.findQueueOr(em, queue, "queue");
                }
                DidEntity row = em.find(DidEntity.class, n);
                if (row == null) {
                    row = new DidEntity();
                    row.number = n;
                    row.setTenantId(tenantId);
                    row.createdAt = Instant.now();
                    em.persist(row);
                }
                row.queueName = queue;
                row.trunkId = trunkId;
                return TelephonyServiceImpl.did(row);
            });
        });
        rt.dids.put(n, d);
        rt.audit("did.assign", n, "tenant " + tenantId + ", queue " + queue);
        return d;
    }

    @Override
    public void releaseDid(String number) {
        TenantContext.requireOperator();
        String n = CallEngine.normalise(number);
        operatorWork(em -> {
            DidEntity e = n == null ? null : em.find(DidEntity.class, n);
            if (e == null) {
                throw new NotFoundException("not_found", "DID '" + number + "' not found");
            }
            em.remove(e);
            return null;
        });
        rt.dids.remove(n);
        rt.audit("did.release", n, null);
    }

    @Override
    public Did routeDid(String number, String queue, String ivr) {
        Permissions.require("dids", "write");
        TenantContext.requireTenant();
        String n = CallEngine.normalise(number);
        Did d = jpa.tenant(em -> {
            DidEntity e = Jpa.get(em, DidEntity.class, n, "DID");
            if (queue != null) {
                TelephonyServiceImpl.findQueueOr(em, queue, "queue");
            }
            if (ivr != null && rt.mediaStore.menuEntity(em, ivr) == null) {
                throw new ValidationException("unknown_ivr", "IVR menu '" + ivr + "' does not exist", "ivr");
            }
            e.queueName = queue;
            e.ivrMenu = ivr;
            return TelephonyServiceImpl.did(e);
        });
        rt.dids.put(d.number(), d);
        rt.audit("did.route", d.number(), "queue " + queue + ", ivr " + ivr);
        return d;
    }

    @Override
    public Map<String, Object> status() {
        TenantContext.requireOperator();
        return rt.runtimeStatus();
    }
}
