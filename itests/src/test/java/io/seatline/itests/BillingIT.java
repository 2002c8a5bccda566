package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Billing against the assembled distribution (H2): the catalog's refusals, idempotent rating through the CDR feed,
 * preview → run → review → issue → PDF with hand-computed amounts, credit notes and payments, the delivery folder,
 * tenant isolation of invoices, the operator-level billing role, refused open periods and overlapping runs, and the
 * console commands. The crash-and-rerun case runs against a separately started distribution on MariaDB (BillingCrashIT).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BillingIT extends SeatlineTestSupport {
    /** October 2026 is closed in every time zone by the time this suite runs (it checks). */
    private static final String OCT = "2026-10";

    @Inject
    private org.apache.karaf.shell.api.console.SessionFactory sessions;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    @org.ops4j.pax.exam.util.Filter("(dataSourceName=seatline)")
    private javax.sql.DataSource dataSource;
    @Inject
    private org.osgi.service.event.EventAdmin eventAdmin;

    private static String plan(String name) {
        return "{\"plan\":\"" + name + "\",\"name\":\"标准套餐 Standard\",\"validFrom\":\"2026-01-01\",\"currency\":\"CNY\",\"dedicatedSeat\":3000,"
            + "\"sharedSeat\":1200,\"recordingGbMonth\":0.5,\"bands\":[{\"name\":\"peak\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"],"
            + "\"from\":\"09:00\",\"to\":\"18:00\"}],\"defaultBand\":\"offpeak\",\"rates\":["
            + "{\"direction\":\"OUTBOUND\",\"prefix\":\"86\",\"band\":\"*\",\"perMinute\":0.10,\"increment\":\"60/60\",\"description\":\"中国 China\"},"
            + "{\"direction\":\"OUTBOUND\",\"prefix\":\"86138\",\"band\":\"peak\",\"perMinute\":0.20,\"increment\":\"60/60\",\"description\":\"移动 peak\"},"
            + "{\"direction\":\"OUTBOUND\",\"prefix\":\"86138\",\"band\":\"offpeak\",\"perMinute\":0.12,\"increment\":\"60/60\"},"
            + "{\"direction\":\"INBOUND\",\"prefix\":\"86400\",\"band\":\"*\",\"perMinute\":0.05,\"increment\":\"6/6\",\"connectionFee\":0.01}]}";
    }

    private static String cdr(String id, String tenant, String direction, String to, String did, String answeredAt, long talkMs) {
        return "{\"id\":\"" + id + "\",\"tenantId\":\"" + tenant + "\",\"direction\":\"" + direction + "\",\"from\":\"1001\",\"to\":\"" + to + "\","
            + "\"did\":" + (did == null ? "null" : "\"" + did + "\"") + ",\"offeredAt\":\"" + (answeredAt == null ? "2026-10-20T02:00:00Z" : answeredAt)
            + "\",\"answeredAt\":" + (answeredAt == null ? "null" : "\"" + answeredAt + "\"") + ",\"endedAt\":\"2026-10-20T03:00:00Z\","
            + "\"waitMs\":0,\"talkMs\":" + talkMs + ",\"holdMs\":0,\"disposition\":\"" + (answeredAt == null ? "NO_ANSWER" : "ANSWERED")
            + "\",\"transfers\":0,\"legs\":[]}";
    }

    /** A tenant with a CNY profile (6 % VAT), on {@code plan} from 1 October 2026. */
    private String billedTenant(String prefix, String plan, String legalName) {
        String t = createTenant(prefix, 0, 0);
        Answer p = op("PUT", "/billing/tenants/" + t + "/profile", "{\"currency\":\"CNY\",\"legalName\":\"" + legalName + "\",\"address\":\"上海市浦东新区 1 号\","
            + "\"taxId\":\"91310000MA1K\",\"taxName\":\"增值税 VAT\",\"taxRate\":0.06,\"email\":\"ap@" + t + ".example.cn\",\"paymentTermsDays\":15}");
        assertEquals(p.toString(), 200, p.status);
        Answer s = op("POST", "/billing/tenants/" + t + "/subscriptions", "{\"plan\":\"" + plan + "\",\"from\":\"2026-10-01\"}");
        assertEquals(s.toString(), 201, s.status);
        return t;
    }

    private JsonNode awaitRun(String runId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = op("GET", "/billing/runs/" + runId, null).json;
            return !last[0].get("state").asText().equals("RUNNING");
        });
        return last[0];
    }

    private JsonNode invoicesOf(String tenant, String status) {
        return op("GET", "/billing/invoices?tenant=" + tenant + "&period=" + OCT + (status == null ? "" : "&status=" + status), null).json.get("items");
    }

    private byte[] bytes(String user, String password, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Authorization", basicAuth(user, password)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), 200, r.statusCode());
        return r.body();
    }

    private Answer putCsv(String path, String csv) {
        return sendRequest(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD))
            .header("Content-Type", "text/csv; charset=UTF-8").header("Accept", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(csv, java.nio.charset.StandardCharsets.UTF_8)).build());
    }

    private Answer getCsv(String path) {
        return sendRequest(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD))
            .header("Accept", "text/csv").GET().build());
    }

    /** The names of the fonts the PDF's first page uses. */
    private static java.util.List<String> fonts(byte[] pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (org.apache.pdfbox.cos.COSName name : d.getPage(0).getResources().getFontNames()) {
                out.add(d.getPage(0).getResources().getFont(name).getName());
            }
            return out;
        }
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    @Test
    public void catalogRefusesOverlapsBadPricesAndDuplicatePrefixes() {
        String name = unique("cat");
        assertEquals(201, op("POST", "/billing/plans", plan(name)).status);
        Answer overlap = op("POST", "/billing/plans", plan(name).replace("2026-01-01", "2026-06-01"));
        assertEquals(overlap.toString(), 400, overlap.status);
        assertEquals("overlapping_versions", overlap.code());
        Answer zero = op("POST", "/billing/plans", plan(unique("cat")).replace("\"dedicatedSeat\":3000", "\"dedicatedSeat\":0"));
        assertEquals(zero.toString(), 400, zero.status);
        assertEquals("dedicatedSeat", zero.json.get("field").asText());
        Answer negative = op("POST", "/billing/plans", plan(unique("cat")).replace("\"perMinute\":0.10", "\"perMinute\":-0.10"));
        assertEquals(400, negative.status);
        assertEquals("rates[0].perMinute", negative.json.get("field").asText());
        Answer dup = op("POST", "/billing/plans", plan(unique("cat")).replace("\"prefix\":\"86\",", "\"prefix\":\"86138\",").replace("\"band\":\"*\",\"perMinute\":0.10",
            "\"band\":\"peak\",\"perMinute\":0.10"));
        assertEquals(dup.toString(), 400, dup.status);
        assertEquals("duplicate_prefix", dup.code());
        // a later version that starts where the first ends is fine once the first is bounded; a CSV with a bad row is refused whole
        String id = op("GET", "/billing/plans?plan=" + name, null).json.get(0).get("id").asText();
        Answer csv = putCsv("/billing/plans/" + id + "/rates",
            "direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description\nOUTBOUND,86,*,0.1,0,0,60/60,ok\nOUTBOUND,8a6,*,0.1,0,0,60/60,bad\n");
        assertEquals(csv.toString(), 400, csv.status);
        assertTrue(csv.toString(), csv.json.get("message").asText().contains("row 3"));
        assertEquals("the refused file changed nothing", 4, op("GET", "/billing/plans/" + id, null).json.get("rateCount").asInt());
        // checked first, every bad row is reported (not only the first), and nothing is written
        Answer checked = sendRequest(HttpRequest.newBuilder(URI.create(baseUrl() + "/billing/plans/" + id + "/rates/check"))
            .header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD)).header("Content-Type", "text/csv; charset=UTF-8")
            .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description\nOUTBOUND,86,*,0.1,0,0,60/60,ok\n"
                    + "OUTBOUND,8a6,*,0.1,0,0,60/60,bad\nOUTBOUND,86,*,0.2,0,0,60/60,dup\nOUTBOUND,44,nowhere,0.1,0,0,60/60,band\n"
                    + "OUTBOUND,1,*,x,0,0,60/60,price\n", java.nio.charset.StandardCharsets.UTF_8)).build());
        assertEquals(checked.toString(), 200, checked.status);
        assertEquals(checked.toString(), 5, checked.json.get("rows").asInt());
        assertEquals(checked.toString(), 1, checked.json.get("accepted").asInt());
        JsonNode refusedRows = checked.json.get("rejected");
        assertEquals(checked.toString(), java.util.List.of(3, 4, 5, 6), java.util.stream.StreamSupport.stream(refusedRows.spliterator(), false)
            .map(r -> r.get("row").asInt()).toList());
        assertTrue(checked.toString(), refusedRows.get(3).get("reason").asText().contains("not a number"));
        assertEquals("a check writes nothing", 4, op("GET", "/billing/plans/" + id, null).json.get("rateCount").asInt());
        // only billing staff manage the catalog
        String t = createTenant("catt", 1, 0);
        createUser(t, "boss", "[\"tenant-admin\"]");
        assertEquals(403, post("boss@" + t, PASSWORD, "/billing/plans", plan(unique("cat"))).status);
    }

    @Test
    public void ratingIsIdempotentAndUnratedCallsAreReportedNeverFree() {
        String planName = unique("rate");
        assertEquals(201, op("POST", "/billing/plans", plan(planName)).status);
        String t = billedTenant("rate", planName, "费率测试公司");
        String c1 = unique("c1");
        // 10:00 Tuesday in Shanghai (peak), 61 s under 60/60: 2 minutes x 0.20
        String feed = "[" + cdr(c1, t, "OUTBOUND", "+8613800138000", null, "2026-10-13T02:00:00Z", 61_000) + ","
            + cdr(unique("uk"), t, "OUTBOUND", "+442071234567", null, "2026-10-13T03:00:00Z", 60_000) + ","
            + cdr(unique("x"), "no-such-tenant", "OUTBOUND", "+8613800138000", null, "2026-10-13T03:00:00Z", 60_000) + "]";
        Answer r = op("POST", "/billing/cdrs", feed);
        assertEquals(r.toString(), 200, r.status);
        assertEquals("RATED", r.json.get(0).get("outcome").asText());
        assertEquals(0, new BigDecimal("0.40").compareTo(r.json.get(0).get("amount").decimalValue()));
        assertEquals("UNRATED", r.json.get(1).get("outcome").asText());
        assertTrue(r.json.get(1).get("reason").asText(), r.json.get(1).get("reason").asText().contains("442071234567"));
        assertEquals("REJECTED", r.json.get(2).get("outcome").asText());
        assertTrue(r.json.get(2).get("reason").asText().contains("unknown tenant"));
        // the same CDRs again: nothing changes
        Answer again = op("POST", "/billing/cdrs", feed);
        assertEquals("ALREADY_RATED", again.json.get(0).get("outcome").asText());
        JsonNode usage = op("GET", "/billing/tenants/" + t + "/usage?period=" + OCT, null).json;
        assertEquals(1, usage.get("total").asInt());
        JsonNode u = usage.get("items").get(0);
        assertEquals("86138", u.get("prefix").asText());
        assertEquals("peak", u.get("band").asText());
        assertEquals(120, u.get("billableSeconds").asInt());
        assertEquals("60/60", u.get("increment").asText());
        assertEquals(1, op("GET", "/billing/tenants/" + t + "/unrated?period=" + OCT, null).json.get("total").asInt());
    }

    @Test
    public void previewRunIssuePdfCreditNoteAndPayments() throws Exception {
        assertTrue("October is closed", !YearMonth.now(ZoneId.of("Pacific/Kiritimati")).isBefore(YearMonth.of(2026, 11)));
        String planName = unique("std");
        Answer pv = op("POST", "/billing/plans", plan(planName));
        assertEquals(pv.toString(), 201, pv.status);
        String a = billedTenant("inva", planName, "甲方科技有限公司");
        String b = billedTenant("invb", planName, "乙方贸易有限公司");
        String uk = unique("uk");
        Answer fed = op("POST", "/billing/cdrs", "[" + cdr(unique("c"), a, "OUTBOUND", "+8613800138000", null, "2026-10-13T02:00:00Z", 61_000) + ","
            // 09:00 Wednesday, prefix 86 (any band): 1 minute x 0.10
            + cdr(unique("c"), a, "OUTBOUND", "+8613900000000", null, "2026-10-14T01:00:00Z", 30_000) + ","
            // 20:00 Thursday, inbound DID 864001234567 under 6/6: 18 s x 0.05/min + 0.01 connection = 0.025
            + cdr(unique("c"), a, "INBOUND", "+864001234567", "864001234567", "2026-10-15T12:00:00Z", 13_000) + ","
            // 17:59:30 Tuesday: 30 s peak at 0.20 + (31 s + 59 s of increment) off-peak at 0.12 = 0.10 + 0.18
            + cdr(unique("c"), a, "OUTBOUND", "+8613800138001", null, "2026-10-13T09:59:30Z", 61_000) + ","
            + cdr(uk, a, "OUTBOUND", "+442071234567", null, "2026-10-16T03:00:00Z", 60_000) + ","
            + cdr(unique("c"), a, "OUTBOUND", "+8613800138000", null, null, 0) + ","
            + cdr(unique("c"), b, "OUTBOUND", "+8613800138000", null, "2026-10-13T02:00:00Z", 60_000) + "]");
        assertEquals(fed.toString(), 200, fed.status);
        assertEquals(201, op("POST", "/billing/tenants/" + a + "/charges", "{\"kind\":\"FEE\",\"description\":\"开户费 Setup fee\",\"amount\":500.00,"
            + "\"from\":\"2026-10-15\"}").status);
        assertEquals(201, op("POST", "/billing/tenants/" + a + "/charges", "{\"kind\":\"DISCOUNT\",\"description\":\"新客户折扣 Welcome\",\"percent\":10,"
            + "\"from\":\"2026-10-01\",\"to\":\"2026-12-31\"}").status);
        assertEquals(400, op("POST", "/billing/tenants/" + a + "/charges", "{\"kind\":\"FEE\",\"description\":\"x\",\"amount\":-1,\"from\":\"2026-10-15\"}")
            .status);

        // preview: nothing written
        String req = "{\"period\":\"" + OCT + "\",\"tenants\":[\"" + a + "\",\"" + b + "\"]}";
        Answer preview = op("POST", "/billing/preview", req);
        assertEquals(preview.toString(), 200, preview.status);
        assertEquals(2, preview.json.get("invoices").size());
        assertEquals(0, invoicesOf(a, null).size());
        JsonNode pa = preview.json.get("invoices").get(0).get("tenantId").asText().equals(a) ? preview.json.get("invoices").get(0)
            : preview.json.get("invoices").get(1);
        // peak outbound 0.40 + 0.10 + 0.28 = 0.78; inbound 0.025 -> 0.03; fee 500.00; discount 10 % of 0.81 = 0.08
        assertEquals(0, new BigDecimal("500.73").compareTo(pa.get("net").decimalValue()));
        assertEquals(1, pa.get("unratedCalls").asInt());

        // run, and again: the same one draft per tenant
        Answer run = op("POST", "/billing/runs", req);
        assertEquals(run.toString(), 202, run.status);
        JsonNode done = awaitRun(run.json.get("id").asText());
        assertEquals(done.toString(), "DONE", done.get("state").asText());
        assertEquals(2, done.get("created").asInt());
        JsonNode rerun = awaitRun(op("POST", "/billing/runs", req).json.get("id").asText());
        assertEquals(0, rerun.get("created").asInt());
        assertEquals(2, rerun.get("existing").asInt());
        JsonNode drafts = invoicesOf(a, "DRAFT");
        assertEquals(1, drafts.size());
        String draftA = drafts.get(0).get("id").asText();
        assertEquals(0, pa.get("total").decimalValue().compareTo(drafts.get(0).get("total").decimalValue()));

        // unrated calls hold the invoice back; rates for the UK, the call fed again, the draft discarded and billed again
        Answer held = op("POST", "/billing/invoices/" + draftA + "/issue", null);
        assertEquals(held.toString(), 409, held.status);
        assertEquals("unrated_calls", held.code());
        String version = pv.json.get("id").asText();
        Answer csv = putCsv("/billing/plans/" + version + "/rates",
            "direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description\n"
                + "OUTBOUND,86,*,0.10,0,0,60/60,中国\nOUTBOUND,86138,peak,0.20,0,0,60/60,\nOUTBOUND,86138,offpeak,0.12,0,0,60/60,\n"
                + "INBOUND,86400,*,0.05,0.01,0,6/6,\nOUTBOUND,44,*,0.50,0,0,60/60,United Kingdom 英国\n");
        assertEquals(csv.toString(), 200, csv.status);
        assertEquals(5, csv.json.get("rateCount").asInt());
        Answer refed = op("POST", "/billing/cdrs", "[" + cdr(uk, a, "OUTBOUND", "+442071234567", null, "2026-10-16T03:00:00Z", 60_000) + "]");
        assertEquals("RATED", refed.json.get(0).get("outcome").asText());
        assertEquals(200, op("POST", "/billing/invoices/" + draftA + "/discard", "{\"reason\":\"UK calls rated\"}").status);
        JsonNode third = awaitRun(op("POST", "/billing/runs", "{\"period\":\"" + OCT + "\",\"tenants\":[\"" + a + "\"]}").json.get("id").asText());
        assertEquals(1, third.get("created").asInt());
        JsonNode inv = invoicesOf(a, "DRAFT").get(0);
        // peak 0.78 + 0.50 = 1.28; inbound 0.03; fee 500.00; discount 10 % of 1.31 = 0.13 -> net 501.18
        // tax per line: 0.08 + 0.00 + 30.00 - 0.01 = 30.07 -> total 531.25
        assertEquals(0, new BigDecimal("501.18").compareTo(inv.get("net").decimalValue()));
        assertEquals(0, new BigDecimal("30.07").compareTo(inv.get("tax").decimalValue()));
        assertEquals(0, new BigDecimal("531.25").compareTo(inv.get("total").decimalValue()));
        List<String> sections = new ArrayList<>();
        inv.get("lines").forEach(l -> sections.add(l.get("section").asText() + ":" + l.get("code").asText()));
        assertEquals(List.of("USAGE:VOICE_INBOUND/offpeak", "USAGE:VOICE_OUTBOUND/peak", "FEES:FEE", "DISCOUNTS:DISCOUNT"), sections);

        // issue: gapless numbers; an issued invoice is immutable
        Answer ia = op("POST", "/billing/invoices/" + inv.get("id").asText() + "/issue", null);
        assertEquals(ia.toString(), 200, ia.status);
        String numberA = ia.json.get("number").asText();
        Answer ib = op("POST", "/billing/invoices/" + invoicesOf(b, "DRAFT").get(0).get("id").asText() + "/issue", null);
        assertEquals(ib.toString(), 200, ib.status);
        long seqA = Long.parseLong(numberA.replaceAll("\\D", ""));
        assertEquals("INV-" + String.format("%06d", seqA + 1), ib.json.get("number").asText());
        assertEquals(409, op("POST", "/billing/invoices/" + ia.json.get("id").asText() + "/issue", null).status);
        assertEquals(409, op("POST", "/billing/invoices/" + ia.json.get("id").asText() + "/discard", "{}").status);
        assertEquals(LocalDate.parse(ia.json.get("issuedOn").asText()).plusDays(15).toString(), ia.json.get("dueOn").asText());

        // the PDF: text extractable, Chinese name, number and total
        String idA = ia.json.get("id").asText();
        byte[] pdfBytes = bytes(OPERATOR, OPERATOR_PASSWORD, "/billing/invoices/" + idA + "/pdf");
        String pdf = text(pdfBytes);
        assertTrue(pdf, pdf.contains("甲方科技有限公司"));
        // set in the font the distribution ships (fonts/NotoSansSC-Regular.ttf), whatever the machine has installed
        assertTrue(Files.isReadable(Paths.get(System.getProperty("karaf.home"), "fonts", "NotoSansSC-Regular.ttf")));
        assertTrue(fonts(pdfBytes).toString(), fonts(pdfBytes).stream().anyMatch(f -> f.matches("[A-Z]{6}\\+NotoSansSC.*")));
        assertTrue(pdf, pdf.contains(numberA));
        assertTrue(pdf, pdf.contains("531.25"));
        assertTrue(pdf, pdf.contains("开户费 Setup fee"));
        // delivered: dropped into the outbox
        Path dropped = Paths.get(System.getProperty("karaf.data"), "invoices", "outbox", a, numberA + ".pdf");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(dropped) && Files.size(dropped) > 1000);
        assertTrue(text(Files.readAllBytes(dropped)).contains(numberA));

        // export
        Answer csvOut = getCsv("/billing/export?period=" + OCT + "&tenant=" + a);
        assertEquals(200, csvOut.status);
        assertTrue(csvOut.body, csvOut.body.contains(numberA) && csvOut.body.contains("开户费 Setup fee") && csvOut.body.contains("500.00"));

        // a credit note, then payments; never more than the balance
        Answer cn = op("POST", "/billing/invoices/" + idA + "/credit-notes", "{\"reason\":\"服务中断补偿 outage\",\"lines\":[{\"description\":\"Goodwill\","
            + "\"net\":100.00}]}");
        assertEquals(cn.toString(), 201, cn.status);
        assertEquals(0, new BigDecimal("106.00").compareTo(cn.json.get("total").decimalValue()));
        Answer cni = op("POST", "/billing/invoices/" + cn.json.get("id").asText() + "/issue", null);
        assertEquals(cni.toString(), 200, cni.status);
        assertTrue(cni.json.get("number").asText().startsWith("CN-"));
        assertTrue(text(bytes(OPERATOR, OPERATOR_PASSWORD, "/billing/invoices/" + cni.json.get("id").asText() + "/pdf")).contains(numberA));
        assertEquals(0, new BigDecimal("425.25").compareTo(op("GET", "/billing/invoices/" + idA, null).json.get("balance").decimalValue()));
        Answer over = op("POST", "/billing/invoices/" + idA + "/payments", "{\"amount\":425.26,\"paidOn\":\"2026-11-20\",\"reference\":\"银行转账\"}");
        assertEquals(over.toString(), 400, over.status);
        assertEquals("amount", over.json.get("field").asText());
        assertEquals(201, op("POST", "/billing/invoices/" + idA + "/payments", "{\"amount\":425.25,\"paidOn\":\"2026-11-20\",\"reference\":\"TT-1\"}").status);
        JsonNode bal = op("GET", "/billing/tenants/" + a + "/balance", null).json;
        assertEquals(0, BigDecimal.ZERO.compareTo(bal.get("balance").decimalValue()));
        // B has not paid: overdue once its due date is past
        JsonNode overdue = op("GET", "/billing/overdue?asOf=2099-01-01", null).json;
        boolean bListed = false;
        for (JsonNode o : overdue) {
            assertFalse("a paid invoice is not overdue", o.get("id").asText().equals(idA));
            bListed |= o.get("tenantId").asText().equals(b);
        }
        assertTrue(overdue.toString(), bListed);

        // tenant admins read their own invoices only
        createUser(a, "boss", "[\"tenant-admin\"]");
        createUser(b, "boss", "[\"tenant-admin\"]");
        createUser(b, "clerk", "[\"billing\"]");
        assertEquals(200, get("boss@" + a, PASSWORD, "/tenants/" + a + "/invoices").status);
        assertTrue(get("boss@" + a, PASSWORD, "/tenants/" + a + "/invoices?status=ISSUED&period=" + OCT).body.contains(idA));
        assertEquals(403, get("boss@" + b, PASSWORD, "/tenants/" + a + "/invoices").status);
        assertEquals(404, get("boss@" + b, PASSWORD, "/tenants/" + b + "/invoices/" + idA).status);
        assertEquals(404, get("boss@" + b, PASSWORD, "/billing/invoices/" + idA).status);
        assertEquals(404, get("clerk@" + b, PASSWORD, "/tenants/" + b + "/invoices/" + idA + "/pdf").status);
        assertEquals(403, get("boss@" + b, PASSWORD, "/tenants/" + a + "/billing/balance").status);
        assertEquals(200, get("clerk@" + b, PASSWORD, "/tenants/" + b + "/billing/balance").status);
        assertTrue(text(bytes("boss@" + a, PASSWORD, "/tenants/" + a + "/invoices/" + idA + "/pdf")).contains("甲方科技有限公司"));
        assertEquals(403, post("boss@" + a, PASSWORD, "/billing/runs", req).status);
        assertEquals(403, post("boss@" + a, PASSWORD, "/billing/invoices/" + idA + "/payments", "{\"amount\":1,\"paidOn\":\"2026-11-20\"}").status);

        // decided (docs/billing.md): a tenant's admin and billing users also read their own tenant's billing views —
        // profile, subscriptions, charges, usage, unrated calls and its invoice-line export — and change none of them
        for (String reader : List.of("boss@" + b, "clerk@" + b)) {
            for (String view : List.of("profile", "subscriptions", "charges", "usage?period=" + OCT, "unrated?period=" + OCT)) {
                assertEquals(reader + " " + view, 200, get(reader, PASSWORD, "/billing/tenants/" + b + "/" + view).status);
                Answer other = get(reader, PASSWORD, "/billing/tenants/" + a + "/" + view);
                assertEquals(reader + " " + view + " of another tenant: " + other, 403, other.status);
            }
            assertEquals(200, get(reader, PASSWORD, "/billing/export?period=" + OCT + "&tenant=" + b + "&format=json").status);
            assertEquals("another tenant's lines", 403, get(reader, PASSWORD, "/billing/export?period=" + OCT + "&tenant=" + a + "&format=json").status);
            assertEquals("every tenant's lines are for billing staff", 403, get(reader, PASSWORD, "/billing/export?period=" + OCT + "&format=json").status);
            assertEquals(403, send(reader, PASSWORD, "PUT", "/billing/tenants/" + b + "/profile", "{\"currency\":\"CNY\",\"taxRate\":0}").status);
            assertEquals(403, post(reader, PASSWORD, "/billing/tenants/" + b + "/charges",
                "{\"kind\":\"DISCOUNT\",\"description\":\"自己打折\",\"percent\":90,\"from\":\"2026-10-01\"}").status);
            assertEquals(403, post(reader, PASSWORD, "/billing/tenants/" + b + "/rerate", null).status);
        }
        createUser(b, "worker", "[\"agent\"]");
        assertEquals("an agent reads no billing", 403, get("worker@" + b, PASSWORD, "/billing/tenants/" + b + "/usage?period=" + OCT).status);
    }

    @Test
    public void operatorBillingStaffBillsButDoesNothingElse() {
        String name = unique("clerk");
        Answer u = op("POST", "/operator-users", "{\"username\":\"" + name + "\",\"roles\":[\"billing\"],\"password\":\"" + PASSWORD + "\"}");
        assertEquals(u.toString(), 201, u.status);
        assertEquals(200, get(name, PASSWORD, "/billing/plans").status);
        assertEquals(200, get(name, PASSWORD, "/billing/invoices").status);
        assertEquals(201, post(name, PASSWORD, "/billing/plans", plan(unique("bs"))).status);
        assertEquals("no tenant administration", 403, get(name, PASSWORD, "/tenants").status);
        assertEquals(403, get(name, PASSWORD, "/operator-users").status);
    }

    @Test
    public void openPeriodsAndOverlappingRunsAreRefused() throws Exception {
        String planName = unique("open");
        op("POST", "/billing/plans", plan(planName));
        String t = billedTenant("open", planName, "开放期间公司");
        String current = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        Answer open = op("POST", "/billing/runs", "{\"period\":\"" + current + "\",\"tenants\":[\"" + t + "\"]}");
        assertEquals(open.toString(), 409, open.status);
        assertEquals("period_open", open.code());
        Answer bad = op("POST", "/billing/runs", "{\"period\":\"2026-13\"}");
        assertEquals(bad.toString(), 400, bad.status);
        assertEquals("period", bad.json.get("field").asText());
        assertEquals(404, op("POST", "/billing/runs", "{\"period\":\"" + OCT + "\",\"tenants\":[\"nope-nope\"]}").status);
        // a slow run (throttled) is running; a second run for the same tenant is refused, never doubled
        Configuration cfg = configAdmin.getConfiguration("seatline.billing", null);
        java.util.Dictionary<String, Object> before = cfg.getProperties();
        java.util.Hashtable<String, Object> slow = new java.util.Hashtable<>();
        if (before != null) {
            java.util.Collections.list(before.keys()).forEach(k -> slow.put(k, before.get(k)));
        }
        slow.put("run.pause.ms", "3000");
        cfg.update(slow);
        try {
            String t2 = billedTenant("open", planName, "第二公司");
            String req = "{\"period\":\"" + OCT + "\",\"tenants\":[\"" + t + "\",\"" + t2 + "\"]}";
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Answer first = op("POST", "/billing/runs", req);
                if (first.status != 202) {
                    return false;
                }
                Answer second = op("POST", "/billing/runs", "{\"period\":\"" + OCT + "\",\"tenants\":[\"" + t2 + "\"]}");
                assertEquals(second.toString(), 409, second.status);
                assertEquals("run_in_progress", second.code());
                JsonNode end = awaitRun(first.json.get("id").asText());
                return end.get("done").asInt() == 2;
            });
            assertEquals(1, invoicesOf(t2, null).size());
        } finally {
            java.util.Hashtable<String, Object> back = new java.util.Hashtable<>(slow);
            back.put("run.pause.ms", "0");
            cfg.update(back);
        }
    }

    @Test
    public void consoleCommands() {
        String planName = unique("cli");
        op("POST", "/billing/plans", plan(planName));
        String t = billedTenant("cli", planName, "控制台公司");
        op("POST", "/billing/tenants/" + t + "/charges", "{\"kind\":\"FEE\",\"description\":\"号码迁移 Porting\",\"amount\":88.00,\"from\":\"2026-10-02\"}");
        String preview = shell(sessions, "billing-preview -t " + t + " " + OCT);
        assertTrue(preview, preview.contains(t) && preview.contains("93.28")); // 88.00 + 6 % = 93.28
        String run = shell(sessions, "billing-run -t " + t + " " + OCT);
        assertTrue(run, run.contains("DONE") && run.contains("1 invoices created"));
        String list = shell(sessions, "invoice-list -t " + t + " -p " + OCT);
        assertTrue(list, list.contains("DRAFT") && list.contains("93.28"));
        String id = invoicesOf(t, "DRAFT").get(0).get("id").asText();
        String issued = shell(sessions, "invoice-issue " + id);
        assertTrue(issued, issued.contains("INV-") && issued.contains("1 issued"));
        String pdf = shell(sessions, "invoice-pdf " + id);
        assertTrue(pdf, pdf.contains(".pdf"));
        Path file = Paths.get(pdf.trim().split(" \\(")[0]);
        assertTrue(file.toString(), Files.isRegularFile(file));
        assertNotNull(op("GET", "/billing/invoices/" + id, null).json.get("number").asText());
    }

    /**
     * Telephony's CDRs (sl_cdr) are rated when telephony reports them written; one whose report was lost (billing was
     * stopped, the server died) is found by the run, which compares sl_cdr with the calls rating has counted, and
     * rated before the invoice is made. The CDRs are written to sl_cdr as telephony writes them and the event is posted
     * as CallEngine posts it: placing real calls is TelephonyIT's part.
     */
    @Test
    public void telephonyCdrsAreRatedWhenWrittenAndAMissedOneByTheRun() throws Exception {
        String planName = unique("tel");
        assertEquals(201, op("POST", "/billing/plans", plan(planName)).status);
        String t = billedTenant("tel", planName, "电话计费公司");
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement p = c.prepareStatement("insert into sl_cdr (id, "
            + "tenant_id, direction, from_party, to_party, offered_at, answered_at, ended_at, wait_ms, talk_ms, hold_ms, disposition, transfers) "
            + "values (?, ?, 'OUTBOUND', '1001', '+8613800000001', ?, ?, ?, 0, 61000, 0, 'ANSWERED', 0)")) {
            for (String id : new String[] {t + "-heard", t + "-missed"}) {
                java.time.Instant at = java.time.Instant.parse("2026-10-20T02:00:00Z"); // 10:00 in Shanghai: peak, 0.20/min
                p.setString(1, id);
                p.setString(2, t);
                p.setTimestamp(3, java.sql.Timestamp.from(at));
                p.setTimestamp(4, java.sql.Timestamp.from(at));
                p.setTimestamp(5, java.sql.Timestamp.from(at.plusSeconds(61)));
                p.addBatch();
            }
            p.executeBatch();
        }
        eventAdmin.postEvent(new org.osgi.service.event.Event(io.seatline.telephony.TelephonyEvents.CDR_WRITTEN,
            java.util.Map.of(io.seatline.core.SeatlineEvents.TENANT_ID, t, "call.id", t + "-heard")));
        await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/billing/tenants/" + t + "/usage?period=" + OCT, null).json.get("total")
            .asInt() == 1);
        JsonNode heard = op("GET", "/billing/tenants/" + t + "/usage?period=" + OCT, null).json.get("items").get(0);
        assertEquals(t + "-heard", heard.get("cdrId").asText());
        assertEquals(0, new BigDecimal("0.40").compareTo(heard.get("amount").decimalValue())); // 61 s under 60/60 at 0.20

        // the run rates the missed one first: both calls are on the invoice
        Answer run = op("POST", "/billing/runs", "{\"period\":\"" + OCT + "\",\"tenants\":[\"" + t + "\"]}");
        assertEquals(run.toString(), 202, run.status);
        assertEquals("DONE", awaitRun(run.json.get("id").asText()).get("state").asText());
        assertEquals(2, op("GET", "/billing/tenants/" + t + "/usage?period=" + OCT, null).json.get("total").asInt());
        JsonNode lines = invoicesOf(t, "DRAFT").get(0).get("lines");
        boolean both = false;
        for (JsonNode l : lines) {
            both |= l.get("code").asText().startsWith("VOICE_OUTBOUND") && l.get("description").asText().contains("2 calls")
                && new BigDecimal("0.80").compareTo(l.get("net").decimalValue()) == 0;
        }
        assertTrue(lines.toString(), both);
    }
}
