package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;

/**
 * The administration console in a real browser (Debian's chromium, headless, playwright-core; itests/browser/admin-flow.mjs)
 * against the assembled distribution on H2: the operator creates a client company through the wizard (dedicated and
 * shared seats, a plan, its first administrator), suspends and resumes another, and reads the seat map; that company's
 * administrator signs in (in Chinese) and sets up a team, a queue and an agent with a SIP identity and skills, the
 * server's refusals shown on the field they name. Every list page of the administrator is checked for another
 * tenant's objects. Afterwards the API confirms what the pages wrote, and the audit trail has the reasons given.
 */
public class AdminBrowserIT {
    /** the company the wizard creates */
    private static final String TENANT = "south-bpo";
    /** an existing company: its id is refused to the wizard, and none of its objects may show on the new one's pages */
    private static final String OTHER = "north-bpo";
    private static final String PASSWORD = "Admin-pass-1";
    /** the number the operator gives the new company, which its administrator routes to the IVR drawn in the designer */
    private static final String DID = "4008005566";
    /** The company's after-hours number: straight to its voicemail. */
    private static final String VM_DID = "4008005599";
    private Distribution dist;
    /** the agent's phone: a SIPp UAS at the static contact the administrator gives the agent */
    private Sipp agentPhone;
    private Sipp customer;

    @After
    public void stop() throws Exception {
        if (customer != null) {
            customer.close();
        }
        if (agentPhone != null) {
            agentPhone.close();
        }
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    public void theOperatorAndAClientAdminSetUpACompanyInTheBrowser() throws Exception {
        dist = Distribution.unpack(null);
        dist.start("/trunks");
        dist.awaitResource("/billing/plans");
        dist.call("POST", "/billing/plans", "{\"plan\":\"standard-2027\",\"validFrom\":\"2026-01-01\",\"currency\":\"CNY\",\"dedicatedSeat\":3000,"
            + "\"sharedSeat\":1200,\"rates\":[{\"direction\":\"OUTBOUND\",\"prefix\":\"86\",\"perMinute\":0.10,\"increment\":\"6/6\"}]}", 201);
        dist.call("PUT", "/shared-pool", "{\"size\":20}", 200);
        // the other company, with objects of every kind the administrator's pages list
        dist.call("POST", "/tenants", "{\"id\":\"" + OTHER + "\",\"displayName\":\"北方外包 North BPO\",\"timezone\":\"Asia/Shanghai\",\"locale\":\"zh-CN\","
            + "\"dedicatedSeats\":2,\"sharedSeats\":0}", 201);
        dist.call("POST", "/tenants/" + OTHER + "/users", "{\"username\":\"olga\",\"displayName\":\"北方 Olga\",\"roles\":[\"agent\"],\"password\":\"" + PASSWORD + "\"}", 201);
        dist.call("POST", "/tenants/" + OTHER + "/teams", "{\"name\":\"北方班组 North team\"}", 201);
        dist.call("PUT", "/tenants/" + OTHER + "/queues/north-secret", "{\"displayName\":\"北方队列 North queue\"}", 200);
        // the CRM's resources come up on their own, after the telephony's
        dist.awaitResource("/tenants/" + OTHER + "/customers");
        dist.call("POST", "/tenants/" + OTHER + "/customers", "{\"name\":\"北方客户 North customer\",\"phones\":[\"13600136001\"]}", 201);
        dist.call("PUT", "/tenants/" + OTHER + "/ticket-categories", "[{\"name\":\"general\",\"label\":\"北方类别\",\"slaHours\":8}]", 200);
        dist.call("POST", "/tenants/" + OTHER + "/kb/articles", "{\"category\":\"售后\",\"title\":\"北方知识 North article\",\"body\":\"别家的文章\"}", 201);
        dist.call("POST", "/tenants/" + OTHER + "/tickets", "{\"category\":\"general\",\"title\":\"北方工单 North ticket\"}", 201);
        // the other company is billed: its profile and plan since January; the operator's billing staff bill it
        dist.call("PUT", "/billing/tenants/" + OTHER + "/profile", "{\"currency\":\"CNY\",\"legalName\":\"北方外包有限公司\",\"taxRate\":0.06}", 200);
        dist.call("POST", "/billing/tenants/" + OTHER + "/subscriptions", "{\"plan\":\"standard-2027\",\"from\":\"2026-01-01\"}", 201);
        // a fee in the month the billing staff bill (the company is new: it rented no seats then)
        String lastMonth = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).minusMonths(1).atDay(15).toString();
        dist.call("POST", "/billing/tenants/" + OTHER + "/charges", "{\"kind\":\"FEE\",\"description\":\"开户费 Setup fee\",\"amount\":1500.00,"
            + "\"from\":\"" + lastMonth + "\"}", 201);
        dist.call("POST", "/operator-users", "{\"username\":\"bill\",\"roles\":[\"billing\"],\"password\":\"" + PASSWORD + "\"}", 201);

        // the carrier the customer's call comes from
        dist.call("POST", "/trunks", "{\"name\":\"south-carrier\",\"host\":\"127.0.0.1\",\"port\":" + SeatlineTestSupport.freeUdpPort()
            + ",\"allowedSources\":[\"127.0.0.1\"]}", 201);
        int agentPort = SeatlineTestSupport.freeUdpPort();
        // a prompt to upload: half a second of a 440 Hz tone, 8 kHz 16-bit mono
        java.nio.file.Path wav = BrowserFlow.out().resolve("welcome.wav");
        writeTone(wav);

        ObjectNode cfg = BrowserFlow.config(dist, "admin-flow");
        cfg.put("did", DID);
        cfg.put("agentContact", "sip:li@127.0.0.1:" + agentPort);
        cfg.put("wav", wav.toString());
        // a list with two good rows and three bad ones: a phone that is not a number, a duplicate, a row short of a column
        java.nio.file.Path csv = BrowserFlow.out().resolve("june.csv");
        java.nio.file.Files.writeString(csv, "电话,姓名,套餐\n13900139001,王五 Wang Wu,金卡\n13900139002,赵六 Zhao Liu,银卡\n"
            + "not-a-number,坏 Bad,金卡\n13900139001,重复 Duplicate,金卡\n13900139003,少一列\n", java.nio.charset.StandardCharsets.UTF_8);
        cfg.put("csv", csv.toString());
        // rate files: one with four bad rows (a prefix not of digits, a band the plan has not, a duplicate, a price not a
        // number), and a clean one that keeps the 86 the calls below are rated by
        String rateHeader = "direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description\n";
        java.nio.file.Path ratesBad = BrowserFlow.out().resolve("rates-bad.csv");
        java.nio.file.Files.writeString(ratesBad, rateHeader + "OUTBOUND,86,*,0.10,,,6/6,中国大陆\nOUTBOUND,86x,*,0.10,,,6/6,坏前缀\n"
            + "OUTBOUND,8621,night,0.05,,,6/6,上海夜间\nOUTBOUND,86,*,0.12,,,6/6,重复\nOUTBOUND,8610,*,abc,,,6/6,北京\n", java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Path ratesGood = BrowserFlow.out().resolve("rates-good.csv");
        java.nio.file.Files.writeString(ratesGood, rateHeader + "OUTBOUND,86,*,0.10,,,6/6,中国大陆 Mainland\nOUTBOUND,8610,*,0.065,,,6/6,北京 Beijing\n",
            java.nio.charset.StandardCharsets.UTF_8);
        cfg.put("ratesBad", ratesBad.toString());
        cfg.put("ratesGood", ratesGood.toString());
        cfg.putObject("billing").put("login", "bill").put("password", PASSWORD);
        cfg.put("period", java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).minusMonths(1).toString());
        java.nio.file.Path pdf = BrowserFlow.out().resolve("invoice.pdf");
        java.nio.file.Files.deleteIfExists(pdf);
        cfg.put("pdf", pdf.toString());
        cfg.putObject("operator").put("login", Distribution.OPERATOR).put("password", Distribution.PASSWORD);
        cfg.put("tenant", TENANT);
        cfg.put("other", OTHER);
        cfg.put("plan", "standard-2027");
        cfg.putObject("admin").put("username", "boss").put("login", "boss@" + TENANT).put("password", PASSWORD);
        JsonNode result = BrowserFlow.run("admin-flow", cfg);

        // what the administrator wrote in the browser: the customer field and its value, the script, the article's two
        // versions, the revoked token
        assertEquals("member_no", dist.call("GET", "/tenants/" + TENANT + "/customer-fields", null, 200).get(0).get("name").asText());
        JsonNode chan = dist.call("GET", "/tenants/" + TENANT + "/customers?q=" + java.net.URLEncoder.encode("大文", java.nio.charset.StandardCharsets.UTF_8), null, 200);
        assertEquals(chan.toString(), "M-0001", chan.get("items").get(0).get("fields").get("member_no").asText());
        JsonNode script = dist.call("GET", "/tenants/" + TENANT + "/scripts/support-script", null, 200);
        assertEquals("support", script.get("queue").asText());
        assertTrue(script.toString(), script.get("steps").get(0).get("text").asText().contains("${customer.fields.member_no}"));
        JsonNode articles = dist.call("GET", "/tenants/" + TENANT + "/kb/articles", null, 200);
        assertEquals(articles.toString(), 2, articles.get("items").get(0).get("version").asInt());
        JsonNode tokens = dist.call("GET", "/tenants/" + TENANT + "/tokens", null, 200).get("items");
        assertEquals(tokens.toString(), "CRM 同步", tokens.get(0).get("name").asText());
        assertTrue(tokens.toString(), tokens.get(0).hasNonNull("revokedAt"));

        // the operator's second trunk, switched off; the company's not-ready reason
        JsonNode trunks = dist.call("GET", "/trunks", null, 200);
        JsonNode backup = java.util.stream.StreamSupport.stream(trunks.spliterator(), false).filter(x -> x.get("name").asText().equals("backup-carrier"))
            .findFirst().orElseThrow(() -> new AssertionError(trunks.toString()));
        assertEquals("192.0.2.10", backup.get("host").asText());
        assertTrue(backup.toString(), !backup.get("enabled").asBoolean());
        assertTrue(dist.call("GET", "/tenants/" + TENANT + "/reason-codes", null, 200).toString().contains("辅导 Coaching"));

        // the rates the billing staff replaced from the clean file
        JsonNode plan = dist.call("GET", "/billing/plans?plan=standard-2027", null, 200);
        assertEquals(plan.toString(), 2, plan.get(0).get("rateCount").asInt());

        // the ticket the administrator worked in the browser: its field, assigned to li, dispatched, resolved, with an
        // internal comment and a file
        JsonNode found = dist.call("GET", "/tenants/" + TENANT + "/tickets?status=RESOLVED", null, 200).get("items");
        assertEquals(found.toString(), 1, found.size());
        JsonNode worked = found.get(0);
        assertEquals(result.get("ticket").asText(), worked.get("number").asText());
        assertEquals("DD-2027-001", worked.get("fields").get("order").asText());
        assertEquals("URGENT", worked.get("priority").asText());
        assertEquals(idOf("li@" + TENANT), worked.get("assigneeUserId").asText());
        assertEquals("维修部", worked.get("department").asText());
        assertEquals("已更换光猫 modem replaced", worked.get("resolution").asText());
        JsonNode comments = dist.call("GET", "/tenants/" + TENANT + "/tickets/" + worked.get("id").asText() + "/comments", null, 200);
        // the administrator's internal comment, then the department's reply from its page (not internal)
        assertEquals(comments.toString(), 2, comments.size());
        JsonNode reply = find(comments, "text", "已派师傅上门 a technician is on the way");
        assertTrue(comments.toString(), !reply.get("internal").asBoolean());
        assertTrue(comments.toString(), find(comments, "text", "客户说光猫灯不亮 the modem light is off").get("internal").asBoolean());
        JsonNode files = dist.call("GET", "/tenants/" + TENANT + "/tickets/" + worked.get("id").asText() + "/attachments", null, 200);
        assertEquals(files.toString(), "june.csv", files.get(0).get("name").asText());
        JsonNode categories = dist.call("GET", "/tenants/" + TENANT + "/ticket-categories", null, 200);
        JsonNode articlesOfTicket = dist.call("GET", "/tenants/" + TENANT + "/kb/tickets/" + worked.get("id").asText(), null, 200);
        assertEquals(articlesOfTicket.toString(), "退货政策 Returns", articlesOfTicket.get(0).get("title").asText());
        assertEquals(categories.toString(), 2, categories.size());
        assertTrue(categories.toString(), categories.get(0).get("fields").get(0).get("required").asBoolean());

        // the administrator chose to record 30 % of the calls; the call below is recorded for the QA flow that follows
        JsonNode policy = dist.call("GET", "/tenants/" + TENANT + "/recording-policy", null, 200);
        assertEquals(policy.toString(), "SAMPLE", policy.get("mode").asText());
        assertEquals(30, policy.get("samplePercent").asInt());
        dist.call("PUT", "/tenants/" + TENANT + "/recording-policy", "{\"mode\":\"ALL\",\"retentionDays\":180}", 200);

        // the customer's call through the IVR the administrator drew: the agent takes a seat and is ready, the customer
        // dials the number, presses 2 and is put through to li, the one agent with the queue's skill
        agentPhone = Sipp.start("li-phone", dist.sipPort, "agent.xml", "-p", Integer.toString(agentPort), "-d", "500", "-m", "1");
        String liLogin = "li@" + TENANT;
        java.net.http.HttpResponse<String> login = dist.send(liLogin, "Agent-pass-1", "POST", "/tenants/" + TENANT + "/agents/" + idOf(liLogin) + "/login", "{}");
        assertEquals(login.body(), 200, login.statusCode());
        java.net.http.HttpResponse<String> ready = dist.send(liLogin, "Agent-pass-1", "PUT", "/tenants/" + TENANT + "/agents/" + idOf(liLogin) + "/state", "{\"state\":\"READY\"}");
        assertEquals(ready.body(), 200, ready.statusCode());
        customer = Sipp.start("customer", dist.sipPort, "customer_ivr.xml", "-s", DID, "-m", "1", "-d", "2000");
        customer.assertSucceeded(java.time.Duration.ofSeconds(60));
        agentPhone.assertSucceeded(java.time.Duration.ofSeconds(30));
        JsonNode cdr = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(250))
            .until(() -> dist.call("GET", "/tenants/" + TENANT + "/cdrs?limit=10", null, 200), c -> c.toString().contains(DID) && c.toString().contains("answeredAt\":\"2"));
        JsonNode call = cdr.has("items") ? cdr.get("items").get(0) : cdr.get(0);
        assertEquals(cdr.toString(), "support", call.get("queue").asText());
        assertEquals(cdr.toString(), liLogin, call.get("agentLogin").asText());
        assertTrue(cdr.toString(), call.get("ivrPath").toString().contains("main"));

        // what the wizard wrote: the company, its seats, its plan subscribed, its administrator
        JsonNode tenant = dist.call("GET", "/tenants/" + TENANT, null, 200);
        assertEquals("华南外包 South BPO", tenant.get("displayName").asText());
        assertEquals("Asia/Shanghai", tenant.get("timezone").asText());
        assertEquals(5, tenant.get("dedicatedSeats").asInt());
        assertEquals(2, tenant.get("sharedSeats").asInt());
        assertEquals("standard-2027", tenant.get("planRef").asText());
        JsonNode billing = dist.call("GET", "/billing/tenants/" + TENANT + "/profile", null, 200);
        assertEquals("CNY", billing.get("currency").asText());
        assertEquals("华南外包服务有限公司", billing.get("legalName").asText());
        assertEquals(0, new java.math.BigDecimal("0.06").compareTo(billing.get("taxRate").decimalValue()));
        assertEquals("chen@south-bpo.example", billing.get("email").asText());
        JsonNode subs = dist.call("GET", "/billing/tenants/" + TENANT + "/subscriptions", null, 200);
        assertEquals(subs.toString(), 1, subs.size());
        assertEquals("standard-2027", subs.get(0).get("plan").asText());
        JsonNode users = dist.call("GET", "/tenants/" + TENANT + "/users", null, 200).get("items");
        JsonNode boss = find(users, "username", "boss");
        assertEquals("[\"tenant-admin\"]", boss.get("roles").toString());
        // what the administrator wrote: the agent with team, phone and skills, the queue with its skills
        JsonNode li = find(users, "username", "li");
        assertEquals("[\"agent\"]", li.get("roles").toString());
        JsonNode team = dist.call("GET", "/tenants/" + TENANT + "/teams/" + li.get("teamId").asText(), null, 200);
        assertEquals("一组 Team One", team.get("name").asText());
        JsonNode profile = dist.call("GET", "/tenants/" + TENANT + "/agents/" + li.get("id").asText() + "/profile", null, 200);
        assertEquals(TENANT + ".li", profile.get("sipUser").asText());
        assertEquals(5, profile.get("skills").get("support").asInt());
        assertEquals(3, profile.get("skills").get("粤语").asInt());
        JsonNode queue = dist.call("GET", "/tenants/" + TENANT + "/queues/support", null, 200);
        assertEquals("售后支持 Support", queue.get("displayName").asText());
        assertEquals(3, queue.get("requiredSkills").get("support").asInt());
        assertEquals("best-skill-level", queue.get("strategy").asText());
        // the other company was suspended and resumed, each with its reason in the audit trail
        assertEquals("ACTIVE", dist.call("GET", "/tenants/" + OTHER, null, 200).get("status").asText());
        String audit = dist.call("GET", "/audit?limit=200", null, 200).toString();
        assertTrue(audit, audit.contains("合同到期未续费 contract lapsed"));
        // the administrator's prompt, number route, IVR menu and business hours
        assertTrue(dist.call("GET", "/tenants/" + TENANT + "/prompts", null, 200).toString().contains("welcome-zh"));
        JsonNode did = find(dist.call("GET", "/tenants/" + TENANT + "/dids", null, 200), "number", DID);
        assertEquals("hotline", did.get("ivr").asText());
        JsonNode ivr = dist.call("GET", "/tenants/" + TENANT + "/ivr/hotline", null, 200);
        assertEquals("hangup1", ivr.get("nodes").get("hours1").get("closed").asText());
        // the invoice the billing staff issued and opened: its PDF names the company in Chinese
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text, text.contains("北方外包"));
        }
        JsonNode issued = dist.call("GET", "/billing/invoices?tenant=" + OTHER + "&status=ISSUED", null, 200).get("items");
        assertEquals(issued.toString(), 1, issued.size());
        // 1500.00 and 6 % tax
        assertEquals(0, new java.math.BigDecimal("1590.00").compareTo(issued.get(0).get("total").decimalValue()));
        JsonNode campaigns = dist.call("GET", "/tenants/" + TENANT + "/campaigns", null, 200);
        JsonNode renewals = find(campaigns, "id", campaigns.get(0).get("id").asText());
        JsonNode lists = dist.call("GET", "/tenants/" + TENANT + "/campaigns/" + renewals.get("id").asText() + "/lists", null, 200);
        assertEquals(lists.toString(), 2, find(lists, "name", "june").get("contacts").asInt());
        assertTrue(dist.call("GET", "/tenants/" + TENANT + "/dispositions", null, 200).toString().contains("\"renewed\""));
        assertTrue(dist.call("GET", "/tenants/" + TENANT + "/dnc", null, 200).toString().contains("13900139009"));
        assertTrue(dist.call("GET", "/tenants/" + TENANT + "/blacklist", null, 200).toString().contains("骚扰电话 nuisance"));
        JsonNode calendar = dist.call("GET", "/tenants/" + TENANT + "/calendar", null, 200);
        assertEquals("[\"10:00-16:00\"]", calendar.get("weekly").get("SAT").toString());
        System.out.printf("admin browser flow: %d checks passed; axe: %s%n", result.get("checks").size(), result.get("axe"));

        // ---- quality: the QA lead designs a scorecard and samples the week, an evaluator scores li's recorded call
        // with a marker on an item, li disputes it, the lead reviews and amends it
        String callId = call.get("id").asText();
        JsonNode recording = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(250))
            .until(() -> dist.call("GET", "/tenants/" + TENANT + "/recordings?callId=" + callId, null, 200), r -> r.size() == 1 && r.get(0).get("durationMs").asLong() > 0);
        // a caller leaves a message in the company's night mailbox (its after-hours number goes straight there), for the
        // calls page's voicemail tab
        dist.call("PUT", "/tenants/" + TENANT + "/ivr/afterhours",
            "{\"start\":\"vm\",\"nodes\":{\"vm\":{\"type\":\"voicemail\",\"prompt\":\"beep\",\"mailbox\":\"night\",\"maxSeconds\":30}}}", 200);
        dist.call("PUT", "/dids/" + VM_DID, "{\"tenantId\":\"" + TENANT + "\"}", 200);
        dist.call("PUT", "/tenants/" + TENANT + "/dids/" + VM_DID, "{\"ivr\":\"afterhours\",\"queue\":\"support\"}", 200);
        Sipp.start("vm-caller", dist.sipPort, "customer_media.xml", "-s", VM_DID, "-m", "1", "-d", "4000")
            .assertSucceeded(java.time.Duration.ofSeconds(60));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(250))
            .until(() -> dist.call("GET", "/tenants/" + TENANT + "/recordings?kind=VOICEMAIL", null, 200),
                r -> r.size() == 1 && r.get(0).get("durationMs").asLong() > 1000 && "night".equals(r.get(0).get("mailbox").asText()));
        dist.call("POST", "/tenants/" + TENANT + "/users", "{\"username\":\"zhou\",\"displayName\":\"周主管 Zhou\",\"roles\":[\"qa\"],\"password\":\"" + PASSWORD + "\"}", 201);
        dist.call("POST", "/tenants/" + TENANT + "/users", "{\"username\":\"wu\",\"displayName\":\"吴质检 Wu\",\"roles\":[\"qa\"],\"password\":\"" + PASSWORD + "\"}", 201);
        dist.call("POST", "/tenants/" + TENANT + "/users", "{\"username\":\"qian\",\"displayName\":\"钱主管 Qian\",\"roles\":[\"supervisor\"],\"password\":\"" + PASSWORD + "\"}", 201);
        // li has a published shift today around now (by midnight): adherence on her desk and in the administration
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        java.time.LocalDateTime now = java.time.LocalDateTime.now(shanghai).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        java.time.LocalDateTime shiftStart = now.minusHours(1).isBefore(now.toLocalDate().atStartOfDay()) ? now.toLocalDate().atStartOfDay() : now.minusHours(1);
        java.time.LocalDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay();
        java.time.LocalDateTime shiftEnd = now.plusHours(2).isAfter(midnight) ? midnight : now.plusHours(2);
        dist.call("POST", "/tenants/" + TENANT + "/schedules/shifts", "{\"agentUserId\":\"" + idOf(liLogin) + "\",\"start\":\"" + shiftStart
            + "\",\"end\":\"" + shiftEnd + "\",\"activities\":[{\"kind\":\"CALLS\",\"from\":\"" + shiftStart + "\",\"to\":\"" + shiftEnd + "\"}]}", 201);
        dist.call("POST", "/tenants/" + TENANT + "/schedules/publish?from=" + shiftStart.toLocalDate() + "&to=" + shiftStart.toLocalDate(), null, 200);
        ObjectNode qa = BrowserFlow.config(dist, "qa-flow");
        qa.putObject("exception").put("from", shiftStart.toLocalTime().toString()).put("to", shiftStart.plusMinutes(10).toLocalTime().toString());
        qa.put("tenant", TENANT);
        qa.put("callId", callId);
        qa.put("durationMs", recording.get(0).get("durationMs").asLong());
        qa.putObject("lead").put("login", "zhou@" + TENANT).put("password", PASSWORD);
        qa.putObject("evaluator").put("login", "wu@" + TENANT).put("password", PASSWORD);
        qa.putObject("agent").put("login", liLogin).put("password", "Agent-pass-1");
        qa.putObject("boss").put("login", "boss@" + TENANT).put("password", PASSWORD);
        qa.putObject("planner").put("login", "qian@" + TENANT).put("password", PASSWORD);
        JsonNode qaResult = BrowserFlow.run("qa-flow", qa);
        // the administrator imported the queue's history in the browser: audited with what it took
        String imports = dist.call("GET", "/tenants/" + TENANT + "/audit?action=forecasts.history", null, 200).toString();
        assertTrue(imports, imports.contains("forecasts.history.import") && imports.contains("700 interval(s) of 30 minutes imported, 0 rejected"));
        // li asked for an exception in the browser, the administrator approved it
        String exceptions = dist.call("GET", "/tenants/" + TENANT + "/audit?action=adherence.", null, 200).toString();
        assertTrue(exceptions, exceptions.contains("adherence.exception.request") && exceptions.contains("adherence.exception.approve"));
        // and generated and published next week's schedule: li has published shifts
        String published = dist.call("GET", "/tenants/" + TENANT + "/audit?action=schedules.", null, 200).toString();
        assertTrue(published, published.contains("schedules.run") && published.contains("schedules.publish"));
        JsonNode evaluations = dist.call("GET", "/tenants/" + TENANT + "/qa/evaluations", null, 200).get("items");
        assertEquals(evaluations.toString(), 1, evaluations.size());
        JsonNode evaluation = dist.call("GET", "/tenants/" + TENANT + "/qa/evaluations/" + evaluations.get(0).get("id").asText(), null, 200);
        assertEquals(evaluation.toString(), "AMENDED", evaluation.get("status").asText());
        assertEquals(evaluation.toString(), callId, evaluation.get("callId").asText());
        assertEquals(evaluation.toString(), idOf(liLogin), evaluation.get("agentUserId").asText());
        assertEquals(evaluation.toString(), idOf("wu@" + TENANT), evaluation.get("evaluatorUserId").asText());
        assertEquals(evaluation.toString(), 0, new java.math.BigDecimal("100").compareTo(evaluation.get("score").decimalValue()));
        assertTrue(evaluation.toString(), evaluation.get("disputeReason").asText().contains("客户先问好"));
        assertEquals(evaluation.toString(), 2, evaluation.get("revisions").size());
        // the evaluator's first score stands in the first revision: 60 of 100, failed
        assertEquals(0, new java.math.BigDecimal("60").compareTo(evaluation.get("revisions").get(0).get("score").decimalValue()));
        JsonNode greeting = find(evaluation.get("items"), "item", "greeting");
        JsonNode marker = greeting.get("markers").get(0);
        assertEquals(marker.toString(), qaResult.get("markerMs").asLong(), marker.get("atMs").asLong());
        assertTrue(marker.toString(), marker.get("note").asText().contains("工号"));
        // the administrator deleted the call's recording from the calls page: gone, audited, the call's record kept
        assertEquals(0, dist.call("GET", "/tenants/" + TENANT + "/recordings?callId=" + callId, null, 200).size());
        dist.call("GET", "/tenants/" + TENANT + "/recordings/" + recording.get(0).get("id").asText(), null, 404);
        assertEquals(callId, dist.call("GET", "/tenants/" + TENANT + "/cdrs/" + callId, null, 200).get("id").asText());
        String deletions = dist.call("GET", "/tenants/" + TENANT + "/audit?action=recording.delete", null, 200).toString();
        assertTrue(deletions, deletions.contains(recording.get(0).get("id").asText()));
        // the call's record says so; the plays in the browser (the evaluator's, the agent's through QA) are audited
        assertEquals("DELETED", dist.call("GET", "/tenants/" + TENANT + "/cdrs/" + callId, null, 200).get("recordingStatus").asText());
        assertTrue(dist.call("GET", "/tenants/" + TENANT + "/audit?action=qa.recording.play", null, 200).get("total").asLong() >= 2);
        // and the night mailbox's message, deleted by the administrator too
        assertEquals(0, dist.call("GET", "/tenants/" + TENANT + "/recordings?kind=VOICEMAIL", null, 200).size());
        System.out.printf("QA browser flow: %d checks passed; axe: %s%n", qaResult.get("checks").size(), qaResult.get("axe"));
    }

    private String idOf(String login) throws Exception {
        for (JsonNode u : dist.call("GET", "/tenants/" + TENANT + "/users?limit=500", null, 200).get("items")) {
            if (login.equals(u.get("login").asText())) {
                return u.get("id").asText();
            }
        }
        throw new AssertionError("no user " + login);
    }

    /** Half a second of a 440 Hz tone as a WAV file (8 kHz, 16-bit, mono): what a customer records as a prompt. */
    private static void writeTone(java.nio.file.Path file) throws Exception {
        int rate = 8000;
        byte[] pcm = new byte[rate]; // 0.5 s of 16-bit samples
        for (int i = 0; i < pcm.length / 2; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false);
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, pcm.length / 2)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode n : items) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + items);
    }
}
