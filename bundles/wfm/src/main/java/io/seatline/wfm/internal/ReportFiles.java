package io.seatline.wfm.internal;

import io.seatline.core.CsvText;
import io.seatline.reports.ReportService.KpiReport;
import io.seatline.reports.ReportService.KpiRow;
import io.seatline.reports.ReportService.Kpis;
import io.seatline.reports.ReportService.ReportFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A report as CSV (UTF-8 with a byte-order mark: Excel on Chinese Windows then reads 中文 headers) or as an XLSX
 * workbook (Office Open XML written directly: one sheet, numbers as numbers, text as inline strings).
 */
final class ReportFiles {
    /** Column headers, English and Chinese, by figure name (see {@link Periods#figures}). */
    private static final Map<String, String[]> HEADERS = new LinkedHashMap<>();

    static {
        h("period", "Period", "时段");
        h("group", "Group", "分组");
        h("offered", "Offered", "呼入量");
        h("answered", "Answered", "接通量");
        h("abandoned", "Abandoned", "放弃量");
        h("shortAbandoned", "Short abandons", "短时放弃");
        h("answeredInTarget", "Answered in target", "目标内接通");
        h("serviceLevel", "Service level", "服务水平");
        h("serviceLevelOfAnswered", "Service level (of answered)", "服务水平(按接通)");
        h("asaSeconds", "ASA (s)", "平均应答速度(秒)");
        h("longestWaitSeconds", "Longest wait (s)", "最长等待(秒)");
        h("abandonRate", "Abandon rate", "放弃率");
        h("ahtSeconds", "AHT (s)", "平均处理时长(秒)");
        h("talkSeconds", "Talk (s)", "平均通话(秒)");
        h("holdSeconds", "Hold (s)", "平均保持(秒)");
        h("acwSeconds", "ACW (s)", "平均话后处理(秒)");
        h("transferred", "Transferred", "转接量");
        h("transferRate", "Transfer rate", "转接率");
        h("occupancy", "Occupancy", "占用率");
        h("utilisation", "Utilisation", "利用率");
        h("callsPerHour", "Calls per hour", "每小时接通");
        h("loggedInHours", "Hours logged in", "签入时长(小时)");
        h("surveyed", "Surveyed", "评价数");
        h("csat", "CSAT", "满意度");
        h("total", "Total", "合计");
        h("compare.PREVIOUS", "Previous period", "上期(环比)");
        h("compare.YEAR", "A year before", "去年同期(同比)");
        h("change", "Change", "变化");
    }

    private static void h(String key, String en, String zh) {
        HEADERS.put(key, new String[] {en, zh});
    }

    private ReportFiles() {
    }

    static String header(String key, boolean zh) {
        String[] h = HEADERS.get(key);
        return h == null ? key : h[zh ? 1 : 0];
    }

    /** The report as a table: the header row, then one row per report row, the total, and the comparison (when asked). */
    static List<List<Object>> table(KpiReport r, boolean zh) {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> head = new ArrayList<>();
        head.add(header("period", zh));
        head.add(header("group", zh));
        for (String k : Periods.figures(r.total()).keySet()) {
            head.add(header(k, zh));
        }
        rows.add(head);
        for (KpiRow row : r.rows()) {
            rows.add(line(row.period(), row.label() != null ? row.label() : row.key() == null ? "" : row.key(), row.kpis()));
        }
        rows.add(line(header("total", zh), r.query().from() + " – " + r.query().to(), r.total()));
        if (r.comparison() != null) {
            rows.add(line(header("compare." + r.comparison().compare().name(), zh), r.comparison().from() + " – " + r.comparison().to(),
                r.comparison().total()));
            List<Object> change = new ArrayList<>();
            change.add(header("change", zh));
            change.add("");
            change.addAll(r.comparison().change().values());
            rows.add(change);
        }
        return rows;
    }

    private static List<Object> line(String period, String group, Kpis k) {
        List<Object> l = new ArrayList<>();
        l.add(period);
        l.add(group);
        l.addAll(Periods.figures(k).values());
        return l;
    }

    static ReportFile export(KpiReport r, String format, String language, String baseName) {
        boolean zh = language != null && language.toLowerCase().startsWith("zh");
        List<List<Object>> table = table(r, zh);
        if ("xlsx".equalsIgnoreCase(format)) {
            return new ReportFile(baseName + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(table,
                zh ? "报表" : "Report"));
        }
        StringBuilder sb = new StringBuilder("\uFEFF");
        for (List<Object> row : table) {
            List<String> fields = new ArrayList<>();
            for (Object v : row) {
                fields.add(v == null ? "" : v instanceof Double d ? plain(d) : v.toString());
            }
            sb.append(CsvText.line(fields)); // quoted where needed, formulas neutralised, CRLF
        }
        return new ReportFile(baseName + ".csv", "text/csv; charset=UTF-8", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A one-sheet workbook: the first row bold-free headers, numbers as numeric cells, text as inline strings. */
    static byte[] xlsx(List<List<Object>> table, String sheetName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "</Types>");
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>");
            put(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                + "<sheets><sheet name=\"" + esc(sheetName) + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            put(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "</Relationships>");
            StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            for (int r = 0; r < table.size(); r++) {
                sheet.append("<row r=\"").append(r + 1).append("\">");
                List<Object> row = table.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v == null) {
                        continue;
                    }
                    String ref = column(c) + (r + 1);
                    if (v instanceof Number n) {
                        sheet.append("<c r=\"").append(ref).append("\"><v>").append(n instanceof Double d ? plain(d) : n.toString()).append("</v></c>");
                    } else {
                        sheet.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"><is><t>").append(esc(v.toString())).append("</t></is></c>");
                    }
                }
                sheet.append("</row>");
            }
            sheet.append("</sheetData></worksheet>");
            put(zip, "xl/worksheets/sheet1.xml", sheet.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A, B, ... Z, AA, AB ... */
    static String column(int index) {
        StringBuilder sb = new StringBuilder();
        int n = index + 1;
        while (n > 0) {
            int m = (n - 1) % 26;
            sb.insert(0, (char) ('A' + m));
            n = (n - 1) / 26;
        }
        return sb.toString();
    }

    private static void put(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
