package io.seatline.crm.internal;

import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Permissions;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.MessageService;
import io.seatline.crm.Push;
import io.seatline.crm.PushService;
import io.seatline.crm.internal.entity.MessageEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Internal messages and help requests. Permissions: {@code messages:self} (an agent: write to supervisors, read its own,
 * ask for help), {@code messages:write} (write to any user of the tenant), {@code messages:broadcast} (to a team),
 * {@code messages:read} (the tenant's help requests, answer them). Rows are written first, then pushed.
 */
@Component(service = MessageService.class, immediate = true)
public class MessageServiceImpl implements MessageService {
    /** Who an agent may write to and whose wallboards show help requests. */
    static final Set<String> SUPERVISING = Set.of(Roles.SUPERVISOR, Roles.TENANT_ADMIN);
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    @Reference
    UserService users;
    @Reference
    TeamService teams;
    @Reference
    AuditService audit;
    @Reference
    PushService push;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    volatile Clock clock;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    private Instant now() {
        Clock c = clock;
        return (c != null ? c : Clock.systemUTC()).instant();
    }

    // ------------------------------------------------------------------ messages

    @Override
    public Sent send(MessageSpec spec) {
        Permissions.requireAny("messages:self", "messages:write", "messages:broadcast");
        String me = self();
        if (spec == null) {
            throw new ValidationException("body_required", "a message needs a recipient and a body", null);
        }
        String body = body(spec.body(), "body", true);
        boolean toUser = spec.to() != null && !spec.to().isBlank();
        boolean toTeam = spec.team() != null && !spec.team().isBlank();
        if (toUser == toTeam) {
            throw new ValidationException("recipient_required", "write either to one user (to) or to a team (team)", toUser ? "team" : "to");
        }
        List<User> people = tenantUsers();
        User from = find(people, me);
        List<User> recipients;
        String team = null;
        String teamLabel = null;
        if (toUser) {
            User to = people.stream().filter(u -> u.id().equals(spec.to()) && u.enabled()).findFirst()
                .orElseThrow(() -> new ValidationException("unknown_recipient", "no user '" + spec.to() + "' in this tenant", "to"));
            if (to.id().equals(me)) {
                throw new ValidationException("unknown_recipient", "a message to oneself is not sent", "to");
            }
            if (!Permissions.has("messages", "write") && !supervising(to)) {
                throw new ForbiddenException("forbidden", "an agent writes to supervisors only; '" + to.login() + "' is not one");
            }
            recipients = List.of(to);
        } else {
            Permissions.require("messages", "broadcast");
            Team t = tenantTeams().stream().filter(x -> x.id().equals(spec.team()))
                .findFirst().orElseThrow(() -> new ValidationException("unknown_team", "no team '" + spec.team() + "' in this tenant", "team"));
            team = t.id();
            teamLabel = t.name();
            String tid = t.id();
            recipients = people.stream().filter(u -> u.enabled() && tid.equals(u.teamId()) && !u.id().equals(me)).toList();
            if (recipients.isEmpty()) {
                throw new ValidationException("empty_team", "team '" + t.name() + "' has nobody else to read it", "team");
            }
        }
        Instant now = now();
        String group = UUID.randomUUID().toString();
        String kind = toUser ? "MESSAGE" : "BROADCAST";
        String teamId = team;
        String teamName = teamLabel;
        List<Message> written = jpa.tenant(em -> {
            List<Message> out = new ArrayList<>();
            for (User to : recipients) {
                MessageEntity m = new MessageEntity();
                m.id = out.isEmpty() ? group : UUID.randomUUID().toString();
                m.kind = kind;
                m.fromUser = me;
                m.fromName = name(from);
                m.toUser = to.id();
                m.toName = name(to);
                m.team = teamId;
                m.teamName = teamName;
                m.group = group;
                m.body = body;
                m.at = now;
                em.persist(m);
                out.add(message(m));
            }
            return out;
        });
        audit.record(toUser ? "message.send" : "message.broadcast", toUser ? spec.to() : teamId, written.size() + " recipient(s), " + body.length() + " chars");
        for (Message m : written) {
            push.push(m.toUser(), new Push("message", m));
        }
        return new Sent(written.get(0), written.size());
    }

    @Override
    public List<Message> mine(boolean unreadOnly, int limit) {
        Permissions.requireAny("messages:self", "messages:write", "messages:broadcast", "messages:read");
        String me = self();
        int n = Math.max(1, Math.min(200, limit <= 0 ? 50 : limit));
        return jpa.tenant(em -> em.createQuery("select m from MessageEntity m where m.kind <> 'HELP' and "
                + (unreadOnly ? "m.toUser = :me and m.readAt is null" : "(m.toUser = :me or m.fromUser = :me)") + " order by m.at desc, m.id",
                MessageEntity.class).setParameter("me", me).setMaxResults(n).getResultList().stream()
            // a broadcast the caller sent shows once, not once per member
            .filter(m -> unreadOnly || !me.equals(m.fromUser) || !"BROADCAST".equals(m.kind) || m.id.equals(m.group))
            .map(MessageServiceImpl::message).toList());
    }

    @Override
    public Message read(String id) {
        Permissions.requireAny("messages:self", "messages:write", "messages:broadcast", "messages:read");
        String me = self();
        Instant now = now();
        return jpa.tenant(em -> {
            MessageEntity m = Jpa.find(em, MessageEntity.class, id);
            if (m == null || !me.equals(m.toUser)) {
                throw new NotFoundException("not_found", "message '" + id + "' not found");
            }
            if (m.readAt == null) {
                m.readAt = now;
            }
            return message(m);
        });
    }

    @Override
    public List<Recipient> recipients() {
        Permissions.requireAny("messages:self", "messages:write", "messages:broadcast");
        String me = self();
        List<Recipient> out = new ArrayList<>();
        boolean any = Permissions.has("messages", "write");
        tenantUsers().stream().filter(u -> u.enabled() && !u.id().equals(me) && (any ? !u.roles().isEmpty() : supervising(u)))
            .sorted(Comparator.comparing((User u) -> !supervising(u)).thenComparing(MessageServiceImpl::name))
            .forEach(u -> out.add(new Recipient("USER", u.id(), name(u), u.roles().stream().sorted().toList())));
        if (Permissions.has("messages", "broadcast")) {
            tenantTeams().stream().sorted(Comparator.comparing(Team::name))
                .forEach(t -> out.add(new Recipient("TEAM", t.id(), t.name(), List.of())));
        }
        return out;
    }

    // ------------------------------------------------------------------ help requests

    @Override
    public Message askHelp(HelpSpec spec) {
        Permissions.require("messages", "self");
        String me = self();
        String note = body(spec == null ? null : spec.note(), "note", false);
        String call = spec == null || spec.callId() == null || spec.callId().isBlank() ? null : spec.callId();
        if (call != null && !CALL_ID.matcher(call).matches()) {
            throw new ValidationException("invalid_call", "callId is not a call id", "callId");
        }
        List<User> people = tenantUsers();
        User from = find(people, me);
        Instant now = now();
        Message[] opened = new Message[1];
        Message m = jpa.tenant(em -> {
            List<MessageEntity> open = em.createQuery("select m from MessageEntity m where m.kind = 'HELP' and m.status = 'OPEN'"
                + " and m.fromUser = :me", MessageEntity.class).setParameter("me", me).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (!open.isEmpty()) {
                MessageEntity e = open.get(0);
                if (call != null) {
                    e.callId = call; // the agent is now on another call: the supervisor listens to this one
                }
                if (!note.isEmpty()) {
                    e.body = note;
                }
                return message(e);
            }
            MessageEntity e = new MessageEntity();
            e.id = UUID.randomUUID().toString();
            e.kind = "HELP";
            e.fromUser = me;
            e.fromName = name(from);
            e.group = e.id;
            e.body = note;
            e.callId = call;
            e.at = now;
            e.status = "OPEN";
            em.persist(e);
            opened[0] = message(e);
            return opened[0];
        });
        if (opened[0] != null) {
            audit.record("help.ask", me, call == null ? "" : "call " + call);
        }
        tell(people, "help", m, null);
        return m;
    }

    @Override
    public List<Message> helpRequests(String status) {
        Permissions.requireAny("messages:self", "messages:read");
        boolean all = status != null && "ALL".equalsIgnoreCase(status);
        if (status != null && !all && !"OPEN".equalsIgnoreCase(status)) {
            throw new ValidationException("invalid_status", "status is OPEN or ALL", "status");
        }
        String mineOnly = Permissions.has("messages", "read") ? null : self();
        return jpa.tenant(em -> {
            var q = em.createQuery("select m from MessageEntity m where m.kind = 'HELP'" + (all ? "" : " and m.status = 'OPEN'")
                + (mineOnly == null ? "" : " and m.fromUser = :me") + " order by m.at desc, m.id", MessageEntity.class).setMaxResults(200);
            if (mineOnly != null) {
                q.setParameter("me", mineOnly);
            }
            return q.getResultList().stream().map(MessageServiceImpl::message).toList();
        });
    }

    @Override
    public Message closeHelp(String id, HelpClose close) {
        Permissions.requireAny("messages:self", "messages:read");
        String me = self();
        String answer = body(close == null ? null : close.answer(), "answer", false);
        List<User> people = tenantUsers();
        User by = find(people, me);
        Instant now = now();
        Message m = jpa.tenant(em -> {
            MessageEntity e = Jpa.find(em, MessageEntity.class, id);
            if (e == null || !"HELP".equals(e.kind)) {
                throw new NotFoundException("not_found", "help request '" + id + "' not found");
            }
            em.lock(e, LockModeType.PESSIMISTIC_WRITE);
            em.refresh(e);
            boolean own = me.equals(e.fromUser);
            if (!own && !Permissions.has("messages", "read")) {
                throw new NotFoundException("not_found", "help request '" + id + "' not found");
            }
            if (!"OPEN".equals(e.status)) {
                throw new ConflictException("help_closed", "this help request was already " + e.status.toLowerCase() + " by " + e.closedByName);
            }
            e.status = own ? "WITHDRAWN" : "ANSWERED";
            e.closedBy = me;
            e.closedByName = name(by);
            e.closedAt = now;
            e.answer = answer.isEmpty() ? null : answer;
            return message(e);
        });
        audit.record("help." + m.status().toLowerCase(), m.fromUser(), answer);
        tell(people, "help-closed", m, m.fromUser());
        if (!answer.isEmpty() && !me.equals(m.fromUser())) {
            send(new MessageSpec(m.fromUser(), null, answer));
        }
        return m;
    }

    /** Pushes a help event to every supervisor and admin of the tenant, and to {@code also}. */
    private void tell(List<User> people, String event, Message m, String also) {
        for (User u : people) {
            if (u.enabled() && (supervising(u) || u.id().equals(also))) {
                push.push(u.id(), new Push(event, m));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String self() {
        String id = TenantContext.current().userId();
        if (id == null || TenantContext.current().operator()) {
            throw new ValidationException("user_required", "only a tenant user sends and reads messages (sign in as one)", null);
        }
        return id;
    }

    private List<User> tenantUsers() {
        return Permissions.asService("messages", () -> users.list(0, 5000).items());
    }

    private List<Team> tenantTeams() {
        return Permissions.asService("messages", () -> teams.list(0, 1000).items());
    }

    private static User find(List<User> people, String id) {
        return people.stream().filter(u -> u.id().equals(id)).findFirst()
            .orElseThrow(() -> new ForbiddenException("forbidden", "user '" + id + "' is not a user of this tenant"));
    }

    static boolean supervising(User u) {
        return u.roles().stream().anyMatch(SUPERVISING::contains);
    }

    static String name(User u) {
        return u.displayName() != null && !u.displayName().isBlank() ? u.displayName() : u.username();
    }

    /** The text, trimmed; required or not; at most {@link #MAX_BODY} characters. */
    static String body(String text, String field, boolean required) {
        String t = text == null ? "" : text.strip();
        if (required && t.isEmpty()) {
            throw new ValidationException(field + "_required", field + " must not be blank", field);
        }
        if (t.length() > MAX_BODY) {
            throw new ValidationException("too_long", field + " is longer than " + MAX_BODY + " characters", field);
        }
        return t;
    }

    static Message message(MessageEntity m) {
        return new Message(m.id, m.kind, m.fromUser, m.fromName, m.toUser, m.toName, m.team, m.teamName, m.group, m.body, m.callId, m.at, m.readAt, m.status,
            m.closedBy, m.closedByName, m.closedAt, m.answer);
    }
}
