package io.seatline.billing.internal.pdf;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The PDF is read back with PDFBox's text extraction: the Chinese tenant name, the number and the totals must come
 * out as text (a missing CJK font would give boxes or no text). The font is the one the distribution ships
 * (bundles/fonts, on the test class path), found where the distribution keeps it: no system font is needed.
 */
public class InvoicePdfTest {

    /** Lays the shipped font out as the distribution does ({@code fonts/}) and points the lookup there. */
    @BeforeClass
    public static void shippedFont() throws Exception {
        Path dir = Files.createTempDirectory("seatline-fonts");
        try (InputStream in = InvoicePdfTest.class.getResourceAsStream("/fonts/" + InvoicePdf.SHIPPED_FONT)) {
            assertNotNull("the shipped font is on the test class path (bundles/fonts)", in);
            Files.copy(in, dir.resolve(InvoicePdf.SHIPPED_FONT));
        }
        System.setProperty("seatline.fonts.dir", dir.toString());
    }

    @AfterClass
    public static void noFontDir() {
        System.clearProperty("seatline.fonts.dir");
    }

    private static InvoiceDoc doc(String number, int extraLines) {
        BigDecimal six = new BigDecimal("0.06");
        List<InvoiceDoc.Line> lines = new ArrayList<>(List.of(
            new InvoiceDoc.Line("SEATS", "专席 Dedicated seats, 2026-12", "5 × 300.00", new BigDecimal("1500.00"), six, new BigDecimal("90.00")),
            new InvoiceDoc.Line("SEATS", "加座 1 seat added 2026-11-10", "1 × 300.00 × 21/30 days, 2026-11-10 – 2026-11-30", new BigDecimal("210.00"), six,
                new BigDecimal("12.60")),
            new InvoiceDoc.Line("USAGE", "呼出 中国移动 Outbound 86138 peak", "1 234 calls, 2 468 min", new BigDecimal("-110.00"), six,
                new BigDecimal("-6.60"))));
        for (int i = 0; i < extraLines; i++) {
            lines.add(new InvoiceDoc.Line("USAGE", "呼出 Outbound prefix " + (86000 + i), "10 calls", new BigDecimal("0.00"), six, new BigDecimal("0.00")));
        }
        return new InvoiceDoc("INVOICE", number, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
            LocalDate.of(2026, 12, 31), "CNY", new InvoiceDoc.Party("Seatline BPO 运营商", "上海市浦东新区", "91310000MA1FL0000X"),
            new InvoiceDoc.Party("和信公用事业热线", "北京市朝阳区", null), lines,
            List.of(new InvoiceDoc.Tax("增值税 VAT", six, new BigDecimal("1600.00"), new BigDecimal("96.00"))), new BigDecimal("1600.00"),
            new BigDecimal("96.00"), new BigDecimal("1696.00"), null);
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    @Test
    public void chineseTenantNameNumberAndTotalsAreExtractableText() throws Exception {
        byte[] pdf = new InvoicePdf(null).render(doc("SL-2026-000042", 0));
        assertTrue(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        String text = text(pdf);
        for (String expected : new String[] {"和信公用事业热线", "SL-2026-000042", "1,696.00", "1,600.00", "96.00", "座席租赁 / Seat rental",
            "2026-11-10 – 2026-11-30", "-110.00", "6 %", "Seatline BPO 运营商"}) {
            assertTrue(expected + " in:\n" + text, text.contains(expected));
        }
    }

    @Test
    public void theShippedFontIsPreferredAndEmbeddedAsASubset() throws Exception {
        InvoicePdf renderer = new InvoicePdf(null);
        assertTrue(renderer.font().toString(), renderer.font().endsWith(InvoicePdf.SHIPPED_FONT));
        byte[] pdf = renderer.render(doc("SL-2026-000043", 0));
        try (PDDocument d = Loader.loadPDF(pdf)) {
            List<String> fonts = new ArrayList<>();
            for (org.apache.pdfbox.cos.COSName name : d.getPage(0).getResources().getFontNames()) {
                fonts.add(d.getPage(0).getResources().getFont(name).getName());
            }
            // a subset ("ABCDEF+NotoSansSC-Regular"): only the glyphs used travel with the PDF
            assertTrue(fonts.toString(), fonts.stream().anyMatch(f -> f.matches("[A-Z]{6}\\+NotoSansSC.*")));
        }
        assertTrue("subset-embedded, not the whole 10 MB font: " + pdf.length, pdf.length < 300_000);
        // the font draws 用 and the radical ⽤ (and – and ‒) with one glyph: the text copies out as what was written
        String text = text(pdf);
        assertTrue(text, text.contains("和信公用事业热线") && text.contains("开票方") && text.contains("2026-11-10 – 2026-11-30"));
        assertTrue(text, text.codePoints().noneMatch(cp -> cp >= 0x2E80 && cp <= 0x2FDF || cp == 0x2012));
    }

    @Test
    public void aDraftSaysSoAndLongInvoicesRunOverPages() throws Exception {
        byte[] pdf = new InvoicePdf(null).render(doc(null, 120));
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertTrue("120 extra lines need more than one A4 page", d.getNumberOfPages() > 1);
        }
        String text = text(pdf);
        assertTrue(text.contains("草稿 / DRAFT"));
        assertTrue("the totals are on the last page", text.lastIndexOf("1,696.00") > text.lastIndexOf("86119"));
    }

    @Test
    public void withoutACjkFontTheRenderingRefusesInsteadOfPrintingBoxes() {
        try {
            new InvoicePdf("/nonexistent/font.ttf");
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("pdf.font"));
        }
    }
}
