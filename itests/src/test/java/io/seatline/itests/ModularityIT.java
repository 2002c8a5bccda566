package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Capabilities plug in and out of a running node: features removed and installed again while a call goes on, the
 * REST API and its OpenAPI document following exactly what is installed, and etc/seatline.telephony.cfg edited
 * under a live call. One Karaf for the class, with real SIP peers (SIPp).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModularityIT extends TelephonyTestSupport {
    private static final Duration CALL_WAIT = Duration.ofSeconds(90);
    private static final Duration FEATURE_WAIT = Duration.ofMinutes(2);
    private static int trunkPort;

    @Inject
    private FeaturesService features;
    @Inject
    private BundleContext bundleContext;

    @Before
    public void trunk() {
        synchronized (ModularityIT.class) {
            if (trunkPort == 0) {
                trunkPort = freeUdpPort();
                Answer t = op("POST", "/trunks", "{\"name\":\"mod-carrier\",\"host\":\"127.0.0.1\",\"port\":" + trunkPort
                    + ",\"allowedSources\":[\"127.0.0.1\"],\"callerId\":\"4000000009\"}");
                assertEquals(t.toString(), 201, t.status);
            }
        }
    }

    @Test
    public void qaAndBillingComeAndGoWhileACallGoesOn() throws Exception {
        String t = createTenant("plug", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent agent = agent(t, "steady", "{}", "agent.xml", 100);
        ready(agent);
        Sipp caller = customer("long-call", "customer.xml", did, 25_000, "-m", "1");
        String callId = awaitTalking(t, agent);
        Bundle telephony = bundle("io.seatline.telephony");
        long telephonyStarted = telephony.getLastModified();
        assertTrue("QA is served", paths().contains("/tenants/{tenant}/qa/scorecards"));
        assertEquals(200, op("GET", "/tenants/" + t + "/qa/scorecards", null).status);

        features.uninstallFeature("seatline-qa");
        features.uninstallFeature("seatline-billing");
        // QA's and billing's paths leave the API and its document; the rest keeps answering
        await().atMost(FEATURE_WAIT).until(() -> paths().stream().noneMatch(p -> p.contains("/qa") || p.startsWith("/billing")));
        assertEquals(404, op("GET", "/tenants/" + t + "/qa/scorecards", null).status);
        assertEquals(404, op("GET", "/billing/plans", null).status);
        assertEquals(200, op("GET", "/tenants/" + t, null).status);
        assertEquals(200, op("GET", "/tenants/" + t + "/customers", null).status);
        assertTrue(paths().contains("/tenants/{tenant}/calls/{id}"));
        assertEquals(null, bundleOrNull("io.seatline.qa"));
        assertEquals(null, bundleOrNull("io.seatline.qa-rest"));
        // the call was not disturbed: same telephony bundle, still talking
        assertEquals(Bundle.ACTIVE, telephony.getState());
        assertEquals(telephonyStarted, bundle("io.seatline.telephony").getLastModified());
        assertEquals("TALKING", op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("state").asText());

        features.installFeature("seatline-billing");
        features.installFeature("seatline-qa");
        await().atMost(FEATURE_WAIT).until(() -> op("GET", "/tenants/" + t + "/qa/scorecards", null).status == 200);
        await().atMost(FEATURE_WAIT).until(() -> op("GET", "/billing/plans", null).status == 200);
        assertTrue(paths().contains("/tenants/{tenant}/qa/scorecards"));
        assertEquals("TALKING", op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("state").asText());

        caller.assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals(callId, cdr.get("id").asText());
        assertEquals("ANSWERED", cdr.get("disposition").asText());
        assertNotEquals("node_shutdown", cdr.get("hangupCause").asText());
        assertTrue(cdr.toString(), cdr.get("talkMs").asLong() >= 24_000);
    }

    /**
     * Fault drill: a plug-in whose every SPI callback misbehaves — its routing choice throws, blocks or starts threads
     * that never end, its event listener blocks, throws and leaks threads, even its name() blocks after the first call.
     * Calls are still answered (longest-idle routes instead), REST answers at once, another plug-in still gets its
     * events, and the bad one is benched (failures counted in the plug-in list).
     */
    @Test
    public void aPlugInThatThrowsBlocksAndLeaksThreadsInEveryCallbackStopsNothing() throws Exception {
        String t = createTenant("bad", 5, 0);
        java.util.concurrent.atomic.AtomicInteger choices = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Runnable block = () -> {
            try {
                never.await(); // until the test ends: a plug-in stuck for good
            } catch (InterruptedException e) {
                for (;;) {
                    try {
                        never.await(); // deaf to interrupts as well
                        return;
                    } catch (InterruptedException again) {
                        // keep blocking
                    }
                }
            }
        };
        io.seatline.spi.RoutingStrategy bad = new io.seatline.spi.RoutingStrategy() {
            @Override
            public String name() {
                if (names.incrementAndGet() > 1) {
                    block.run();
                }
                return "chaos";
            }

            @Override
            public int choose(Request request, java.util.List<Candidate> candidates) {
                switch (choices.incrementAndGet() % 3) {
                    case 0 -> throw new IllegalStateException("chaos routing");
                    case 1 -> block.run();
                    default -> new Thread(block, "chaos-leak").start();
                }
                return 0;
            }
        };
        java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger goodHeard = new java.util.concurrent.atomic.AtomicInteger();
        io.seatline.spi.SeatlineEventListener badListener = new io.seatline.spi.SeatlineEventListener() {
            @Override
            public String name() {
                return "chaos-listener";
            }

            @Override
            public void onEvent(String topic, java.util.Map<String, Object> properties) {
                switch (heard.incrementAndGet() % 3) {
                    case 1 -> throw new IllegalStateException("chaos listener");
                    case 2 -> new Thread(block, "chaos-leak").start();
                    default -> block.run();
                }
            }
        };
        io.seatline.spi.SeatlineEventListener goodListener = new io.seatline.spi.SeatlineEventListener() {
            @Override
            public String name() {
                return "well-behaved";
            }

            @Override
            public void onEvent(String topic, java.util.Map<String, Object> properties) {
                goodHeard.incrementAndGet();
            }
        };
        java.util.Hashtable<String, Object> scope = new java.util.Hashtable<>(java.util.Map.of("tenant.id", t));
        java.util.List<org.osgi.framework.ServiceRegistration<?>> regs = new java.util.ArrayList<>();
        try {
            regs.add(bundleContext.registerService(io.seatline.spi.RoutingStrategy.class, bad, scope));
            regs.add(bundleContext.registerService(io.seatline.spi.SeatlineEventListener.class, badListener, scope));
            regs.add(bundleContext.registerService(io.seatline.spi.SeatlineEventListener.class, goodListener, scope));
            String did = queueWithDid(t, "chaos", "{\"strategy\":\"chaos\",\"wrapUpSeconds\":0}");
            Agent a1 = agent(t, "one", "{}", "agent.xml", 100);
            Agent a2 = agent(t, "two", "{}", "agent.xml", 100);
            ready(a1);
            ready(a2);
            // twelve calls, one after another: every routing decision meets the chaos plug-in (until it is benched)
            long start = System.nanoTime();
            customer("chaos-calls", "customer.xml", did, 300, "-m", "12", "-l", "1").assertSucceeded(CALL_WAIT);
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertEquals(12, awaitCdrs(t, 12).size());
            assertTrue("the plug-in was asked and misbehaved: " + choices.get(), choices.get() >= 3);
            // REST answers at once, the plug-in list included (names are read once, not from a blocked name())
            long rest = System.nanoTime();
            Answer plugins = op("GET", "/tenants/" + t + "/plugins", null);
            assertEquals(plugins.toString(), 200, plugins.status);
            assertTrue("REST took " + (System.nanoTime() - rest) / 1_000_000 + " ms", System.nanoTime() - rest < 5_000_000_000L);
            JsonNode chaos = null;
            for (JsonNode p : plugins.json) {
                if ("chaos-listener".equals(p.get("name").asText())) {
                    chaos = p;
                }
            }
            assertTrue(plugins.toString(), chaos != null && chaos.get("failures").asLong() > 0);
            // the well-behaved plug-in next to it kept getting its events
            await().atMost(Duration.ofSeconds(30)).until(() -> goodHeard.get() >= 12);
            System.out.printf("misbehaving plug-in drill: 12 calls answered in %d s with a routing plug-in that threw, blocked and leaked "
                + "threads (%d choices asked, then benched) and a listener doing the same (%d events, %d failures); the plug-in "
                + "beside it got %d events%n", seconds, choices.get(), heard.get(), chaos.get("failures").asLong(), goodHeard.get());
        } finally {
            regs.forEach(org.osgi.framework.ServiceRegistration::unregister);
            never.countDown();
        }
    }

    @Test
    public void ringTimeoutEditedDuringACallAppliesToTheNextCallAndEndsNone() throws Exception {
        String t = createTenant("cfg", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent talker = agent(t, "talker", "{}", "agent.xml", 100);
        Agent dialer = agent(t, "dialer", "{}", "agent.xml", 100);
        ready(talker);
        Sipp caller = customer("cfg-call", "customer.xml", did, 20_000, "-m", "1");
        String first = awaitTalking(t, talker);
        ready(dialer);
        assertEquals(30, op("GET", "/telephony/status", null).json.get("ringTimeoutSeconds").asInt());
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "seatline.telephony.cfg");
        String original = Files.readString(cfg, StandardCharsets.UTF_8);
        try {
            Files.writeString(cfg, set(original, "ring.timeout.seconds", "5"), StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(30)).until(() -> op("GET", "/telephony/status", null).json.get("ringTimeoutSeconds").asInt() == 5);
            // the call in progress goes on
            assertEquals("TALKING", op("GET", "/tenants/" + t + "/calls/" + first, null).json.get("state").asText());
            // the next call rings for the new timeout: a callee who never answers is given up after 5 s, not 30
            Sipp callee = Sipp.start("ringing", sipPort(), "trunk_ringing.xml", "-p", Integer.toString(trunkPort), "-m", "1");
            processes.add(callee);
            Answer call = op("POST", "/tenants/" + t + "/calls", "{\"number\":\"13900001239\",\"target\":{\"agentUserId\":\"" + dialer.userId() + "\"}}");
            assertEquals(call.toString(), 201, call.status);
            String second = call.json.get("id").asText();
            callee.assertSucceeded(Duration.ofSeconds(20));
            JsonNode cdr = await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + t + "/cdrs/" + second, null),
                a -> a.status == 200).json;
            assertEquals("NO_ANSWER", cdr.get("disposition").asText());
            long rang = Duration.between(java.time.Instant.parse(cdr.get("offeredAt").asText()), java.time.Instant.parse(cdr.get("endedAt").asText())).toMillis();
            assertTrue("rang " + rang + " ms", rang >= 4_500 && rang < 12_000);
            assertEquals("TALKING", op("GET", "/tenants/" + t + "/calls/" + first, null).json.get("state").asText());
        } finally {
            Files.writeString(cfg, original, StandardCharsets.UTF_8);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> op("GET", "/telephony/status", null).json.get("ringTimeoutSeconds").asInt() == 30);
        caller.assertSucceeded(CALL_WAIT);
        JsonNode cdr = await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + t + "/cdrs/" + first, null), a -> a.status == 200).json;
        assertEquals("ANSWERED", cdr.get("disposition").asText());
        assertNotEquals("node_shutdown", cdr.get("hangupCause").asText());
        assertTrue(cdr.toString(), cdr.get("talkMs").asLong() >= 19_000);
    }

    @Test
    public void sipPortEditedDuringACallDrainsFirstThenMovesTheListener() throws Exception {
        String t = createTenant("drain", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent talker = agent(t, "talker", "{}", "agent.xml", 100);
        ready(talker);
        Sipp caller = customer("drain-call", "customer.xml", did, 15_000, "-m", "1");
        String first = awaitTalking(t, talker);
        int oldPort = sipPort();
        int newPort = freeUdpPort();
        // what does not depend on the SIP listener must not restart with it
        Object dialerBefore = serviceId(io.seatline.dialer.DialerService.class);
        Object billingBefore = serviceId(io.seatline.billing.BillingService.class);
        Object cdrsBefore = serviceId(io.seatline.telephony.CdrService.class);
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "seatline.telephony.cfg");
        String original = Files.readString(cfg, StandardCharsets.UTF_8);
        try {
            Files.writeString(cfg, set(original, "sip.port", Integer.toString(newPort)), StandardCharsets.UTF_8);
            // draining: the port waits for the calls in progress, and new calls are refused meanwhile
            await().atMost(Duration.ofSeconds(30)).until(() -> status().has("draining"));
            assertEquals(oldPort, status().get("sipPort").asInt());
            assertTrue(status().toString(), iterable(status().get("pendingRestart")).contains("sip.port"));
            Sipp refused = Sipp.start("drain-refused", oldPort, "customer_503.xml", "-s", did, "-p", Integer.toString(freeUdpPort()),
                "-m", "1", "-timeout", "20", "-timeout_error");
            processes.add(refused);
            refused.assertSucceeded(Duration.ofSeconds(25));
            Answer originate = op("POST", "/tenants/" + t + "/calls", "{\"number\":\"13900001240\",\"target\":{\"queue\":\"sales\"}}");
            assertEquals(originate.toString(), 503, originate.status);
            assertEquals("telephony_draining", originate.json.get("code").asText());
            assertTrue(status().toString(), status().get("draining").get("rejectedCalls").asLong() >= 1);
            // the call in progress goes on to its natural end
            assertEquals("TALKING", op("GET", "/tenants/" + t + "/calls/" + first, null).json.get("state").asText());
            caller.assertSucceeded(CALL_WAIT);
            JsonNode cdr = await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + t + "/cdrs/" + first, null),
                a -> a.status == 200).json;
            assertEquals("ANSWERED", cdr.get("disposition").asText());
            assertNotEquals("node_shutdown", cdr.get("hangupCause").asText());
            assertTrue(cdr.toString(), cdr.get("talkMs").asLong() >= 14_000);
            // drained: the listener restarts on the new port, where phones register and calls are taken again
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode s = statusOrNull();
                return s != null && s.get("sipPort").asInt() == newPort && !s.has("draining") && !s.has("pendingRestart");
            });
            assertEquals(dialerBefore, serviceId(io.seatline.dialer.DialerService.class));
            assertEquals(billingBefore, serviceId(io.seatline.billing.BillingService.class));
            assertEquals(cdrsBefore, serviceId(io.seatline.telephony.CdrService.class));
            Agent moved = agent(t, "moved", "{}", "agent.xml", 100);
            ready(moved);
            customer("moved-call", "customer.xml", did, 1_000, "-m", "1").assertSucceeded(CALL_WAIT);
            JsonNode second = awaitCdrs(t, 2).get(0);
            assertEquals(moved.userId(), second.get("agentUserId").asText());
            assertEquals("ANSWERED", second.get("disposition").asText());
        } finally {
            Files.writeString(cfg, original, StandardCharsets.UTF_8);
        }
        // back to the old port: with no call up, the runtime restarts at once
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = statusOrNull();
            return s != null && s.get("sipPort").asInt() == oldPort && !s.has("draining");
        });
    }

    /** The id of the service registered now: a component that restarted registers anew, under another id. */
    private Object serviceId(Class<?> type) {
        org.osgi.framework.ServiceReference<?> ref = bundleContext.getServiceReference(type);
        assertNotNull(type.getSimpleName() + " is registered", ref);
        return ref.getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    private JsonNode status() {
        Answer a = op("GET", "/telephony/status", null);
        assertEquals(a.toString(), 200, a.status);
        return a.json;
    }

    /** The status, or null while the telephony runtime restarts (its resources are briefly away). */
    private JsonNode statusOrNull() {
        Answer a = op("GET", "/telephony/status", null);
        return a.status == 200 ? a.json : null;
    }

    private static List<String> iterable(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    @Test
    public void everyCapabilitysServiceRefusesADirectCallWithoutThePermission() {
        // a plug-in or a Camel route calls the services in Java, with no REST in between: the services check themselves
        String t = createTenant("perm", 2, 0);
        String agentId = createUser(t, "plain", "[\"agent\"]");
        // looked up now, not injected: the services of a capability come and go (another test of this class removes some)
        io.seatline.security.AuthService auth = service(io.seatline.security.AuthService.class);
        io.seatline.telephony.AcdService acd = service(io.seatline.telephony.AcdService.class);
        io.seatline.telephony.CallService calls = service(io.seatline.telephony.CallService.class);
        io.seatline.telephony.CdrService cdrs = service(io.seatline.telephony.CdrService.class);
        io.seatline.telephony.TelephonyAdminService telephonyAdmin = service(io.seatline.telephony.TelephonyAdminService.class);
        io.seatline.telephony.MediaService media = service(io.seatline.telephony.MediaService.class);
        io.seatline.telephony.BlacklistService blacklist = service(io.seatline.telephony.BlacklistService.class);
        io.seatline.dialer.DialerService dialer = service(io.seatline.dialer.DialerService.class);
        io.seatline.crm.CrmService crm = service(io.seatline.crm.CrmService.class);
        io.seatline.crm.ScriptService scripts = service(io.seatline.crm.ScriptService.class);
        io.seatline.crm.KnowledgeService kb = service(io.seatline.crm.KnowledgeService.class);
        io.seatline.crm.TicketService tickets = service(io.seatline.crm.TicketService.class);
        io.seatline.tenancy.UserService users = service(io.seatline.tenancy.UserService.class);
        io.seatline.tenancy.TeamService teams = service(io.seatline.tenancy.TeamService.class);
        io.seatline.security.TokenService tokens = service(io.seatline.security.TokenService.class);
        io.seatline.security.AuditService audit = service(io.seatline.security.AuditService.class);
        io.seatline.core.CallContext agent = auth.authenticate("plain@" + t, PASSWORD);
        assertEquals(t, agent.tenantId());
        // what an agent may do works (the context is sound)...
        assertEquals(agentId, agent.userId());
        assertNotNull("an agent reads its tenant's queues", io.seatline.core.TenantContext.call(agent, () -> acd.queues()));
        io.seatline.core.TenantContext.call(agent, () -> tickets.overdue());
        // ...and what it may not is refused, capability by capability
        refused(agent, "telephony: DIDs", () -> telephonyAdmin.dids());
        refused(agent, "telephony: agents", () -> acd.agents());
        refused(agent, "telephony: all calls", () -> calls.calls());
        refused(agent, "telephony: CDRs", () -> cdrs.list(null, null, null, null, null, 0, 10));
        refused(agent, "telephony: recordings", () -> media.recordings(null, null, null, null, null, null, 0, 10));
        refused(agent, "telephony: blacklist", () -> blacklist.list());
        refused(agent, "dialer: campaigns", () -> dialer.campaigns());
        refused(agent, "dialer: DNC", () -> dialer.dnc(0, 10));
        refused(agent, "crm: delete a customer", () -> { crm.delete("nobody"); return null; });
        refused(agent, "crm: delete a script", () -> { scripts.delete("nothing"); return null; });
        refused(agent, "crm: delete an article", () -> { kb.delete("nothing"); return null; });
        io.seatline.billing.BillingService billing = service(io.seatline.billing.BillingService.class);
        io.seatline.qa.QaService qa = service(io.seatline.qa.QaService.class);
        refused(agent, "billing: plan versions", () -> billing.planVersions("standard"));
        refused(agent, "qa: scorecards", () -> qa.scorecards());
        refused(agent, "tenancy: users", () -> users.list(0, 10));
        refused(agent, "tenancy: teams", () -> teams.list(0, 10));
        refused(agent, "security: tokens", () -> tokens.list(0, 10));
        refused(agent, "security: audit", () -> audit.list(0, 10));
        // and without any context nothing is "all tenants"
        try {
            dialer.campaigns();
            throw new AssertionError("a call without a context was served");
        } catch (io.seatline.core.NoTenantContextException expected) {
            // fail closed
        }
    }

    private <S> S service(Class<S> type) {
        org.osgi.framework.ServiceReference<S> ref = await().atMost(FEATURE_WAIT).until(() -> bundleContext.getServiceReference(type), r -> r != null);
        return bundleContext.getService(ref);
    }

    private static void refused(io.seatline.core.CallContext who, String what, java.util.function.Supplier<?> call) {
        try {
            io.seatline.core.TenantContext.call(who, call);
            throw new AssertionError(what + ": served to " + who.principal() + " without the permission");
        } catch (io.seatline.core.ForbiddenException expected) {
            // refused with a 403 code of the capability's own ("forbidden", "billing_staff_only", ...)
            assertTrue(what + ": " + expected.code(), expected.code().startsWith("forbidden") || expected.code().endsWith("_only"));
        }
    }

    /** The paths of the OpenAPI document served now. */
    private List<String> paths() {
        JsonNode doc = get(null, null, "/openapi.json").json;
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private Bundle bundle(String symbolicName) {
        Bundle b = bundleOrNull(symbolicName);
        assertFalse("bundle " + symbolicName + " is installed", b == null);
        return b;
    }

    private Bundle bundleOrNull(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** The cfg text with {@code key} set to {@code value} (the line replaced, or added). */
    private static String set(String text, String key, String value) {
        StringBuilder b = new StringBuilder();
        boolean done = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(key + "=")) {
                b.append(key).append('=').append(value);
                done = true;
            } else {
                b.append(line);
            }
            b.append('\n');
        }
        if (!done) {
            b.append(key).append('=').append(value).append('\n');
        }
        return b.toString().replaceAll("\n+$", "\n");
    }
}
