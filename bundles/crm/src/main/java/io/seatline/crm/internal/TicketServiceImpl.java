package io.seatline.crm.internal;

import io.seatline.core.CallContext;
import io.seatline.core.Page;
import io.seatline.crm.Notification;
import io.seatline.crm.PushService;
import io.seatline.crm.TicketService;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.MediaService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.UserService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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
    static final CallContext SYSTEM = CallContext.operator("crm");
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Set<String> PRIORITIES = Set.of("LOW", "NORMAL", "HIGH", "URGENT");
    static final List<String> OPEN = List.of("NEW", "ASSIGNED", "IN_PROGRESS");
    /** status → the statuses a transition may lead to (REOPEN is its own verb) */
    static final Map<String, Set<String>> MOVES = Map.of(
        "NEW", Set.of("IN_PROGRESS", "RESOLVED"),
        "ASSIGNED", Set.of("IN_PROGRESS", "RESOLVED"),
        "IN_PROGRESS", Set.of("RESOLVED"),
        "RESOLVED", Set.of("CLOSED", "REOPEN"),
        "CLOSED", Set.of("REOPEN"));

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    /** the tenant's record for this capability's own work (trusted internal read, no permission) */
    @Reference
    io.seatline.tenancy.TenantDirectory directory;
    @Reference
    UserService users;
    @Reference
    TeamService teams;
    @Reference
    AuditService audit;
    @Reference
    EventAdmin eventAdmin;
    @Reference
    PushService push;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile MediaService media;
    /** e-mails dispatch links when the integration bundle has an SMTP server configured */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile io.seatline.core.Mailer mailer;

    volatile Clock clock = Clock.systemUTC();
    Jpa jpa;
    volatile CrmConfig cfg;
    private java.util.concurrent.ScheduledFuture<?> reminders;
    private TicketsPart ticketsPart;
    private TicketFilesPart ticketFilesPart;
    private DispatchPart dispatchPart;
    private RemindersPart remindersPart;
    private TicketStatsPart statsPart;

    volatile Path dataDir;
    volatile byte[] linkKey;
    ScheduledExecutorService timer;
    java.util.concurrent.ExecutorService mails;

    /** A {@code java.time.Clock} service with {@code seatline.clock=true} replaces the system clock; reminders run at once. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    void bindClock(Clock c) {
        clock = c;
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.execute(remindersPart::remindQuietly);
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
        ticketsPart = new TicketsPart(this);
        ticketFilesPart = new TicketFilesPart(this);
        dispatchPart = new DispatchPart(this);
        remindersPart = new RemindersPart(this);
        statsPart = new TicketStatsPart(this);
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
        reminders = timer.scheduleWithFixedDelay(remindersPart::remindQuietly, every, every, TimeUnit.SECONDS);
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

    Instant now() {
        return clock.instant();
    }

    // =================================================================== the API, by part

    @Override
    public List<Category> categories() {
        return ticketsPart.categories();
    }

    @Override
    public List<Category> saveCategories(List<Category> cats) {
        return ticketsPart.saveCategories(cats);
    }

    @Override
    public Ticket create(TicketSpec s) {
        return ticketsPart.create(s);
    }

    @Override
    public Ticket get(String id) {
        return ticketsPart.get(id);
    }

    @Override
    public Page<Ticket> search(String status, String category, String assigneeUserId, String customerId, boolean overdueOnly,
                               io.seatline.core.Sort sort, int offset, int limit) {
        return ticketsPart.search(status, category, assigneeUserId, customerId, overdueOnly, sort, offset, limit);
    }

    @Override
    public TicketStats stats(java.time.LocalDate from, java.time.LocalDate to, String by) {
        return statsPart.stats(from, to, by);
    }

    @Override
    public List<Ticket> overdue() {
        return ticketsPart.overdue();
    }

    @Override
    public Ticket update(String id, TicketSpec s) {
        return ticketsPart.update(id, s);
    }

    @Override
    public Ticket assign(String id, String userId, String teamId) {
        return ticketsPart.assign(id, userId, teamId);
    }

    @Override
    public Ticket transition(String id, String status, String note) {
        return ticketsPart.transition(id, status, note);
    }

    @Override
    public Ticket revisit(String id, String result, Integer satisfaction, boolean reopen) {
        return ticketsPart.revisit(id, result, satisfaction, reopen);
    }

    @Override
    public Comment comment(String id, String text, boolean internal) {
        return ticketFilesPart.comment(id, text, internal);
    }

    @Override
    public List<Comment> comments(String id, boolean withInternal) {
        return ticketFilesPart.comments(id, withInternal);
    }

    @Override
    public Attachment attach(String id, String name, String contentType, byte[] data) {
        return ticketFilesPart.attach(id, name, contentType, data);
    }

    @Override
    public List<Attachment> attachments(String id) {
        return ticketFilesPart.attachments(id);
    }

    @Override
    public Path attachmentFile(String id, String attachmentId) {
        return ticketFilesPart.attachmentFile(id, attachmentId);
    }

    @Override
    public List<Change> changes(String id) {
        return ticketFilesPart.changes(id);
    }

    @Override
    public Dispatch dispatch(String id, String department, String email, int validHours) {
        return dispatchPart.dispatch(id, department, email, validHours);
    }

    @Override
    public Ticket byToken(String token) {
        return dispatchPart.byToken(token);
    }

    @Override
    public Category categoryByToken(String token) {
        return dispatchPart.categoryByToken(token);
    }

    @Override
    public Comment commentByToken(String token, String text) {
        return dispatchPart.commentByToken(token, text);
    }

    @Override
    public List<Comment> commentsByToken(String token) {
        return dispatchPart.commentsByToken(token);
    }

    @Override
    public Ticket resolveByToken(String token, String resolution) {
        return dispatchPart.resolveByToken(token, resolution);
    }

    @Override
    public int remind() {
        return remindersPart.remind();
    }

    @Override
    public List<Notification> notifications(String userId, boolean unreadOnly) {
        return remindersPart.notifications(userId, unreadOnly);
    }

    @Override
    public void markRead(String userId, String notificationId) {
        remindersPart.markRead(userId, notificationId);
    }

    TicketsPart ticketsPart() {
        return ticketsPart;
    }

    TicketFilesPart ticketFilesPart() {
        return ticketFilesPart;
    }

    DispatchPart dispatchPart() {
        return dispatchPart;
    }

    RemindersPart remindersPart() {
        return remindersPart;
    }
}
