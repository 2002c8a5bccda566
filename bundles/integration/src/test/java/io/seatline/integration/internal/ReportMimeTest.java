package io.seatline.integration.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.seatline.reports.ReportScheduleService.ReportMail;
import io.seatline.reports.ReportService.ReportFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import org.junit.Test;

/** A scheduled report's mail, saved as the sender saves it, written and read back: Chinese subject, text and file name intact. */
public class ReportMimeTest {
    @Test
    public void theReportIsAttachedAndChineseSurvives() throws Exception {
        byte[] xlsx = new byte[3000];
        for (int i = 0; i < xlsx.length; i++) {
            xlsx[i] = (byte) (i * 31);
        }
        ReportMail mail = new ReportMail("t1", "s1", List.of("boss@example.com", "ops@example.com"), "Seatline 定时报表：日报（2026-12-07）",
            "客服公司\n\n附件是定时报表。", new ReportFile("KPI 报表 2026-12-07.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx));
        MimeMessage m = ReportMime.of(mail, "seatline@localhost");
        m.saveChanges(); // as Camel's sender does before sending
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        MimeMessage back = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(out.toByteArray()));
        assertEquals("Seatline 定时报表：日报（2026-12-07）", back.getSubject());
        assertEquals(2, back.getAllRecipients().length);
        assertTrue(back.getHeader("Message-ID")[0].contains("@"));
        MimeMultipart parts = new MimeMultipart(back.getDataHandler().getDataSource());
        assertEquals(2, parts.getCount());
        MimeBodyPart text = (MimeBodyPart) parts.getBodyPart(0);
        assertEquals("客服公司\n\n附件是定时报表。", new String(text.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        MimeBodyPart file = (MimeBodyPart) parts.getBodyPart(1);
        assertEquals(Part.ATTACHMENT, file.getDisposition());
        assertEquals("KPI 报表 2026-12-07.xlsx", MimeUtility.decodeText(file.getFileName()));
        assertArrayEquals(xlsx, file.getInputStream().readAllBytes());
    }
}
