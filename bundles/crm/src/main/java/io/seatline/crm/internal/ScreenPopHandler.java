package io.seatline.crm.internal;

import io.seatline.core.CallContext;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.Interaction;
import io.seatline.crm.Push;
import io.seatline.crm.PushService;
import io.seatline.crm.ScreenPop;
import io.seatline.crm.Script;
import io.seatline.crm.ScriptService;
import io.seatline.persistence.Jpa;
import io.seatline.tenancy.UserService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the telephony call events: when a call rings an agent (or an agent is consulted) the customer is looked up by
 * the caller's number (the dialled number for an outbound call) and a screen pop is pushed to that agent; a transfer
 * pops again at the next agent. When the call ends it is filed in the history of the customers it was about; a
 * campaign call's disposition is filed too.
 */
@Component(service = EventHandler.class, immediate = true,
    property = {EventConstants.EVENT_TOPIC + "=io/seatline/telephony/call/*", EventConstants.EVENT_TOPIC + "=io/seatline/dialer/attempt/DISPOSED"})
public class ScreenPopHandler implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenPopHandler.class);
    private static final CallContext SYSTEM = CallContext.operator("crm");
    private static final int HISTORY_IN_POP = 10;

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    @Reference
    private CrmService crm;
    @Reference
    private PushService push;
    @Reference
    private ScriptService scripts;
    @Reference
    private UserService users;
    @Reference
    private io.seatline.tenancy.TenantDirectory tenants;

    private Jpa jpa;

    /** What is known of a live call: its customers (looked up once), who answered, whether a transfer is under way. */
    private static final class Track {
        final String number;
        final List<Customer> customers;
        String answeredBy;
        boolean transferring;

        Track(String number, List<Customer> customers) {
            this.number = number;
            this.customers = customers;
        }
    }

    private final Map<String, Track> calls = new ConcurrentHashMap<>();

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public void handleEvent(Event e) {
        String tenant = (String) e.getProperty(SeatlineEvents.TENANT_ID);
        if (tenant == null) {
            return;
        }
        try {
            TenantContext.run(SYSTEM.withTenant(tenant), () -> handle(e));
        } catch (RuntimeException ex) {
            LOG.warn("CRM could not handle {} of tenant {}: {}", e.getTopic(), tenant, ex.toString());
        }
    }

    private void handle(Event e) {
        String type = (String) e.getProperty(SeatlineEvents.TYPE);
        if (e.getTopic().startsWith("io/seatline/dialer/")) {
            disposed(e);
            return;
        }
        String callId = (String) e.getProperty("call.id");
        if (callId == null) {
            return;
        }
        switch (type) {
            case "RINGING" -> {
                Track t = track(callId, e);
                pop(callId, (String) e.getProperty("user.id"), t.transferring ? "TRANSFER" : "OFFER", t.transferring ? t.answeredBy : null, t, e);
            }
            case "CONSULTING" -> {
                String consulted = (String) e.getProperty("user.id");
                if (consulted != null) {
                    Track t = track(callId, e);
                    pop(callId, consulted, "CONSULT", t.answeredBy, t, e);
                }
            }
            case "ANSWERED" -> {
                Track t = calls.get(callId);
                if (t != null && e.getProperty("user.id") != null) {
                    t.answeredBy = (String) e.getProperty("user.id");
                    t.transferring = false;
                }
            }
            case "TRANSFERRED" -> {
                Track t = track(callId, e);
                if (e.getProperty("attended") != null) {
                    // the consulted agent already has its pop; it is now the one with the call
                    t.transferring = false;
                } else {
                    t.transferring = true;
                }
            }
            case "ENDED" -> ended(callId, e);
            default -> {
                // other call events do not change what agents see
            }
        }
    }

    private Track track(String callId, Event e) {
        return calls.computeIfAbsent(callId, id -> new Track(numberOf(e), find(numberOf(e))));
    }

    /** The customer's number: the caller's, or for an outbound call the dialled one. */
    private static String numberOf(Event e) {
        return (String) e.getProperty("OUTBOUND".equals(e.getProperty("direction")) ? "to" : "from");
    }

    private List<Customer> find(String number) {
        if (number == null || number.isBlank()) {
            return List.of();
        }
        try {
            return crm.lookup(number);
        } catch (io.seatline.core.ValidationException notANumber) {
            return List.of(); // anonymous, a SIP user name: nobody to find
        }
    }

    private void pop(String callId, String userId, String reason, String fromUserId, Track t, Event e) {
        if (userId == null) {
            return;
        }
        Customer first = t.customers.isEmpty() ? null : t.customers.get(0);
        List<Interaction> history = first == null ? List.of() : crm.history(first.id(), 0, HISTORY_IN_POP);
        CustomerSpec form = first != null ? null : new CustomerSpec(null, t.number == null ? List.of() : List.of(e164OrRaw(t.number)), null, null,
            null, List.of(), Map.of());
        Map<String, Object> data = new LinkedHashMap<>();
        for (String k : new String[] {"dialer.campaign", "dialer.attempt", "did", "ivr.path"}) {
            if (e.getProperty(k) != null) {
                data.put(k, e.getProperty(k));
            }
        }
        for (String k : e.getPropertyNames()) {
            if (k.startsWith("data.")) {
                data.put(k, e.getProperty(k)); // what the caller keyed in the IVR
            }
        }
        String queue = (String) e.getProperty("queue");
        Script script = null;
        try {
            Map<String, String> call = new LinkedHashMap<>();
            call.put("number", t.number);
            call.put("queue", queue);
            script = scripts.render(queue, (String) e.getProperty("dialer.campaign"), first, call, agentFields(userId));
        } catch (RuntimeException ex) {
            LOG.warn("script of call {} not rendered: {}", callId, ex.toString(), ex);
        }
        ScreenPop pop = new ScreenPop(callId, userId, reason, fromUserId, (String) e.getProperty("direction"), t.number, queue, Instant.now(),
            t.customers, history, form, data, script);
        push.push(userId, new Push("screen-pop", pop));
    }

    /** The agent's fields a script can use ({@code agent.name}), read only when a script is rendered: most calls have none. */
    private Map<String, String> agentFields(String userId) {
        return new java.util.AbstractMap<>() {
            private Map<String, String> fields;

            @Override
            public java.util.Set<Map.Entry<String, String>> entrySet() {
                if (fields == null) {
                    String name = users.get(userId).displayName();
                    fields = Map.of("name", name == null ? "" : name);
                }
                return fields.entrySet();
            }
        };
    }

    /** The number as the new-customer form shows it: E.164 when it is a phone number of the tenant's country. */
    private String e164OrRaw(String number) {
        String country = tenants.tenant(TenantContext.requireTenant()).phoneCountry();
        io.seatline.core.PhoneNumbers.Result r = io.seatline.core.PhoneNumbers.normalise(number, country);
        return r.ok() ? r.e164() : number;
    }

    /** The call is filed in the history of each customer it was about. */
    private void ended(String callId, Event e) {
        Track t = calls.remove(callId);
        String number = t != null ? t.number : numberOf(e);
        List<Customer> about = t != null ? t.customers : find(number);
        if (about.isEmpty()) {
            return;
        }
        String direction = String.valueOf(e.getProperty("direction"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("direction", direction);
        data.put("number", number);
        if (e.getProperty("queue") != null) {
            data.put("queue", e.getProperty("queue"));
        }
        data.put("disposition", e.getProperty("disposition"));
        data.put("cause", e.getProperty("cause"));
        if (t != null && t.answeredBy != null) {
            data.put("agentUserId", t.answeredBy);
        }
        String summary = ("OUTBOUND".equals(direction) ? "Outbound call to " : "Inbound call from ") + number + ": " + e.getProperty("disposition");
        jpa.tenant(em -> {
            for (Customer c : about.subList(0, Math.min(5, about.size()))) {
                Interactions.add(em, c.id(), "CALL", Instant.now(), callId, summary, data, "telephony");
            }
            return null;
        });
    }

    private void disposed(Event e) {
        // the customer the agent had open for the call; else those with the call's number
        List<Customer> about = List.of();
        if (e.getProperty("customer.id") instanceof String id) {
            try {
                about = List.of(crm.get(id));
            } catch (io.seatline.core.NotFoundException gone) {
                about = List.of();
            }
        }
        if (about.isEmpty()) {
            about = find((String) e.getProperty("phone"));
        }
        if (about.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String k : new String[] {"code", "label", "note", "campaign.id", "contact.id", "callback.at", "callback.zone"}) {
            if (e.getProperty(k) != null) {
                data.put(k, e.getProperty(k));
            }
        }
        String note = (String) e.getProperty("note");
        String summary = "Disposition " + e.getProperty("label") + (note == null || note.isBlank() ? "" : ": " + note)
            + (e.getProperty("callback.at") == null ? "" : " (callback " + e.getProperty("callback.at") + ")");
        List<Customer> targets = new ArrayList<>(about.subList(0, Math.min(5, about.size())));
        jpa.tenant(em -> {
            for (Customer c : targets) {
                Interactions.add(em, c.id(), "DISPOSITION", Instant.now(), (String) e.getProperty("call.id"), summary, data,
                    (String) e.getProperty("by"));
            }
            return null;
        });
    }
}
