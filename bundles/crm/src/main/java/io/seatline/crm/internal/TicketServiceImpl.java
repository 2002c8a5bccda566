// Longer than ~600 lines: TicketServiceImpl holds tickets with their categories, SLA, dispatch links, attachments,
// revisits and the reminder sweep, by its section banners; the reminder sweep and the public (token) side are the
// seams to split along (issue 19).
package io.seatline.crm.internal;

import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Roles;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.TooLargeException;
import io.seatline.core.ValidationException;
import io.seatline.crm.FieldDef;
import io.seatline.crm.Notification;
import io.seatline.crm.Push;
import io.seatline.crm.PushService;
import io.seatline.crm.TicketService;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.NotificationEntity;
import io.seatline.crm.internal.entity.TicketAttachmentEntity;
import io.seatline.crm.internal.entity.TicketCategoryEntity;
import io.seatline.crm.internal.entity.TicketChangeEntity;
import io.seatline.crm.internal.entity.TicketCommentEntity;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.crm.internal.entity.TicketSeqEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.BusinessCalendar;
import io.seatline.telephony.MediaService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tickets (工单). Every change writes the ticket's trail (sl_ticket_change) and the tenant's audit; reminders run on
 * a timer over all tenants and on an injectable clock (a {@code java.time.Clock} service with {@code seatline.clock=true}).
 */
@Component(service = TicketService.class, immediate = true, configurationPid = "seatline.crm", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CrmConfig.class)
public class TicketServiceImpl implements TicketService {
    private static final Logger LOG = LoggerFactory.getLogger(TicketServiceImpl.class);
    private static final CallContext SYSTEM = CallContext.operator("crm");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> PRIORITIES = Set.of("LOW", "NORMAL", "HIGH", "URGENT");
    private static final List<String> OPEN = List.of("NEW", "ASSIGNED", "IN_PROGRESS");
    /** status → the statuses a transition may lead to (REOPEN is its own verb) */
    private static final Map<String, Set<String>> MOVES = Map.of(
        "NEW", Set.of("IN_PROGRESS", "RESOLVED"),
        "ASSIGNED", Set.of("IN_PROGRESS", "RESOLVED"),
        "IN_PROGRESS", Set.of("RESOLVED"),
        "RESOLVED", Set.of("CLOSED", "REOPEN"),
        "CLOSED", Set.of("REOPEN"));

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    @Reference
    private TenantService tenants;
    @Reference
    private UserService users;
    @Reference
    private TeamService teams;
    @Reference
    private AuditService audit;
    @Reference
    private EventAdmin eventAdmin;
    @Reference
    private PushService push;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MediaService media;
    /** e-mails dispatch links when the integration bundle has an SMTP server configured */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.seatline.core.Mailer mailer;

    private volatile Clock clock = Clock.systemUTC();
    private Jpa jpa;
    private volatile CrmConfig cfg;
    private java.util.concurrent.ScheduledFuture<?> reminders;
    private Path dataDir;
    private byte[] linkKey;
    private ScheduledExecutorService timer;
    private java.util.concurrent.ExecutorService mails;

    /** A {@code java.time.Clock} service with {@code seatline.clock=true} replaces the system clock; reminders run at once. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    void bindClock(Clock c) {
        clock = c;
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.execute(this::remindQuietly);
        }
    }

    void unbindClock(Clock c) {
        if (clock == c) {
            clock = Clock.systemUTC();
        }
    }

    @Activate
    void activate(CrmConfig config) throws IOException {
        cfg = config;
        jpa = new Jpa(emf);
        dataDir = config.data_dir().isBlank() ? Paths.get(System.getProperty("karaf.data", "data"), "seatline", "crm") : Paths.get(config.data_dir());
        Files.createDirectories(dataDir);
        linkKey = config.link_secret().isBlank() ? generatedKey() : config.link_secret().getBytes(StandardCharsets.UTF_8);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seatline-crm-reminders");
            t.setDaemon(true);
            return t;
        });
        scheduleReminders(config);
        mails = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seatline-crm-mail");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * etc/seatline.crm.cfg edited: the attachment limit, the public link base and the reminder period apply at once;
     * a new link.secret signs new links (links already sent stop working, as they would after a restart); data.dir
     * applies to files stored from now on.
     */
    @Modified
    void modified(CrmConfig config) throws IOException {
        CrmConfig before = cfg;
        cfg = config;
        if (!before.data_dir().equals(config.data_dir())) {
            Path dir = config.data_dir().isBlank() ? Paths.get(System.getProperty("karaf.data", "data"), "seatline", "crm") : Paths.get(config.data_dir());
            Files.createDirectories(dir);
            dataDir = dir;
        }
        if (!before.link_secret().equals(config.link_secret())) {
            linkKey = config.link_secret().isBlank() ? generatedKey() : config.link_secret().getBytes(StandardCharsets.UTF_8);
        }
        if (before.reminder_scan_seconds() != config.reminder_scan_seconds()) {
            scheduleReminders(config);
        }
        LOG.info("seatline.crm reconfigured without a restart");
    }

    private synchronized void scheduleReminders(CrmConfig config) {
        if (reminders != null) {
            reminders.cancel(false);
        }
        int every = Math.max(1, config.reminder_scan_seconds());
        reminders = timer.scheduleWithFixedDelay(this::remindQuietly, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        mails.shutdownNow();
    }

    private byte[] generatedKey() throws IOException {
        Path f = dataDir.resolve("link.key");
        if (Files.exists(f)) {
            return Base64.getDecoder().decode(Files.readString(f).strip());
        }
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Files.writeString(f, Base64.getEncoder().encodeToString(k));
        return k;
    }

    private Instant now() {
        return clock.instant();
    }

    // =================================================================== categories

    @Override
    public List<Category> categories() {
        Permissions.require("tickets", "read");
        return jpa.tenant(TicketServiceImpl::categories);
    }

    private static List<Category> categories(EntityManager em) {
        return em.createQuery("select c from TicketCategoryEntity c order by c.position", TicketCategoryEntity.class).getResultList().stream()
            .map(TicketServiceImpl::category).toList();
    }

    private static Category category(TicketCategoryEntity c) {
        return new Category(c.name, c.label, c.slaHours, c.businessHours, CrmServiceImpl.read(c.fieldsJson, new TypeReference<List<FieldDef>>() {}),
            CrmServiceImpl.read(c.escalateJson, new TypeReference<List<String>>() {}), c.revisitHours);
    }

    @Override
    public List<Category> saveCategories(List<Category> cats) {
        Permissions.require("ticket-categories", "write");
        if (cats == null) {
            throw new ValidationException("body_required", "a JSON array of categories is required", null);
        }
        List<Category> checked = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < cats.size(); i++) {
            Category c = cats.get(i);
            String at = "[" + i + "]";
            if (c == null || c.name() == null || !NAME.matcher(c.name()).matches() || !names.add(c.name())) {
                throw new ValidationException("invalid_category_name", "a category name is 1-64 of a-z 0-9 _ -, once", at + ".name");
            }
            if (c.label() == null || c.label().isBlank() || c.label().length() > 200) {
                throw new ValidationException("invalid_label", "label: 1-200 characters", at + ".label");
            }
            if (c.slaHours() == null || c.slaHours() < 1 || c.slaHours() > 24 * 365) {
                throw new ValidationException("invalid_sla", "slaHours: 1 to 8760", at + ".slaHours");
            }
            if (c.revisitHours() != null && (c.revisitHours() < 0 || c.revisitHours() > 24 * 365)) {
                throw new ValidationException("invalid_revisit", "revisitHours: 0 to 8760, or null for none", at + ".revisitHours");
            }
            List<FieldDef> fields;
            try {
                fields = CustomFields.checkDefinitions(c.fields() == null ? List.of() : c.fields());
            } catch (ValidationException e) {
                throw new ValidationException(e.code(), e.getMessage(), at + ".fields" + (e.field() == null ? "" : e.field()));
            }
            List<String> escalate = c.escalateTo() == null ? List.of() : List.copyOf(c.escalateTo());
            for (String u : escalate) {
                user(u, at + ".escalateTo");
            }
            checked.add(new Category(c.name(), c.label().strip(), c.slaHours(), Boolean.TRUE.equals(c.businessHours()), fields, escalate,
                c.revisitHours()));
        }
        jpa.tenant(em -> {
            for (Category old : categories(em)) {
                if (!names.contains(old.name())) {
                    long n = em.createQuery("select count(t) from TicketEntity t where t.category = :c", Long.class).setParameter("c", old.name())
                        .getSingleResult();
                    if (n > 0) {
                        throw new ConflictException("category_in_use", "category '" + old.name() + "' has " + n + " tickets", "categories");
                    }
                }
            }
            Jpa.bulk(em, "delete from TicketCategoryEntity c").executeUpdate();
            em.flush();
            int pos = 0;
            for (Category c : checked) {
                TicketCategoryEntity e = new TicketCategoryEntity();
                e.id = UUID.randomUUID().toString();
                e.name = c.name();
                e.label = c.label();
                e.slaHours = c.slaHours();
                e.businessHours = c.businessHours();
                e.fieldsJson = CrmServiceImpl.write(c.fields());
                e.escalateJson = CrmServiceImpl.write(c.escalateTo());
                e.revisitHours = c.revisitHours();
                e.position = pos++;
                em.persist(e);
            }
            return null;
        });
        audit.record("ticket.categories", null, String.join(",", names));
        return checked;
    }

    private static TicketCategoryEntity categoryEntity(EntityManager em, String name, String field) {
        return Jpa.named(em, TicketCategoryEntity.class, name == null ? "" : name)
            .orElseThrow(() -> new ValidationException("unknown_category", "no ticket category '" + name + "'", field));
    }

    // =================================================================== tickets

    @Override
    public Ticket create(TicketSpec s) {
        Permissions.require("tickets", "write");
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        String tenant = TenantContext.requireTenant();
        String by = TenantContext.current().principal();
        Instant now = now();
        Tenant t = TenantContext.call(SYSTEM, () -> tenants.get(tenant));
        BusinessCalendar calendar = calendar();
        Ticket created = jpa.tenant(em -> {
            TicketCategoryEntity cat = categoryEntity(em, s.category(), "category");
            Category c = category(cat);
            TicketEntity e = new TicketEntity();
            e.id = UUID.randomUUID().toString();
            e.category = c.name();
            write(em, e, s, c);
            e.status = "NEW";
            e.createdAt = now;
            e.createdBy = by;
            e.updatedAt = now;
            e.callId = s.callId();
            ZoneId zone = ZoneId.of(calendar.timezone() != null ? calendar.timezone() : t.timezone());
            Duration sla = Duration.ofHours(c.slaHours());
            e.dueAt = c.businessHours() ? BusinessHours.add(now, sla, calendar, zone) : now.plus(sla);
            e.number = number(em, tenant, now, ZoneId.of(t.timezone()));
            em.persist(e);
            change(em, e.id, now, by, "CREATED", null, "NEW", c.label() + ": " + e.title);
            if (e.customerId != null) {
                Interactions.add(em, e.customerId, "TICKET", now, e.id, "工单 / Ticket " + e.number + " " + c.label() + ": " + e.title,
                    Map.of("number", e.number, "status", "NEW", "category", c.name()), by);
            }
            return ticket(e, now);
        });
        audit.record("ticket.create", created.id(), created.number() + " " + created.category());
        publish("CREATED", created, Map.of());
        return created;
    }

    /** Title, description, priority, customer and fields, validated against the category. */
    private static void write(EntityManager em, TicketEntity e, TicketSpec s, Category c) {
        if (s.title() == null || s.title().isBlank() || s.title().length() > 200) {
            throw new ValidationException("invalid_title", "title: 1-200 characters", "title");
        }
        if (s.description() != null && s.description().length() > 4000) {
            throw new ValidationException("invalid_description", "description: at most 4000 characters", "description");
        }
        String priority = s.priority() == null ? "NORMAL" : s.priority().toUpperCase(Locale.ROOT);
        if (!PRIORITIES.contains(priority)) {
            throw new ValidationException("invalid_priority", "priority is one of " + PRIORITIES, "priority");
        }
        if (s.customerId() != null && Jpa.find(em, CustomerEntity.class, s.customerId()) == null) {
            throw new ValidationException("unknown_customer", "no customer '" + s.customerId() + "'", "customerId");
        }
        e.title = s.title().strip();
        e.description = s.description();
        e.priority = priority;
        e.customerId = s.customerId();
        e.fieldsJson = CrmServiceImpl.write(CustomFields.checkValues(c.fields(), s.fields()));
        if (e.fieldsJson.length() > 8000) {
            throw new ValidationException("fields_too_large", "the fields exceed 8000 characters", "fields");
        }
    }

    /** GD-yyyyMMdd-0001: the tenant's counter of the day, under a row lock. */
    private static String number(EntityManager em, String tenant, Instant now, ZoneId zone) {
        String day = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).format(now.atZone(zone));
        TicketSeqEntity seq = em.find(TicketSeqEntity.class, tenant, LockModeType.PESSIMISTIC_WRITE);
        if (seq == null) {
            seq = new TicketSeqEntity();
            seq.id = tenant;
            seq.day = day;
            seq.next = 1;
            em.persist(seq);
        } else if (!seq.day.equals(day)) {
            seq.day = day;
            seq.next = 1;
        }
        int n = seq.next++;
        return "GD-" + day + "-" + String.format(Locale.ROOT, "%04d", n);
    }

    @Override
    public Ticket get(String id) {
        Permissions.require("tickets", "read");
        Instant now = now();
        return jpa.tenant(em -> ticket(Jpa.get(em, TicketEntity.class, id, "ticket"), now));
    }

    @Override
    public Page<Ticket> search(String status, String category, String assigneeUserId, String customerId, boolean overdueOnly, int offset, int limit) {
        Permissions.require("tickets", "read");
        Instant now = now();
        return jpa.tenant(em -> {
            Jpa.Where w = new Jpa.Where("t").eq("status", status == null ? null : status.toUpperCase(Locale.ROOT)).eq("category", category)
                .eq("assigneeUserId", assigneeUserId).eq("customerId", customerId);
            if (overdueOnly) {
                w.and("t.status in ('NEW', 'ASSIGNED', 'IN_PROGRESS')").before("dueAt", now);
            }
            long total = w.bind(em.createQuery("select count(t) from TicketEntity t" + w.where(), Long.class)).getSingleResult();
            List<Ticket> items = w.bind(em.createQuery("select t from TicketEntity t" + w.where() + " order by t.createdAt desc, t.id",
                TicketEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(e -> ticket(e, now)).toList();
            return new Page<>(items, total, offset, limit);
        });
    }

    @Override
    public List<Ticket> overdue() {
        Permissions.require("tickets", "read");
        Instant now = now();
        return jpa.tenant(em -> em.createQuery("select t from TicketEntity t where t.status in :open and t.dueAt < :now order by t.dueAt",
            TicketEntity.class).setParameter("open", OPEN).setParameter("now", now).setMaxResults(500).getResultList().stream()
            .map(e -> ticket(e, now)).toList());
    }

    @Override
    public Ticket update(String id, TicketSpec s) {
        Permissions.require("tickets", "write");
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        String by = TenantContext.current().principal();
        Instant now = now();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if (s.category() != null && !s.category().equals(e.category)) {
                throw new ValidationException("category_fixed", "a ticket's category cannot change; open a new ticket", "category");
            }
            String before = e.title + " | " + e.priority + " | " + e.fieldsJson;
            write(em, e, s, category(categoryEntity(em, e.category, "category")));
            e.updatedAt = now;
            change(em, e.id, now, by, "EDITED", null, null, before + " → " + e.title + " | " + e.priority + " | " + e.fieldsJson);
            return ticket(e, now);
        });
        audit.record("ticket.update", id, t.number());
        return t;
    }

    @Override
    public Ticket assign(String id, String userId, String teamId) {
        Permissions.require("tickets", "assign");
        if (userId == null && teamId == null) {
            throw new ValidationException("assignee_required", "assign to a user (userId), a team (teamId) or both", "userId");
        }
        User u = userId == null ? null : user(userId, "userId");
        if (teamId != null) {
            try {
                Permissions.asService("tickets", () -> teams.get(teamId)); // the assigner may hold tickets:assign without teams:read
            } catch (NotFoundException e) {
                throw new ValidationException("unknown_team", "no team '" + teamId + "' in this tenant", "teamId");
            }
        }
        String by = TenantContext.current().principal();
        Instant now = now();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if ("CLOSED".equals(e.status)) {
                throw new ConflictException("invalid_transition", "a closed ticket is reopened before it is reassigned", "status");
            }
            String from = e.assigneeUserId + "/" + e.teamId;
            e.assigneeUserId = userId;
            e.teamId = teamId;
            String was = e.status;
            if ("NEW".equals(e.status)) {
                e.status = "ASSIGNED";
            }
            e.updatedAt = now;
            change(em, e.id, now, by, "ASSIGNED", from, userId + "/" + teamId, was.equals(e.status) ? null : was + " → " + e.status);
            if (u != null) {
                notify(em, u.id(), "TICKET_ASSIGNED", e, "工单 " + e.number + " 已派给您 / Ticket " + e.number + " is assigned to you: " + e.title, now);
            }
            return ticket(e, now);
        });
        audit.record("ticket.assign", id, userId + "/" + teamId);
        publish("ASSIGNED", t, Map.of());
        return t;
    }

    @Override
    public Ticket transition(String id, String status, String note) {
        Permissions.require("tickets", "write");
        String to = status == null ? "" : status.toUpperCase(Locale.ROOT);
        if (note != null && note.length() > 2000) {
            throw new ValidationException("invalid_note", "note: at most 2000 characters", "note");
        }
        String by = TenantContext.current().principal();
        Ticket t = jpa.tenant(em -> move(em, Jpa.get(em, TicketEntity.class, id, "ticket"), to, note, by));
        audit.record("ticket." + to.toLowerCase(Locale.ROOT), id, t.number() + (note == null ? "" : " " + note));
        publish("REOPEN".equals(to) ? "REOPENED" : to, t, Map.of());
        return t;
    }

    private Ticket move(EntityManager em, TicketEntity e, String to, String note, String by) {
        Instant now = now();
        if (!MOVES.getOrDefault(e.status, Set.of()).contains(to)) {
            throw new ConflictException("invalid_transition", "a " + e.status + " ticket cannot go to " + to + " (allowed: "
                + MOVES.getOrDefault(e.status, Set.of()) + ")", "status");
        }
        if ("RESOLVED".equals(to) && (note == null || note.isBlank())) {
            throw new ValidationException("resolution_required", "resolving a ticket needs its resolution (note)", "note");
        }
        String from = e.status;
        switch (to) {
            case "RESOLVED" -> {
                e.status = "RESOLVED";
                e.resolvedAt = now;
                e.resolution = note.strip();
                Integer revisit = category(categoryEntity(em, e.category, "category")).revisitHours();
                if (revisit != null) {
                    e.revisitDueAt = now.plus(Duration.ofHours(revisit));
                    e.revisitStatus = "PENDING";
                    e.revisitRemindedAt = null;
                }
                if (e.customerId != null) {
                    Interactions.add(em, e.customerId, "TICKET", now, e.id, "工单 / Ticket " + e.number + " resolved: " + e.resolution,
                        Map.of("number", e.number, "status", "RESOLVED"), by);
                }
            }
            case "CLOSED" -> {
                e.status = "CLOSED";
                e.closedAt = now;
            }
            case "REOPEN" -> {
                e.status = "IN_PROGRESS";
                e.resolvedAt = null;
                e.closedAt = null;
                e.remindedAt = null;
            }
            default -> e.status = to;
        }
        e.updatedAt = now;
        change(em, e.id, now, by, "REOPEN".equals(to) ? "REOPENED" : "STATUS", from, e.status, note);
        return ticket(e, now);
    }

    // =================================================================== comments, attachments, trail

    @Override
    public Comment comment(String id, String text, boolean internal) {
        Permissions.require("tickets", "write");
        String by = TenantContext.current().principal();
        return jpa.tenant(em -> addComment(em, Jpa.get(em, TicketEntity.class, id, "ticket"), text, internal, by));
    }

    private Comment addComment(EntityManager em, TicketEntity t, String text, boolean internal, String by) {
        if (text == null || text.isBlank() || text.length() > 4000) {
            throw new ValidationException("invalid_text", "a comment is 1-4000 characters", "text");
        }
        Instant now = now();
        TicketCommentEntity c = new TicketCommentEntity();
        c.id = UUID.randomUUID().toString();
        c.ticketId = t.id;
        c.at = now;
        c.by = by;
        c.text = text.strip();
        c.internal = internal;
        em.persist(c);
        t.updatedAt = now;
        change(em, t.id, now, by, "COMMENTED", null, null, internal ? "(internal)" : null);
        return new Comment(c.id, c.at, c.by, c.text, c.internal);
    }

    @Override
    public List<Comment> comments(String id, boolean withInternal) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, id, "ticket");
            return comments(em, id, withInternal);
        });
    }

    private static List<Comment> comments(EntityManager em, String id, boolean withInternal) {
        return em.createQuery("select c from TicketCommentEntity c where c.ticketId = :t" + (withInternal ? "" : " and c.internal = false")
            + " order by c.at, c.id", TicketCommentEntity.class).setParameter("t", id).getResultList().stream()
            .map(c -> new Comment(c.id, c.at, c.by, c.text, c.internal)).toList();
    }

    @Override
    public Attachment attach(String id, String name, String contentType, byte[] data) {
        Permissions.require("tickets", "write");
        if (data == null || data.length == 0) {
            throw new ValidationException("empty_file", "the attachment is empty", "file");
        }
        if (data.length > cfg.attachment_max_bytes()) {
            throw new TooLargeException("attachment_too_large", "an attachment is at most " + cfg.attachment_max_bytes() + " bytes, this one "
                + data.length, "file");
        }
        String clean = name == null ? "" : name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        if (clean.isEmpty() || clean.length() > 200) {
            throw new ValidationException("invalid_name", "the file name is 1-200 characters", "name");
        }
        String tenant = TenantContext.requireTenant();
        String by = TenantContext.current().principal();
        Instant now = now();
        String attId = UUID.randomUUID().toString();
        Path file = dataDir.resolve("attachments").resolve(tenant).resolve(id).resolve(attId);
        Attachment a = jpa.tenant(em -> {
            TicketEntity t = Jpa.get(em, TicketEntity.class, id, "ticket");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, data);
            } catch (IOException e) {
                throw new IllegalStateException("attachment not stored", e);
            }
            TicketAttachmentEntity e = new TicketAttachmentEntity();
            e.id = attId;
            e.ticketId = t.id;
            e.name = clean;
            e.contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
            e.size = data.length;
            e.at = now;
            e.by = by;
            e.path = file.toString();
            em.persist(e);
            t.updatedAt = now;
            change(em, t.id, now, by, "ATTACHED", null, clean, data.length + " bytes");
            return new Attachment(e.id, e.name, e.contentType, e.size, e.at, e.by);
        });
        return a;
    }

    @Override
    public List<Attachment> attachments(String id) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, id, "ticket");
            return em.createQuery("select a from TicketAttachmentEntity a where a.ticketId = :t order by a.at", TicketAttachmentEntity.class)
                .setParameter("t", id).getResultList().stream().map(a -> new Attachment(a.id, a.name, a.contentType, a.size, a.at, a.by)).toList();
        });
    }

    @Override
    public Path attachmentFile(String id, String attachmentId) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            TicketAttachmentEntity a = Jpa.get(em, TicketAttachmentEntity.class, attachmentId, "attachment");
            if (!a.ticketId.equals(id)) {
                throw new NotFoundException("not_found", "attachment '" + attachmentId + "' not found");
            }
            return Paths.get(a.path);
        });
    }

    @Override
    public List<Change> changes(String id) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, id, "ticket");
            return em.createQuery("select c from TicketChangeEntity c where c.ticketId = :t order by c.at, c.id", TicketChangeEntity.class)
                .setParameter("t", id).getResultList().stream().map(c -> new Change(c.at, c.by, c.action, c.from, c.to, c.detail)).toList();
        });
    }

    /** Writes one entry of a ticket's trail (also used when a customer merge moves tickets). */
    static void change(EntityManager em, String ticketId, Instant at, String by, String action, String from, String to, String detail) {
        TicketChangeEntity c = new TicketChangeEntity();
        c.id = UUID.randomUUID().toString();
        c.ticketId = ticketId;
        c.at = at;
        c.by = by;
        c.action = action;
        c.from = cut(from, 200);
        c.to = cut(to, 200);
        c.detail = cut(detail, 2000);
        em.persist(c);
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    // =================================================================== dispatch to outside departments

    @Override
    public Dispatch dispatch(String id, String department, String email, int validHours) {
        Permissions.require("tickets", "assign");
        if (department == null || department.isBlank() || department.length() > 100) {
            throw new ValidationException("invalid_department", "department: 1-100 characters", "department");
        }
        if (email != null && !email.isBlank() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new ValidationException("invalid_email", "not an e-mail address", "email");
        }
        if (validHours < 1 || validHours > 24 * 90) {
            throw new ValidationException("invalid_valid_hours", "validHours: 1 to 2160", "validHours");
        }
        String tenant = TenantContext.requireTenant();
        String by = TenantContext.current().principal();
        Instant now = now();
        Instant expires = now.plus(Duration.ofHours(validHours));
        String dept = department.strip();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if (!OPEN.contains(e.status)) {
                throw new ConflictException("invalid_transition", "only an open ticket is dispatched (it is " + e.status + ")", "status");
            }
            String from = e.department;
            e.department = dept;
            if ("NEW".equals(e.status)) {
                e.status = "ASSIGNED";
            }
            e.updatedAt = now;
            change(em, e.id, now, by, "DISPATCHED", from, dept, email);
            return ticket(e, now);
        });
        String token = sign(tenant + "\n" + id + "\n" + dept + "\n" + expires.getEpochSecond());
        String link = cfg.public_base_url() + "/public/tickets/" + token;
        String to = email == null || email.isBlank() ? null : email.strip();
        io.seatline.core.Mailer m = mailer;
        String mail = to == null ? null : m != null && m.configured() ? "SENDING" : "NO_MAIL_SERVER";
        Dispatch d = new Dispatch(dept, to, token, expires, link, mail);
        audit.record("ticket.dispatch", id, dept + (to == null ? "" : " " + to));
        publish("DISPATCHED", t, Map.of("department", dept, "email", to == null ? "" : to, "link", link, "expiresAt", expires.toString()));
        if ("SENDING".equals(mail)) {
            CallContext ctx = TenantContext.current();
            mails.execute(() -> TenantContext.run(ctx, () -> mailLink(m, t, d, ctx)));
        }
        return d;
    }

    /** Sends the department its link (bilingual, in the tenant's zone), then writes MAILED or MAIL_FAILED to the trail. */
    private void mailLink(io.seatline.core.Mailer m, Ticket t, Dispatch d, CallContext by) {
        String tenant = TenantContext.requireTenant();
        Tenant te = TenantContext.call(SYSTEM, () -> tenants.get(tenant));
        String until = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of(te.timezone())).format(d.expiresAt()) + " (" + te.timezone() + ")";
        String subject = "工单 " + t.number() + " 派发给" + d.department() + " / Ticket " + t.number() + " for " + d.department() + ": " + t.title();
        String text = d.department() + "，您好：\n\n" + te.displayName() + " 将工单 " + t.number() + " 派发给您处理。\n标题：" + t.title()
            + (t.description() == null ? "" : "\n描述：" + t.description())
            + "\n\n请在 " + until + " 前打开以下链接查看、回复并办结（无需登录）：\n" + d.link()
            + "\n\nHello " + d.department() + ",\n\n" + te.displayName() + " has dispatched ticket " + t.number() + " to you: " + t.title()
            + ".\nOpen the link above to read it, comment and resolve it, until " + until + ". No login is needed.\n";
        String failure = null;
        try {
            m.send(d.email(), subject, text);
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("Dispatch mail for ticket {} of {} to {} failed: {}", t.number(), tenant, d.email(), failure);
        }
        String failed = failure;
        Instant now = now();
        jpa.tenant(em -> {
            change(em, t.id(), now, "mail", failed == null ? "MAILED" : "MAIL_FAILED", null, d.email(), failed == null ? d.department()
                : cut(failed, 250));
            TicketEntity e = em.find(TicketEntity.class, t.id());
            if (failed != null && e != null && by.userId() != null && !by.operator()) {
                notify(em, by.userId(), "DISPATCH_MAIL_FAILED", e, "工单 " + t.number() + " 的派单邮件未能发送到 " + d.email()
                    + " / The mail of ticket " + t.number() + " to " + d.email() + " failed: " + failed, now);
            }
            return null;
        });
    }

    private String sign(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(p) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(p));
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(linkKey, "HmacSHA256"));
            return m.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** tenant, ticket id, department of a genuine, unexpired token whose ticket is still with that department. */
    private String[] open(String token) {
        NotFoundException bad = new NotFoundException("invalid_link", "this link is not valid or has expired");
        if (token == null || token.length() > 2000 || token.indexOf('.') < 0) {
            throw bad;
        }
        String[] parts = token.split("\\.");
        byte[] payload;
        byte[] sig;
        try {
            payload = Base64.getUrlDecoder().decode(parts[0]);
            sig = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw bad;
        }
        if (!MessageDigest.isEqual(mac(payload), sig)) {
            throw bad;
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\n");
        if (f.length != 4 || Instant.ofEpochSecond(Long.parseLong(f[3])).isBefore(now())) {
            throw bad;
        }
        TicketEntity t = TenantContext.call(SYSTEM.withTenant(f[0]), () -> jpa.tenant(em -> Jpa.find(em, TicketEntity.class, f[1])));
        if (t == null || !f[2].equals(t.department)) {
            throw bad; // re-dispatched elsewhere: the old link no longer works
        }
        return f;
    }

    private CallContext department(String[] f) {
        return CallContext.operator("department:" + f[2]).withTenant(f[0]);
    }

    @Override
    public Ticket byToken(String token) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> get(f[1]));
    }

    @Override
    public Comment commentByToken(String token, String text) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> comment(f[1], text, false));
    }

    @Override
    public List<Comment> commentsByToken(String token) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> comments(f[1], false));
    }

    @Override
    public Ticket resolveByToken(String token, String resolution) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> {
            Ticket t = get(f[1]);
            if ("NEW".equals(t.status()) || "ASSIGNED".equals(t.status())) {
                transition(f[1], "IN_PROGRESS", null);
            }
            return transition(f[1], "RESOLVED", resolution);
        });
    }

    // =================================================================== revisits

    @Override
    public Ticket revisit(String id, String result, Integer satisfaction, boolean reopen) {
        Permissions.require("tickets", "write");
        if (result == null || result.isBlank() || result.length() > 2000) {
            throw new ValidationException("invalid_result", "the revisit's result is 1-2000 characters", "result");
        }
        if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
            throw new ValidationException("invalid_satisfaction", "satisfaction: 1 to 5", "satisfaction");
        }
        String by = TenantContext.current().principal();
        Instant now = now();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if (!"PENDING".equals(e.revisitStatus)) {
                throw new ConflictException("no_revisit_pending", "the ticket has no pending revisit", "revisit");
            }
            e.revisitStatus = "DONE";
            e.revisitResult = result.strip();
            e.revisitScore = satisfaction;
            e.revisitDoneAt = now;
            e.revisitBy = by;
            change(em, e.id, now, by, "REVISITED", null, satisfaction == null ? null : String.valueOf(satisfaction), e.revisitResult);
            if (e.customerId != null) {
                Interactions.add(em, e.customerId, "TICKET", now, e.id, "回访 / Revisit " + e.number + ": " + e.revisitResult,
                    satisfaction == null ? Map.of("number", e.number) : Map.of("number", e.number, "satisfaction", satisfaction), by);
            }
            return reopen ? move(em, e, "REOPEN", "revisit: " + e.revisitResult, by) : ticket(e, now);
        });
        audit.record("ticket.revisit", id, result + (satisfaction == null ? "" : " (" + satisfaction + ")"));
        publish("REVISITED", t, Map.of());
        return t;
    }

    // =================================================================== reminders and notifications

    private void remindQuietly() {
        try {
            TenantContext.run(SYSTEM, this::remind);
        } catch (RuntimeException e) {
            LOG.warn("ticket reminders failed: {}", e.toString(), e);
        }
    }

    @Override
    public int remind() {
        io.seatline.core.TenantContext.requireOperator(); // the reminder sweep runs for every tenant: system or console work
        Instant now = now();
        List<Object[]> due = TenantContext.call(SYSTEM, () -> jpa.operator(em -> {
            List<Object[]> out = new ArrayList<>();
            em.createQuery("select t.tenantId, t.id from TicketEntity t where t.status in :open and t.dueAt < :now and t.remindedAt is null",
                Object[].class).setParameter("open", OPEN).setParameter("now", now).setMaxResults(1000).getResultList()
                .forEach(r -> out.add(new Object[] {r[0], r[1], "OVERDUE"}));
            em.createQuery("select t.tenantId, t.id from TicketEntity t where t.revisitStatus = 'PENDING' and t.revisitDueAt < :now"
                + " and t.revisitRemindedAt is null", Object[].class).setParameter("now", now).setMaxResults(1000).getResultList()
                .forEach(r -> out.add(new Object[] {r[0], r[1], "REVISIT"}));
            return out;
        }));
        int n = 0;
        for (Object[] r : due) {
            String tenant = (String) r[0];
            try {
                Ticket t = TenantContext.call(SYSTEM.withTenant(tenant), () -> remindOne((String) r[1], "OVERDUE".equals(r[2]), now));
                if (t != null) {
                    n++;
                    TenantContext.run(SYSTEM.withTenant(tenant), () -> publish("OVERDUE".equals(r[2]) ? "OVERDUE" : "REVISIT_DUE", t, Map.of()));
                }
            } catch (RuntimeException e) {
                LOG.warn("reminder of ticket {} (tenant {}) failed: {}", r[1], tenant, e.toString());
            }
        }
        return n;
    }

    /** Marks one ticket reminded and tells its people: the assignee and the escalation list (default: the supervisors). */
    private Ticket remindOne(String id, boolean overdue, Instant now) {
        List<String> supervisors = supervisors();
        return jpa.tenant(em -> {
            TicketEntity e = em.find(TicketEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || (overdue ? e.remindedAt != null || !OPEN.contains(e.status) : e.revisitRemindedAt != null)) {
                return null;
            }
            Category c = category(categoryEntity(em, e.category, "category"));
            Set<String> who = new LinkedHashSet<>();
            String text;
            if (overdue) {
                e.remindedAt = now;
                if (e.assigneeUserId != null) {
                    who.add(e.assigneeUserId);
                }
                who.addAll(c.escalateTo().isEmpty() ? supervisors : c.escalateTo());
                String late = Duration.between(e.dueAt, now).toMinutes() + " min";
                text = "催办：工单 " + e.number + " 已超时 " + late + " / Overdue: ticket " + e.number + " is " + late + " past due: " + e.title;
                change(em, e.id, now, "system", "OVERDUE", null, null, "due " + e.dueAt + ", reminded " + who);
            } else {
                e.revisitRemindedAt = now;
                who.add(e.assigneeUserId != null ? e.assigneeUserId : creatorId(e.createdBy));
                who.remove(null);
                if (who.isEmpty()) {
                    who.addAll(supervisors);
                }
                text = "回访：工单 " + e.number + " 待回访 / Revisit due: ticket " + e.number + ": " + e.title;
                change(em, e.id, now, "system", "REVISIT_DUE", null, null, "reminded " + who);
            }
            for (String u : who) {
                notify(em, u, overdue ? "TICKET_OVERDUE" : "REVISIT_DUE", e, text, now);
            }
            return ticket(e, now);
        });
    }

    private String creatorId(String login) {
        if (login == null) {
            return null;
        }
        return users.list(0, 1000).items().stream().filter(u -> login.equals(u.login())).map(User::id).findFirst().orElse(null);
    }

    private List<String> supervisors() {
        return users.list(0, 1000).items().stream().filter(u -> u.enabled() && u.roles().contains(Roles.SUPERVISOR)).map(User::id).toList();
    }

    private void notify(EntityManager em, String userId, String kind, TicketEntity t, String text, Instant now) {
        NotificationEntity n = new NotificationEntity();
        n.id = UUID.randomUUID().toString();
        n.userId = userId;
        n.kind = kind;
        n.ticketId = t.id;
        n.text = cut(text, 1000);
        n.at = now;
        em.persist(n);
        push.push(userId, new Push("notification", notification(n)));
    }

    private static Notification notification(NotificationEntity n) {
        return new Notification(n.id, n.userId, n.kind, n.ticketId, n.text, n.at, n.readAt);
    }

    @Override
    public List<Notification> notifications(String userId, boolean unreadOnly) {
        Permissions.require("tickets", "read");
        if (!Permissions.isSelf(userId)) {
            Permissions.require("tickets", "assign"); // another user's notifications: who dispatches work
        }
        return jpa.tenant(em -> em.createQuery("select n from NotificationEntity n where n.userId = :u" + (unreadOnly ? " and n.readAt is null" : "")
            + " order by n.at desc, n.id", NotificationEntity.class).setParameter("u", userId).setMaxResults(200).getResultList().stream()
            .map(TicketServiceImpl::notification).toList());
    }

    @Override
    public void markRead(String userId, String notificationId) {
        Permissions.require("tickets", "read");
        if (!Permissions.isSelf(userId)) {
            Permissions.require("tickets", "assign"); // another user's notifications: who dispatches work
        }
        Instant now = now();
        jpa.tenant(em -> {
            NotificationEntity n = Jpa.get(em, NotificationEntity.class, notificationId, "notification");
            if (!n.userId.equals(userId)) {
                throw new NotFoundException("not_found", "notification '" + notificationId + "' not found");
            }
            if (n.readAt == null) {
                n.readAt = now;
            }
            return null;
        });
    }

    // =================================================================== helpers

    private User user(String id, String field) {
        try {
            return users.get(id);
        } catch (NotFoundException e) {
            throw new ValidationException("unknown_user", "no user '" + id + "' in this tenant", field);
        }
    }

    private BusinessCalendar calendar() {
        MediaService m = media;
        if (m == null) {
            return BusinessCalendar.DEFAULT;
        }
        try {
            // the tenant's hours and holidays set every ticket's SLA, whoever creates it: read as the ticket service
            return Permissions.asService("tickets", m::calendar);
        } catch (RuntimeException e) {
            LOG.warn("business calendar unavailable, SLA from the default hours: {}", e.toString());
            return BusinessCalendar.DEFAULT;
        }
    }

    private static Ticket ticket(TicketEntity e, Instant now) {
        Revisit r = e.revisitStatus == null ? null : new Revisit(e.revisitDueAt, e.revisitStatus, e.revisitResult, e.revisitScore, e.revisitDoneAt,
            e.revisitBy);
        return new Ticket(e.id, e.number, e.category, e.title, e.description, e.priority, e.status, e.customerId, e.callId, e.assigneeUserId,
            e.teamId, e.department, CrmServiceImpl.read(e.fieldsJson, new TypeReference<LinkedHashMap<String, Object>>() {}), e.dueAt,
            OPEN.contains(e.status) && e.dueAt.isBefore(now), e.remindedAt, e.createdAt, e.createdBy, e.updatedAt, e.resolvedAt, e.closedAt,
            e.resolution, r);
    }

    private void publish(String type, Ticket t, Map<String, Object> extra) {
        String topic = "io/seatline/crm/ticket/" + type;
        Map<String, Object> p = new HashMap<>(extra);
        p.put("ticket.id", t.id());
        p.put("number", t.number());
        p.put("category", t.category());
        p.put("status", t.status());
        if (t.customerId() != null) {
            p.put("customer.id", t.customerId());
        }
        if (t.assigneeUserId() != null) {
            p.put("user.id", t.assigneeUserId());
        }
        eventAdmin.postEvent(new Event(topic, SeatlineEvents.properties(topic, TenantContext.requireTenant(), TenantContext.current().principal(),
            now(), p)));
    }
}
