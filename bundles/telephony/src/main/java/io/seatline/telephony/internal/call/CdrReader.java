package io.seatline.telephony.internal.call;

import io.seatline.core.Page;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrLeg;
import io.seatline.telephony.CdrService;
import io.seatline.telephony.internal.RecordWriter;
import io.seatline.telephony.internal.entity.CdrEntity;
import io.seatline.telephony.internal.entity.CdrLegEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Reads CDRs: needs the database and nothing else, so billing, QA and CRM, which read CDRs, neither wait for nor
 * restart with the SIP stack. The call service writes them ({@link RecordWriter}).
 */
@Component(service = CdrService.class)
public class CdrReader implements CdrService {
    private final Jpa jpa;

    @Activate
    public CdrReader(@Reference(target = "(osgi.unit.name=seatline-telephony)") EntityManagerFactory emf) {
        this.jpa = new Jpa(emf);
    }

    /** The fields the CDR list sorts by. */
    private static final Map<String, String> CDR_SORT = io.seatline.core.Sort.columns("offered", "c.offeredAt", "wait", "c.waitMs", "talk",
        "c.talkMs", "hold", "c.holdMs", "queue", "c.queueName", "agent", "c.agentLogin", "result", "c.disposition");

    @Override
    public Page<Cdr> list(Instant from, Instant to, String queue, String agentUserId, String disposition, io.seatline.core.Sort sort, int offset,
                          int limit) {
        Permissions.require("cdrs", "read");
        TenantContext.requireTenant();
        String order = io.seatline.core.Sort.orderBy(sort, CDR_SORT, "c.offeredAt desc, c.id", "c.id");
        return jpa.tenant(em -> {
            Jpa.Where w = cdrFilter(from, to, queue, agentUserId, disposition);
            TypedQuery<Long> count = w.bind(em.createQuery("select count(c) from CdrEntity c" + w.where(), Long.class));
            TypedQuery<CdrEntity> page = w.bind(em.createQuery("select c from CdrEntity c" + w.where() + order, CdrEntity.class));
            List<CdrEntity> rows = page.setFirstResult(offset).setMaxResults(limit).getResultList();
            Map<String, List<CdrLeg>> legs = legs(em, rows.stream().map(c -> c.id).toList());
            return new Page<>(rows.stream().map(c -> cdr(c, legs.getOrDefault(c.id, List.of()))).toList(), count.getSingleResult(), offset, limit);
        });
    }

    /** The optional conditions (on alias c) of a CDR search. */
    private static Jpa.Where cdrFilter(Instant from, Instant to, String queue, String agentUserId, String disposition) {
        return new Jpa.Where("c").atLeast("offeredAt", from).before("offeredAt", to).eq("queueName", queue).eq("agentUserId", agentUserId)
            .eq("disposition", disposition == null ? null : disposition.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public io.seatline.telephony.CsatSummary csat(Instant from, Instant to, String queue, String agentUserId) {
        Permissions.require("cdrs", "read");
        TenantContext.requireTenant();
        return jpa.tenant(em -> {
            Jpa.Where w = cdrFilter(from, to, queue, agentUserId, null).and("c.csatStatus is not null");
            TypedQuery<Object[]> q = w.bind(em.createQuery("select c.agentUserId, c.agentLogin, c.queueName, c.csatScore, count(c) from CdrEntity c"
                + w.where() + " group by c.agentUserId, c.agentLogin, c.queueName, c.csatScore", Object[].class));
            Csat all = new Csat(null, null);
            Map<String, Csat> agents = new java.util.TreeMap<>();
            Map<String, Csat> queues = new java.util.TreeMap<>();
            for (Object[] r : q.getResultList()) {
                Integer score = (Integer) r[3];
                long n = (Long) r[4];
                all.add(score, n);
                String agent = (String) r[0];
                if (agent != null) {
                    agents.computeIfAbsent(agent, k -> new Csat(k, (String) r[1])).add(score, n);
                }
                String queueName = (String) r[2];
                if (queueName != null) {
                    queues.computeIfAbsent(queueName, k -> new Csat(k, k)).add(score, n);
                }
            }
            Map<String, Long> scores = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= 5; i++) {
                scores.put(Integer.toString(i), all.counts[i]);
            }
            return new io.seatline.telephony.CsatSummary(from, to, all.surveyed, all.scored, all.surveyed - all.scored, all.average(), scores,
                agents.values().stream().map(Csat::group).toList(), queues.values().stream().map(Csat::group).toList());
        });
    }

    /** Running CSAT figures of one group. */
    private static final class Csat {
        final String key;
        final String label;
        final long[] counts = new long[6];
        long surveyed;
        long scored;
        long sum;

        Csat(String key, String label) {
            this.key = key;
            this.label = label;
        }

        void add(Integer score, long n) {
            surveyed += n;
            if (score != null && score >= 1 && score <= 5) {
                counts[score] += n;
                scored += n;
                sum += score * n;
            }
        }

        java.math.BigDecimal average() {
            return scored == 0 ? null : java.math.BigDecimal.valueOf(sum).divide(java.math.BigDecimal.valueOf(scored), 2, java.math.RoundingMode.HALF_UP);
        }

        io.seatline.telephony.CsatSummary.Group group() {
            return new io.seatline.telephony.CsatSummary.Group(key, label, surveyed, scored, surveyed - scored, average());
        }
    }

    @Override
    public Cdr get(String callId) {
        Permissions.require("cdrs", "read");
        TenantContext.requireTenant();
        return jpa.tenant(em -> {
            CdrEntity c = Jpa.get(em, CdrEntity.class, callId, "CDR");
            return cdr(c, legs(em, List.of(c.id)).getOrDefault(c.id, List.of()));
        });
    }

    private static Map<String, List<CdrLeg>> legs(EntityManager em, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<CdrLeg>> out = new HashMap<>();
        em.createQuery("select l from CdrLegEntity l where l.cdrId in :ids order by l.cdrId, l.legNo", CdrLegEntity.class)
            .setParameter("ids", ids).getResultList().forEach(l -> out.computeIfAbsent(l.cdrId, k -> new ArrayList<>())
                .add(new CdrLeg(l.legNo, l.kind, l.party, l.sipCallId, l.startedAt, l.answeredAt, l.endedAt, l.result, l.sipStatus)));
        return out;
    }

    private static Cdr cdr(CdrEntity c, List<CdrLeg> legs) {
        return new Cdr(c.id, c.getTenantId(), c.direction, c.fromParty, c.toParty, c.did, c.queueName, c.agentUserId, c.agentLogin,
            c.seatId, c.offeredAt, c.answeredAt, c.endedAt, c.waitMs, c.talkMs, c.holdMs, c.wrapUpMs, c.disposition, c.hangupCause,
            c.transfers, legs, c.recordingId, c.csatScore, c.csatStatus, c.ivrPath, c.recordingStatus, c.outcome, c.outcomeNote);
    }
}
