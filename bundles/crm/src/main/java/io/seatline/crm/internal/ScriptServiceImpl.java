package io.seatline.crm.internal;

import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.FieldDef;
import io.seatline.crm.Script;
import io.seatline.crm.ScriptService;
import io.seatline.crm.internal.entity.ScriptEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Call scripts: validated when saved (steps, branches, variables), filled in for a screen pop. */
@Component(service = ScriptService.class)
public class ScriptServiceImpl implements ScriptService {
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> BUILT_IN = Set.of("customer.name", "customer.title", "customer.phone", "customer.email",
        "call.number", "call.queue", "agent.name", "tenant.name");

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    @Reference
    private CrmService crm;
    @Reference
    private io.seatline.tenancy.TenantDirectory tenants;
    @Reference
    private AuditService audit;

    private Jpa jpa;

    /** What is stored as the definition: everything but the keys kept in columns. */
    private record Body(String title, String start, List<Script.Step> steps) {
    }

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public List<Script> list() {
        Permissions.require("scripts", "read");
        return jpa.tenant(em -> em.createQuery("select s from ScriptEntity s order by s.name", ScriptEntity.class).getResultList().stream()
            .map(ScriptServiceImpl::script).toList());
    }

    @Override
    public Script get(String name) {
        Permissions.require("scripts", "read");
        return jpa.tenant(em -> script(Jpa.named(em, ScriptEntity.class, name)
            .orElseThrow(() -> new io.seatline.core.NotFoundException("not_found", "no script '" + name + "'"))));
    }

    @Override
    public Script save(Script s) {
        Permissions.require("scripts", "write");
        check(s, crm.fields());
        Script saved = jpa.tenant(em -> {
            ScriptEntity e = Jpa.named(em, ScriptEntity.class, s.name()).orElse(null);
            boolean created = e == null;
            if (created) {
                e = new ScriptEntity();
                e.id = UUID.randomUUID().toString();
                e.name = s.name();
            }
            e.queue = blank(s.queue());
            e.campaign = blank(s.campaign());
            e.definition = CrmServiceImpl.write(new Body(s.title(), s.start(), s.steps()));
            e.updatedAt = Instant.now();
            if (created) {
                em.persist(e);
            }
            return script(e);
        });
        audit.record("crm.script.save", s.name(), s.queue() != null ? "queue " + s.queue() : "campaign " + s.campaign());
        return saved;
    }

    @Override
    public void delete(String name) {
        Permissions.require("scripts", "write");
        jpa.tenant(em -> {
            em.remove(Jpa.named(em, ScriptEntity.class, name).orElseThrow(() -> new io.seatline.core.NotFoundException("not_found",
                "no script '" + name + "'")));
            return null;
        });
        audit.record("crm.script.delete", name, null);
    }

    @Override
    public Script render(String queue, String campaign, Customer customer, Map<String, String> call, Map<String, String> agent) {
        Permissions.require("scripts", "read");
        Script s = jpa.tenant(em -> {
            List<ScriptEntity> hits = new ArrayList<>();
            if (campaign != null) {
                hits.addAll(em.createQuery("select s from ScriptEntity s where s.campaign = :c order by s.name", ScriptEntity.class)
                    .setParameter("c", campaign).setMaxResults(1).getResultList());
            }
            if (hits.isEmpty() && queue != null) {
                hits.addAll(em.createQuery("select s from ScriptEntity s where s.queue = :q order by s.name", ScriptEntity.class)
                    .setParameter("q", queue).setMaxResults(1).getResultList());
            }
            return hits.isEmpty() ? null : script(hits.get(0));
        });
        if (s == null) {
            return null;
        }
        String tenant = TenantContext.requireTenant();
        String tenantName = tenants.tenant(tenant).displayName();
        List<Script.Step> steps = s.steps().stream().map(st -> new Script.Step(st.id(), fill(st.text(), customer, call, agent, tenantName),
            st.options())).toList();
        return new Script(s.name(), fill(s.title(), customer, call, agent, tenantName), s.queue(), s.campaign(), s.start(), steps, s.updatedAt());
    }

    static String fill(String text, Customer c, Map<String, String> call, Map<String, String> agent, String tenantName) {
        if (text == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = value(m.group(1).strip(), c, call, agent, tenantName);
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String value(String var, Customer c, Map<String, String> call, Map<String, String> agent, String tenantName) {
        if (var.startsWith("call.")) {
            return call == null ? null : call.get(var.substring(5));
        }
        if (var.startsWith("agent.")) {
            return agent == null ? null : agent.get(var.substring(6));
        }
        if (var.equals("tenant.name")) {
            return tenantName;
        }
        if (c == null) {
            return null;
        }
        return switch (var) {
            case "customer.name" -> c.name();
            case "customer.phone" -> c.phones().isEmpty() ? null : c.phones().get(0);
            case "customer.email" -> c.email();
            case "customer.title" -> c.fields().get("title") == null ? null : String.valueOf(c.fields().get("title"));
            default -> {
                Object o = c.fields().get(var.substring("customer.fields.".length()));
                yield o == null ? null : String.valueOf(o);
            }
        };
    }

    /** The script's shape and every variable, against the tenant's custom fields. */
    static void check(Script s, List<FieldDef> fields) {
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        if (s.name() == null || !NAME.matcher(s.name()).matches()) {
            throw new ValidationException("invalid_name", "name: 1-64 of a-z 0-9 _ - starting with a letter or digit", "name");
        }
        if (blank(s.queue()) == null && blank(s.campaign()) == null) {
            throw new ValidationException("target_required", "a script is for a queue or a campaign", "queue");
        }
        if (s.steps() == null || s.steps().isEmpty() || s.steps().size() > 100) {
            throw new ValidationException("invalid_steps", "a script has 1-100 steps", "steps");
        }
        Set<String> known = new HashSet<>(BUILT_IN);
        fields.forEach(f -> known.add("customer.fields." + f.name()));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < s.steps().size(); i++) {
            Script.Step st = s.steps().get(i);
            if (st == null || st.id() == null || st.id().isBlank() || !ids.add(st.id())) {
                throw new ValidationException("invalid_step_id", "every step has its own id", "steps[" + i + "].id");
            }
            if (st.text() == null || st.text().isBlank() || st.text().length() > 4000) {
                throw new ValidationException("invalid_text", "a step's text is 1-4000 characters", "steps[" + i + "].text");
            }
            variables(st.text(), known, "steps[" + i + "].text");
        }
        variables(s.title() == null ? "" : s.title(), known, "title");
        String start = s.start() == null ? s.steps().get(0).id() : s.start();
        if (!ids.contains(start)) {
            throw new ValidationException("unknown_step", "start names no step: '" + start + "'", "start");
        }
        for (int i = 0; i < s.steps().size(); i++) {
            List<Script.Option> opts = s.steps().get(i).options() == null ? List.of() : s.steps().get(i).options();
            for (int j = 0; j < opts.size(); j++) {
                Script.Option o = opts.get(j);
                if (o == null || o.label() == null || o.label().isBlank()) {
                    throw new ValidationException("invalid_option", "an option has a label", "steps[" + i + "].options[" + j + "].label");
                }
                if (o.next() != null && !ids.contains(o.next())) {
                    throw new ValidationException("unknown_step", "option leads to no step: '" + o.next() + "'",
                        "steps[" + i + "].options[" + j + "].next");
                }
            }
        }
    }

    private static void variables(String text, Set<String> known, String field) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (!known.contains(m.group(1).strip())) {
                throw new ValidationException("unknown_variable", "unknown variable ${" + m.group(1) + "}; known: customer.name, customer.title,"
                    + " customer.phone, customer.email, customer.fields.<custom field>, call.number, call.queue, agent.name, tenant.name", field);
            }
        }
    }

    private static Script script(ScriptEntity e) {
        Body b = CrmServiceImpl.read(e.definition, new TypeReference<Body>() {});
        List<Script.Step> steps = b.steps().stream().map(st -> new Script.Step(st.id(), st.text(), st.options() == null ? List.of() : st.options()))
            .toList();
        return new Script(e.name, b.title(), e.queue, e.campaign, b.start() == null ? steps.get(0).id() : b.start(), steps, e.updatedAt);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
