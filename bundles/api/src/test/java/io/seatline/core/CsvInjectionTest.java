package io.seatline.core;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** OWASP CSV injection: every CSV Seatline writes goes through {@link CsvText#line}, which neutralises formulas. */
public class CsvInjectionTest {
    @Test
    public void formulasAreWrittenAsText() {
        assertEquals("'=1+1", CsvText.neutralise("=1+1"));
        assertEquals("'@SUM(A1:A9)", CsvText.neutralise("@SUM(A1:A9)"));
        assertEquals("'+cmd|' /C calc'!A0", CsvText.neutralise("+cmd|' /C calc'!A0"));
        assertEquals("'-2+3", CsvText.neutralise("-2+3"));
        assertEquals("'\t=1", CsvText.neutralise("\t=1"));
        assertEquals("\"'=HYPERLINK(\"\"http://evil\"\")\",'@SUM(A1)\r\n", CsvText.line(List.of("=HYPERLINK(\"http://evil\")", "@SUM(A1)")));
    }

    @Test
    public void numbersAndTextStayAsTheyAre() {
        assertEquals("-110.00,+8613800138000,42,张三,,a-b\r\n",
            CsvText.line(Arrays.asList("-110.00", "+8613800138000", "42", "张三", null, "a-b")));
    }

    @Test
    public void anExportedFileReadsBackAsWhatWasExported() {
        List<String> fields = List.of("=HYPERLINK(\"http://evil\")", "@SUM(A1)", "-110.00", "+86 138", "'quoted", "普通客户");
        assertEquals(fields, CsvText.parse(CsvText.line(fields)).get(0).fields());
    }
}
