package io.seatline.crm.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.crm.Interaction;
import io.seatline.crm.internal.entity.InteractionEntity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;

/** Writing and reading history entries (in the caller's transaction and tenant). */
final class Interactions {
    private Interactions() {
    }

    static Interaction add(EntityManager em, String customerId, String kind, Instant at, String refId, String summary,
                           Map<String, Object> data, String by) {
        InteractionEntity e = new InteractionEntity();
        e.id = UUID.randomUUID().toString();
        e.customerId = customerId;
        e.kind = kind;
        e.at = at;
        e.refId = refId;
        e.summary = summary.length() > 500 ? summary.substring(0, 499) + "…" : summary;
        String json = CrmServiceImpl.write(data == null ? Map.of() : data);
        e.dataJson = json.length() > 4000 ? "{}" : json;
        e.by = by;
        em.persist(e);
        return of(e);
    }

    static Interaction of(InteractionEntity e) {
        return new Interaction(e.id, e.customerId, e.kind, e.at, e.refId, e.summary,
            CrmServiceImpl.read(e.dataJson, new TypeReference<LinkedHashMap<String, Object>>() {}), e.by);
    }
}
