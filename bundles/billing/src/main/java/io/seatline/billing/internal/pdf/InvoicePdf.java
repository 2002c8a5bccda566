package io.seatline.billing.internal.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders an invoice or credit note as PDF (A4) with PDFBox, in Chinese and English. The text is set in a font that
 * covers CJK (embedded as a subset), so Chinese tenant names print as themselves and can be copied out of the PDF; a
 * font without CJK glyphs would print boxes, so none is used: without a CJK font the rendering fails with a message
 * saying which font to install or configure.
 */
public final class InvoicePdf {
    /** The font the distribution ships (fonts/ next to bin/ and etc/: Noto Sans SC, SIL Open Font License). */
    public static final String SHIPPED_FONT = "NotoSansSC-Regular.ttf";
    /** System fonts looked for after the shipped one (Debian: fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-uming). */
    public static final List<String> SYSTEM_FONTS = List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
    private static final float MARGIN = 50;
    private static final float SIZE = 9.5f;
    private static final float LEADING = 14;

    private final Path font;

    /**
     * @param font a TrueType font or collection (.ttf, .ttc) with CJK glyphs; null or blank: the first of
     *             {@link #candidates()} present — the shipped font first, so a fresh machine needs no system font
     */
    public InvoicePdf(String font) {
        Path f = font == null || font.isBlank() ? candidates().stream().filter(Files::isReadable).findFirst().orElse(null)
            : Paths.get(font);
        if (f == null || !Files.isReadable(f)) {
            throw new IllegalStateException("no CJK font for invoice PDFs: the distribution's fonts/" + SHIPPED_FONT + " is missing, and no "
                + "system CJK font was found; restore it, or set pdf.font in etc/seatline.billing.cfg to a .ttf/.ttc with Chinese glyphs"
                + (f == null ? "" : " (not readable: " + f + ")"));
        }
        this.font = f;
    }

    /**
     * Where a font is looked for when none is configured: the shipped font in {@code seatline.fonts.dir} (default
     * {@code <karaf.home>/fonts}), then {@link #SYSTEM_FONTS}.
     */
    public static List<Path> candidates() {
        List<Path> out = new java.util.ArrayList<>();
        String dir = System.getProperty("seatline.fonts.dir");
        if (dir == null && System.getProperty("karaf.home") != null) {
            dir = Paths.get(System.getProperty("karaf.home"), "fonts").toString();
        }
        if (dir != null) {
            out.add(Paths.get(dir, SHIPPED_FONT));
        }
        SYSTEM_FONTS.forEach(p -> out.add(Paths.get(p)));
        return out;
    }

    public Path font() {
        return font;
    }

    public byte[] render(InvoiceDoc d) {
        List<java.io.Closeable> open = new ArrayList<>();
        try (PDDocument pdf = new PDDocument()) {
            PDType0Font f = load(pdf, open);
            Writer w = new Writer(pdf, f);
            boolean credit = "CREDIT_NOTE".equals(d.kind());
            w.text(16, (credit ? "贷项通知单 / Credit note" : "发票 / Invoice") + "  " + (d.number() == null ? "草稿 / DRAFT" : d.number()));
            w.gap();
            w.text(SIZE, "开票方 / From: " + d.operator().name());
            w.optional("  ", d.operator().address());
            w.optional("  税号 / Tax id: ", d.operator().taxId());
            w.text(SIZE, "客户 / Bill to: " + d.tenant().name());
            w.optional("  ", d.tenant().address());
            w.optional("  税号 / Tax id: ", d.tenant().taxId());
            w.gap();
            w.text(SIZE, "账期 / Period: " + d.periodFrom() + " – " + d.periodTo() + "    开票日期 / Issued: " + (d.issued() == null ? "-" : d.issued())
                + "    到期 / Due: " + (d.due() == null ? "-" : d.due()) + "    币种 / Currency: " + d.currency());
            if (d.refersTo() != null) {
                w.text(SIZE, "冲减发票 / Credits invoice: " + d.refersTo());
            }
            w.gap();
            Map<String, List<InvoiceDoc.Line>> sections = new LinkedHashMap<>();
            for (InvoiceDoc.Line l : d.lines()) {
                sections.computeIfAbsent(l.section(), k -> new ArrayList<>()).add(l);
            }
            for (Map.Entry<String, List<InvoiceDoc.Line>> s : sections.entrySet()) {
                w.text(11, heading(s.getKey()));
                w.row("项目 / Item", "税率 / Tax", "税额 / Tax amount", "金额 / Net");
                for (InvoiceDoc.Line l : s.getValue()) {
                    w.row(l.description(), percent(l.taxRate()), money(l.tax()), money(l.net()));
                    if (l.detail() != null && !l.detail().isBlank()) {
                        w.wrapped("    " + l.detail(), 8);
                    }
                }
                w.gap();
            }
            for (InvoiceDoc.Tax t : d.taxes()) {
                w.row(t.name() + " " + percent(t.rate()) + " × " + money(t.base()), "", "", money(t.amount()));
            }
            w.row("不含税合计 / Net total", "", "", money(d.net()));
            w.row("税额合计 / Tax total", "", "", money(d.tax()));
            w.row("应付总额 / Total due (" + d.currency() + ")", "", "", money(d.total()));
            w.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return ToUnicodeFix.apply(out.toByteArray(), w.written);
        } catch (IOException e) {
            throw new IllegalStateException("rendering the invoice PDF failed: " + e.getMessage(), e);
        } finally {
            for (java.io.Closeable c : open) {
                try {
                    c.close();
                } catch (IOException e) {
                    // nothing left to do with a font file that will not close
                }
            }
        }
    }

    private PDType0Font load(PDDocument pdf, List<java.io.Closeable> open) throws IOException {
        if (font.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
            // the collection stays open with the document: PDFBox reads glyphs from it when it subsets the font on save
            TrueTypeCollection ttc = new TrueTypeCollection(font.toFile());
            open.add(ttc);
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(t -> {
                if (first[0] == null) {
                    first[0] = t;
                }
            });
            return PDType0Font.load(pdf, first[0], true);
        }
        return PDType0Font.load(pdf, font.toFile());
    }

    private static String heading(String section) {
        return switch (section) {
            case "SEATS" -> "座席租赁 / Seat rental";
            case "USAGE" -> "话务用量 / Usage";
            case "FEES" -> "一次性费用 / One-off fees";
            case "DISCOUNTS" -> "折扣 / Discounts";
            default -> section;
        };
    }

    static String money(BigDecimal b) {
        return b == null ? "" : String.format(java.util.Locale.ROOT, "%,." + Math.max(0, b.scale()) + "f", b);
    }

    private static String percent(BigDecimal rate) {
        return rate == null ? "" : rate.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + " %";
    }

    /** Writes lines top-down, starting a new page when one is full. */
    private static final class Writer {
        private final PDDocument pdf;
        private final PDType0Font font;
        private PDPageContentStream out;
        private float y;
        /** each glyph code shown (hex, as in the ToUnicode map) → the character written with it */
        final Map<String, String> written = new java.util.HashMap<>();

        Writer(PDDocument pdf, PDType0Font font) throws IOException {
            this.pdf = pdf;
            this.font = font;
            page();
        }

        private void page() throws IOException {
            if (out != null) {
                out.close();
            }
            PDPage p = new PDPage(PDRectangle.A4);
            pdf.addPage(p);
            out = new PDPageContentStream(pdf, p);
            y = p.getMediaBox().getHeight() - MARGIN;
        }

        private void at(float x, float size, String s) throws IOException {
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, y);
            out.showText(s);
            s.codePoints().forEach(cp -> {
                String ch = new String(Character.toChars(cp));
                try {
                    StringBuilder code = new StringBuilder();
                    for (byte b : font.encode(ch)) {
                        code.append(String.format("%02X", b & 0xff));
                    }
                    written.putIfAbsent(code.toString(), ch);
                } catch (IOException | IllegalArgumentException e) {
                    // showText has just encoded it: cannot happen
                }
            });
            out.endText();
        }

        private void next(float lead) throws IOException {
            y -= lead;
            if (y < MARGIN) {
                page();
            }
        }

        void text(float size, String s) throws IOException {
            at(MARGIN, size, s);
            next(Math.max(LEADING, size + 6));
        }

        void optional(String label, String value) throws IOException {
            if (value != null && !value.isBlank()) {
                text(SIZE, label + value);
            }
        }

        void gap() throws IOException {
            next(LEADING / 2);
        }

        void wrapped(String s, float size) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                line.append(s.charAt(i));
                if (font.getStringWidth(line.toString()) / 1000 * size > width) {
                    line.setLength(line.length() - 1);
                    at(MARGIN, size, line.toString());
                    next(size + 4);
                    line.setLength(0);
                    line.append("    ").append(s.charAt(i));
                }
            }
            at(MARGIN, size, line.toString());
            next(size + 4);
        }

        /** Description on the left (cut to its column), then right-aligned columns. */
        void row(String description, String tax, String taxAmount, String net) throws IOException {
            float right = PDRectangle.A4.getWidth() - MARGIN;
            String d = description;
            while (d.length() > 1 && font.getStringWidth(d) / 1000 * SIZE > 290) {
                d = d.substring(0, d.length() - 2) + "…";
            }
            at(MARGIN, SIZE, d);
            at(right - 200 - width(tax), SIZE, tax);
            at(right - 100 - width(taxAmount), SIZE, taxAmount);
            at(right - width(net), SIZE, net);
            next(LEADING);
        }

        private float width(String s) throws IOException {
            return font.getStringWidth(s) / 1000 * SIZE;
        }

        void close() throws IOException {
            out.close();
        }
    }
}
