package io.seatline.crm.internal;

import io.seatline.crm.TicketService.*;
import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.persistence.Jpa;
import io.seatline.tenancy.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Dispatch to outside departments: signed links, the public (token) side, mail. One part of {@link TicketServiceImpl}. */
final class DispatchPart extends TicketPart {
    DispatchPart(TicketServiceImpl owner) {
        super(owner);
    }

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
        // the console's page for the department (no login: the token is the credential); the API's is /public/tickets/<token>
        String console = consoleUrl(owner.cfg.public_console_url(), owner.cfg.public_base_url());
        String link = console + "/dispatch/" + token;
        String to = email == null || email.isBlank() ? null : email.strip();
        io.seatline.core.Mailer m = owner.mailer;
        String mail = to == null ? null : m != null && m.configured() ? "SENDING" : "NO_MAIL_SERVER";
        Dispatch d = new Dispatch(dept, to, token, expires, link, mail);
        audit.record("ticket.dispatch", id, dept + (to == null ? "" : " " + to));
        publish("DISPATCHED", t, Map.of("department", dept, "email", to == null ? "" : to, "link", link, "expiresAt", expires.toString()));
        if ("SENDING".equals(mail)) {
            CallContext ctx = TenantContext.current();
            owner.mails.execute(() -> TenantContext.run(ctx, () -> mailLink(m, t, d, ctx)));
        }
        return d;
    }

    /** Sends the department its link (bilingual, in the tenant's zone), then writes MAILED or MAIL_FAILED to the trail. */
    void mailLink(io.seatline.core.Mailer m, Ticket t, Dispatch d, CallContext by) {
        String tenant = TenantContext.requireTenant();
        Tenant te = owner.directory.tenant(tenant);
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

    /**
     * The console's public address: public.console.url, or — on an installation configured before it existed, whose
     * public.base.url names the API's public address — the console beside that API; without a trailing slash, so a
     * path can follow.
     */
    static String consoleUrl(String console, String oldApiBase) {
        if (CrmConfig.DEFAULT_CONSOLE_URL.equals(console) && oldApiBase != null && !oldApiBase.isBlank()) {
            String base = oldApiBase.strip().replaceFirst("/+$", "");
            return (base.endsWith("/api/v1") ? base.substring(0, base.length() - "/api/v1".length()) : base) + "/console";
        }
        return console.strip().replaceFirst("/+$", "");
    }

    String sign(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(p) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(p));
    }

    byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(owner.linkKey, "HmacSHA256"));
            return m.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** tenant, ticket id, department of a genuine, unexpired token whose ticket is still with that department. */
    String[] open(String token) {
        NotFoundException bad = new NotFoundException("invalid_link", "this link is not valid or has expired");
        if (token == null || token.length() > 2000 || token.indexOf('.') < 0) {
            throw bad;
        }
        // exactly the link that was issued: two parts, canonical encoding (a trailing "." or padding is another link)
        String[] parts = token.split("\\.", -1);
        if (parts.length != 2) {
            throw bad;
        }
        byte[] payload;
        byte[] sig;
        try {
            payload = Base64.getUrlDecoder().decode(parts[0]);
            sig = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw bad;
        }
        // the signature in constant time, then the encoding as issued (no second HMAC: the parts are compared re-encoded)
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        if (!MessageDigest.isEqual(mac(payload), sig) || !parts[0].equals(enc.encodeToString(payload))
            || !parts[1].equals(enc.encodeToString(sig))) {
            throw bad;
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\n");
        long expires;
        try {
            expires = f.length == 4 ? Long.parseLong(f[3]) : Long.MIN_VALUE;
        } catch (NumberFormatException e) {
            throw bad;
        }
        if (f.length != 4 || Instant.ofEpochSecond(expires).isBefore(now())) {
            throw bad;
        }
        TicketEntity t = TenantContext.call(SYSTEM.withTenant(f[0]), () -> jpa.tenant(em -> Jpa.find(em, TicketEntity.class, f[1])));
        if (t == null || !f[2].equals(t.department)) {
            throw bad; // re-dispatched elsewhere: the old link no longer works
        }
        return f;
    }

    CallContext department(String[] f) {
        return CallContext.operator("department:" + f[2]).withTenant(f[0]);
    }

    public Ticket byToken(String token) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> get(f[1]));
    }

    public Category categoryByToken(String token) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> {
            String name = get(f[1]).category();
            return categories().stream().filter(c -> c.name().equals(name)).findFirst()
                .map(c -> new Category(c.name(), c.label(), null, null, c.fields(), List.of(), null))
                .orElseThrow(() -> new io.seatline.core.NotFoundException("not_found", "the ticket's category no longer exists"));
        });
    }

    public Comment commentByToken(String token, String text) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> comment(f[1], text, false));
    }

    public List<Comment> commentsByToken(String token) {
        String[] f = open(token);
        return TenantContext.call(department(f), () -> comments(f[1], false));
    }

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
}
