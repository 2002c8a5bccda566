package io.seatline.billing.internal.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;

/**
 * Makes the text of a PDF copy out as the characters that were written. CJK fonts such as Noto Sans SC draw a Kangxi
 * radical (U+2F64 ⽤) and the ideograph it stands for (U+7528 用) with one glyph, likewise the figure dash and the en
 * dash; PDFBox writes the font's ToUnicode map from the lowest code point of each glyph, so 用, 方, 日, 户 and – would
 * be extracted, searched and pasted as ⽤, ⽅, ⽇, ⼾ and ‒. Each glyph maps back to the character the renderer wrote
 * with it; a glyph it did not write but that maps into the radical or compatibility blocks gets its NFKC form.
 */
final class ToUnicodeFix {
    private static final Pattern BFCHAR = Pattern.compile("beginbfchar(.*?)endbfchar", Pattern.DOTALL);
    private static final Pattern BFRANGE = Pattern.compile("beginbfrange(.*?)endbfrange", Pattern.DOTALL);
    private static final Pattern PAIR = Pattern.compile("<([0-9A-Fa-f]+)>\\s*<([0-9A-Fa-f]+)>");
    private static final Pattern RANGE = Pattern.compile("<([0-9A-Fa-f]+)>\\s*<([0-9A-Fa-f]+)>\\s*<([0-9A-Fa-f]+)>");

    private ToUnicodeFix() {
    }

    /** @param written glyph code (hex, as in the ToUnicode map) → the character shown with it */
    static byte[] apply(byte[] pdf, Map<String, String> written) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            boolean changed = false;
            Set<COSStream> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (PDPage page : d.getPages()) {
                PDResources res = page.getResources();
                for (COSName name : res.getFontNames()) {
                    if (res.getFont(name).getCOSObject().getDictionaryObject(COSName.TO_UNICODE) instanceof COSStream s && seen.add(s)) {
                        String cmap;
                        try (InputStream in = s.createInputStream()) {
                            cmap = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        }
                        String fixed = rewrite(cmap, written);
                        if (fixed != null) {
                            try (OutputStream out = s.createOutputStream(COSName.FLATE_DECODE)) {
                                out.write(fixed.getBytes(StandardCharsets.ISO_8859_1));
                            }
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) {
                return pdf;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length);
            d.save(out);
            return out.toByteArray();
        }
    }

    /** The CMap with each glyph mapped to the character written with it, or null when nothing changes. */
    static String rewrite(String cmap, Map<String, String> written) {
        Map<String, String> map = new TreeMap<>();
        Matcher chars = BFCHAR.matcher(cmap);
        while (chars.find()) {
            Matcher p = PAIR.matcher(chars.group(1));
            while (p.find()) {
                map.put(p.group(1).toUpperCase(), text(p.group(2)));
            }
        }
        Matcher ranges = BFRANGE.matcher(cmap);
        while (ranges.find()) {
            Matcher r = RANGE.matcher(ranges.group(1));
            while (r.find()) {
                int width = r.group(1).length();
                int lo = Integer.parseInt(r.group(1), 16);
                int hi = Integer.parseInt(r.group(2), 16);
                String start = text(r.group(3));
                for (int code = lo; code <= hi; code++) {
                    // the last UTF-16 unit counts up (PDFBox writes ranges only within one such run)
                    String dst = start.substring(0, start.length() - 1) + (char) (start.charAt(start.length() - 1) + (code - lo));
                    map.put(String.format("%0" + width + "X", code), dst);
                }
            }
        }
        boolean changed = false;
        for (Map.Entry<String, String> e : map.entrySet()) {
            String meant = written.get(e.getKey());
            if (meant == null && e.getValue().codePoints().anyMatch(ToUnicodeFix::lookalike)) {
                meant = Normalizer.normalize(e.getValue(), Normalizer.Form.NFKC);
            }
            if (meant != null && !meant.equals(e.getValue())) {
                e.setValue(meant);
                changed = true;
            }
        }
        if (!changed) {
            return null;
        }
        int first = firstIndex(cmap, "beginbfchar", "beginbfrange");
        int last = Math.max(cmap.lastIndexOf("endbfchar") + "endbfchar".length(), cmap.lastIndexOf("endbfrange") + "endbfrange".length());
        String head = cmap.substring(0, first);
        // the count before "beginbf…" belongs to the block: drop it from the head
        head = head.replaceFirst("\\d+\\s*$", "");
        StringBuilder b = new StringBuilder(head);
        Object[] entries = map.entrySet().toArray();
        for (int i = 0; i < entries.length; i += 100) {
            int n = Math.min(100, entries.length - i);
            b.append(n).append(" beginbfchar\n");
            for (int j = i; j < i + n; j++) {
                @SuppressWarnings("unchecked")
                Map.Entry<String, String> e = (Map.Entry<String, String>) entries[j];
                b.append('<').append(e.getKey()).append("> <").append(hex(e.getValue())).append(">\n");
            }
            b.append("endbfchar\n");
        }
        return b.append(cmap.substring(last)).toString();
    }

    /** Kangxi radicals, CJK radicals supplement and compatibility ideographs: drawn like an ideograph, never meant here. */
    private static boolean lookalike(int cp) {
        return cp >= 0x2E80 && cp <= 0x2FDF || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0x2F800 && cp <= 0x2FA1F;
    }

    private static int firstIndex(String s, String a, String b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String text(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_16BE);
    }

    private static String hex(String text) {
        StringBuilder b = new StringBuilder();
        for (byte x : text.getBytes(StandardCharsets.UTF_16BE)) {
            b.append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }
}
