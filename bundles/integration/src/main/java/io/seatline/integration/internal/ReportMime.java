package io.seatline.integration.internal;

import io.seatline.reports.ReportScheduleService.ReportMail;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

/**
 * A scheduled report as a MIME message: the text (UTF-8) and the report attached (its file name RFC 2047-encoded, so a
 * Chinese name survives), written out as raw MIME here and parsed into a {@link MimeMessage} that sends those bytes as
 * they are. JavaMail would otherwise look up a content handler for multipart/mixed through the thread's class loader,
 * which in OSGi does not see the mail bundle's mailcap.
 */
final class ReportMime {
    private ReportMime() {
    }

    static MimeMessage of(ReportMail mail, String from) throws MessagingException {
        String boundary = "seatline-" + UUID.randomUUID();
        StringBuilder b = new StringBuilder();
        b.append("From: ").append(from).append("\r\n");
        b.append("To: ").append(String.join(", ", mail.to())).append("\r\n");
        b.append("Subject: ").append(word(mail.subject())).append("\r\n");
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        b.append(base64(mail.text().getBytes(StandardCharsets.UTF_8)));
        b.append("--").append(boundary).append("\r\n");
        String name = word(mail.file().fileName());
        b.append("Content-Type: ").append(mail.file().mediaType()).append("; name=\"").append(name).append("\"\r\n");
        b.append("Content-Transfer-Encoding: base64\r\n");
        b.append("Content-Disposition: attachment; filename=\"").append(name).append("\"\r\n\r\n");
        b.append(base64(mail.file().content()));
        b.append("--").append(boundary).append("--\r\n");
        return new Raw(Session.getInstance(new Properties()), b.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Text for a header: encoded when not plain ASCII, line breaks and other control characters never let through. */
    private static String word(String text) {
        try {
            return MimeUtility.encodeText(text.replaceAll("\\p{Cntrl}", " "), "UTF-8", "B");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 in lines of 76 characters. */
    private static String base64(byte[] data) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data) + "\r\n";
    }

    /** A parsed message whose headers and body are sent as written (only its Message-ID is set on saving). */
    static final class Raw extends MimeMessage {
        Raw(Session session, byte[] raw) throws MessagingException {
            super(session, new ByteArrayInputStream(raw));
        }

        @Override
        protected void updateHeaders() throws MessagingException {
            updateMessageID();
        }
    }
}
