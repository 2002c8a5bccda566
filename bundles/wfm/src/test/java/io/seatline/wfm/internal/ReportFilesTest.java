package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.seatline.core.CsvText;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Comparison;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.reports.ReportService.KpiReport;
import io.seatline.reports.ReportService.KpiRow;
import io.seatline.reports.ReportService.Kpis;
import io.seatline.reports.ReportService.ReportFile;
import io.seatline.wfm.Totals;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.Test;

/** Exports read back: the XLSX by Apache POI (an independent reader), the CSV by the platform's own parser. */
public class ReportFilesTest {
    private static KpiReport report() {
        Totals t = Totals.ofCall(10_000, 10_000L, 100_000, 0, 20_000, true, 4, 20_000, 5_000)
            .plus(Totals.ofCall(40_000, null, 0, 0, 0, false, null, 20_000, 5_000));
        Kpis k = Periods.kpis(t);
        Kpis before = Periods.kpis(Totals.ofCall(10_000, 10_000L, 100_000, 0, 20_000, false, 5, 20_000, 5_000));
        KpiQuery q = new KpiQuery(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1), Granularity.DAY, null, null, null, null, Compare.PREVIOUS);
        return new KpiReport(q, "Asia/Shanghai", 5, List.of(new KpiRow("2026-12-01", "sales", "售后=服务", k)), k,
            new Comparison(Compare.PREVIOUS, LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30), before, Periods.change(before, k)));
    }

    @Test
    public void anXlsxOpensWithChineseHeadersNumbersAsNumbersAndTheComparison() throws Exception {
        ReportFile f = ReportFiles.export(report(), "xlsx", "zh-CN", "kpis");
        assertEquals("kpis.xlsx", f.fileName());
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(f.content()))) {
            Sheet s = wb.getSheetAt(0);
            assertEquals("报表", s.getSheetName());
            Row head = s.getRow(0);
            assertEquals("时段", head.getCell(0).getStringCellValue());
            assertEquals("呼入量", head.getCell(2).getStringCellValue());
            assertEquals("服务水平", head.getCell(7).getStringCellValue());
            Row row = s.getRow(1);
            assertEquals("2026-12-01", row.getCell(0).getStringCellValue());
            assertEquals("售后=服务", row.getCell(1).getStringCellValue());
            assertEquals(CellType.NUMERIC, row.getCell(2).getCellType());
            assertEquals(2.0, row.getCell(2).getNumericCellValue(), 0);
            assertEquals(0.5, row.getCell(7).getNumericCellValue(), 1e-12);
            assertEquals("合计", s.getRow(2).getCell(0).getStringCellValue());
            assertEquals("上期(环比)", s.getRow(3).getCell(0).getStringCellValue());
            assertEquals("变化", s.getRow(4).getCell(0).getStringCellValue());
            assertEquals(-0.5, s.getRow(4).getCell(7).getNumericCellValue(), 1e-12); // service level 100 % → 50 %
            assertEquals(4, s.getLastRowNum());
        }
    }

    @Test
    public void aCsvStartsWithAByteOrderMarkAndNeutralisesFormulas() {
        ReportFile f = ReportFiles.export(report(), "csv", "en", "kpis");
        byte[] b = f.content();
        assertTrue((b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF);
        List<CsvText.Row> rows = CsvText.parse(CsvText.decode(b).text());
        assertEquals("Period", rows.get(0).fields().get(0));
        assertEquals("Service level", rows.get(0).fields().get(7));
        assertEquals("售后=服务", rows.get(1).fields().get(1)); // text starting otherwise than with = stays as it is
        assertEquals("2", rows.get(1).fields().get(2));
        assertEquals("0.5", rows.get(1).fields().get(7));
        assertTrue(new String(b, StandardCharsets.UTF_8).contains("Previous period"));
        assertEquals("AA", ReportFiles.column(26));
        assertEquals("Z", ReportFiles.column(25));
    }
}
