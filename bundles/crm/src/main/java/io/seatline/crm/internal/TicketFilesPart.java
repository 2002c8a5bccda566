package io.seatline.crm.internal;

import io.seatline.crm.TicketService.*;
import io.seatline.core.Permissions;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.core.TooLargeException;
import io.seatline.core.ValidationException;
import io.seatline.crm.internal.entity.TicketAttachmentEntity;
import io.seatline.crm.internal.entity.TicketChangeEntity;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.persistence.Jpa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Comments, attachments and the trail of a ticket. One part of {@link TicketServiceImpl}. */
final class TicketFilesPart extends TicketPart {
    TicketFilesPart(TicketServiceImpl owner) {
        super(owner);
    }





    public Attachment attach(String id, String name, String contentType, byte[] data) {
        Permissions.require("tickets", "write");
        if (data == null || data.length == 0) {
            throw new ValidationException("empty_file", "the attachment is empty", "file");
        }
        if (data.length > owner.cfg.attachment_max_bytes()) {
            throw new TooLargeException("attachment_too_large", "an attachment is at most " + owner.cfg.attachment_max_bytes() + " bytes, this one "
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
        Path file = owner.dataDir.resolve("attachments").resolve(tenant).resolve(id).resolve(attId);
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

    public List<Attachment> attachments(String id) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, id, "ticket");
            return em.createQuery("select a from TicketAttachmentEntity a where a.ticketId = :t order by a.at", TicketAttachmentEntity.class)
                .setParameter("t", id).getResultList().stream().map(a -> new Attachment(a.id, a.name, a.contentType, a.size, a.at, a.by)).toList();
        });
    }

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

    public List<Change> changes(String id) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, id, "ticket");
            return em.createQuery("select c from TicketChangeEntity c where c.ticketId = :t order by c.at, c.id", TicketChangeEntity.class)
                .setParameter("t", id).getResultList().stream().map(c -> new Change(c.at, c.by, c.action, c.from, c.to, c.detail)).toList();
        });
    }


}
