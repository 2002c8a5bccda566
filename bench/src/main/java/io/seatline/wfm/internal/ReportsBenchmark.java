package io.seatline.wfm.internal;

import io.seatline.bench.BenchEmf;
import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.persistence.TenantOwned;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Dimension;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStateChange;
import io.seatline.telephony.Cdr;
import io.seatline.wfm.Totals;
import io.seatline.wfm.internal.entity.AgentMarkEntity;
import io.seatline.wfm.internal.entity.CallFactEntity;
import io.seatline.wfm.internal.entity.DayEntity;
import io.seatline.wfm.internal.entity.IntervalEntity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.hibernate.Session;

/**
 * KPI reports against the bare GROUP BY, on H2 and MariaDB: a month (November 2026, Asia/Shanghai) of CDRs and agent
 * state changes of many tenants — the raw rows, as telephony writes them, and the aggregates, computed by the same
 * {@link Facts} the live aggregation uses — then (a) one tenant's month by day, read as the service reads it
 * ({@link Reads#sum}, through Hibernate) against a GROUP BY over that tenant's raw rows; (b) the operator's
 * all-tenant month, against a GROUP BY over every raw row; (c) the live aggregation's pace: calls and state changes
 * counted through {@link Store} in batches of 500 per transaction, as the aggregator does. Each tenant has 10 agents in
 * two queues, on 8-hour shifts on weekdays.
 *
 * <p>{@code java -cp bench/target/seatline-benchmarks.jar io.seatline.wfm.internal.ReportsBenchmark [cdrs] [state changes]
 * [tenants] [mariadb] [h2] [calls to aggregate]}
 */
public final class ReportsBenchmark {
    private static final Class<?>[] ENTITIES = {IntervalEntity.class, DayEntity.class, io.seatline.wfm.internal.entity.TenantDayEntity.class,
        CallFactEntity.class, AgentMarkEntity.class};
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    private static final LocalDate TO = LocalDate.of(2026, 11, 30);
    private static final int AGENTS = 10;
    private static final String[] QUEUES = {"sales", "care"};

    private ReportsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long cdrs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long states = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
        int tenants = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        boolean maria = args.length <= 3 || Boolean.parseBoolean(args[3]);
        boolean h2 = args.length <= 4 || Boolean.parseBoolean(args[4]);
        int live = args.length > 5 ? Integer.parseInt(args[5]) : 20_000;
        if (maria) {
            try (Connection root = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
                root.createStatement().execute("drop database if exists seatline_reports_bench");
                root.createStatement().execute("create database seatline_reports_bench character set utf8mb4 collate utf8mb4_unicode_ci");
                try (ResultSet rs = root.createStatement().executeQuery("select @@innodb_buffer_pool_size")) {
                    rs.next();
                    System.out.printf("MariaDB innodb_buffer_pool_size %d MB%n", rs.getLong(1) >> 20);
                }
            }
            bench("MariaDB", "jdbc:mariadb://127.0.0.1:3306/seatline_reports_bench?rewriteBatchedStatements=true", "root", "",
                "org.hibernate.dialect.MariaDB103Dialect", cdrs, states, tenants, live);
        }
        if (h2) {
            String url = "jdbc:h2:" + java.nio.file.Files.createTempDirectory("reports-bench").resolve("db") + ";MODE=LEGACY";
            bench("H2", url, "sa", "", "org.hibernate.dialect.H2Dialect", cdrs, states, tenants, live);
        }
    }

    static String tenant(int i) {
        return String.format("t%04d", i);
    }

    private static void bench(String name, String url, String user, String password, String dialect, long cdrs, long states, int tenants, int live)
        throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            new Liquibase("db/wfm-changelog.yaml", new ClassLoaderResourceAccessor(ReportsBenchmark.class.getClassLoader()),
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c))).update("");
            // the columns of telephony's tables a report over raw rows reads, with telephony's indexes
            c.createStatement().execute("create table sl_cdr (id varchar(36) primary key, tenant_id varchar(32) not null, queue_name varchar(64), "
                + "agent_user_id varchar(36), offered_at timestamp(6) not null, answered_at timestamp(6), wait_ms bigint not null, talk_ms bigint not null, "
                + "hold_ms bigint not null, wrap_up_ms bigint, disposition varchar(16) not null, transfers int not null, csat_score int)");
            c.createStatement().execute("create index ix_cdr_tenant_time on sl_cdr (tenant_id, offered_at)");
            c.createStatement().execute("create table sl_agent_state_log (id varchar(36) primary key, tenant_id varchar(32) not null, "
                + "user_id varchar(36) not null, state varchar(16) not null, at timestamp(6) not null)");
            c.createStatement().execute("create index ix_state_tenant_time on sl_agent_state_log (tenant_id, at)");
            load(name, c, cdrs, states, tenants);
        }
        EntityManagerFactory emf = BenchEmf.create("seatline-wfm", ENTITIES, url, user, password, dialect);
        Random r = new Random(11);
        Instant start = Periods.start(FROM, ZONE);
        Instant end = Periods.start(TO.plusDays(1), ZONE);
        KpiQuery month = new KpiQuery(FROM, TO, Granularity.DAY, Dimension.TENANT, null, null, null, Compare.NONE);
        // (a) one tenant's month by day: the service's read, and the bare GROUP BY of the same tenant's raw rows
        int reps = 60;
        long[] report = new long[reps];
        long[] bare = new long[reps];
        long agree = 0;
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement calls = c.prepareStatement("select cast(offered_at as date), count(*), sum(case when disposition = 'ANSWERED' then 1 "
                 + "else 0 end), sum(wait_ms), max(wait_ms), sum(talk_ms), sum(hold_ms), sum(coalesce(wrap_up_ms, 0)), sum(transfers), "
                 + "count(csat_score), sum(coalesce(csat_score, 0)) from sl_cdr where tenant_id = ? and offered_at >= ? and offered_at < ? "
                 + "group by cast(offered_at as date)");
             PreparedStatement agentStates = c.prepareStatement("select user_id, state, count(*) from sl_agent_state_log where tenant_id = ? "
                 + "and at >= ? and at < ? group by user_id, state")) {
            for (int i = -10; i < reps; i++) { // ten rounds warm up (JIT, caches)
                String t = tenant(r.nextInt(tenants));
                long t0 = System.nanoTime();
                Totals total = inTenant(emf, t, em -> Reads.sum(em, ZONE, month, FROM, TO, Map.of(), new java.util.TreeMap<>()));
                long t1 = System.nanoTime();
                long offered = 0;
                for (PreparedStatement p : List.of(calls, agentStates)) {
                    p.setString(1, t);
                    p.setTimestamp(2, Timestamp.from(start));
                    p.setTimestamp(3, Timestamp.from(end));
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            offered += p == calls ? rs.getLong(2) : 0;
                        }
                    }
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    report[i] = t1 - t0;
                    bare[i] = t2 - t1;
                    agree += offered == total.offered() ? 1 : 0;
                }
            }
        }
        // (b) the operator's month of every tenant
        int opReps = 5;
        long[] summary = new long[opReps];
        long[] bareAll = new long[opReps];
        for (int i = -1; i < opReps; i++) {
            long t0 = System.nanoTime();
            List<Object[]> rows = TenantContext.call(CallContext.operator("bench"), () -> inTx(emf, em -> Reads.byTenant(em, FROM, TO)));
            long t1 = System.nanoTime();
            long n = 0;
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                for (String sql : List.of("select tenant_id, count(*), sum(case when disposition = 'ANSWERED' then 1 else 0 end), sum(wait_ms), "
                    + "max(wait_ms), sum(talk_ms), sum(hold_ms), sum(coalesce(wrap_up_ms, 0)) from sl_cdr where offered_at >= ? and offered_at < ? "
                    + "group by tenant_id", "select tenant_id, count(*) from sl_agent_state_log where at >= ? and at < ? group by tenant_id")) {
                    try (PreparedStatement p = c.prepareStatement(sql)) {
                        p.setTimestamp(1, Timestamp.from(start));
                        p.setTimestamp(2, Timestamp.from(end));
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                n++;
                            }
                        }
                    }
                }
            }
            long t2 = System.nanoTime();
            if (i >= 0) {
                summary[i] = t1 - t0;
                bareAll[i] = t2 - t1;
            }
            if (rows.size() != tenants || n != 2L * tenants) {
                throw new IllegalStateException("summary of " + rows.size() + " tenants, bare of " + n + " rows");
            }
        }
        // (c) the live aggregation: new calls and state changes of one tenant, 500 per transaction, through Store
        String t = "live";
        Random lr = new Random(5);
        Instant at = Instant.parse("2026-11-20T02:00:00Z");
        long l0 = System.nanoTime();
        for (int done = 0; done < live; ) {
            int batch = Math.min(500, live - done);
            int first = done;
            Instant batchAt = at.plusSeconds(first);
            inTenant(emf, t, em -> {
                Store store = new Store(em, t, ZONE);
                for (int k = 0; k < batch; k++) {
                    Instant offered = batchAt.plusSeconds(k);
                    String agent = "a" + lr.nextInt(AGENTS);
                    store.call(call("live-" + (first + k), t, QUEUES[k % 2], agent, offered, lr), 20, 5);
                    store.states(agent, List.of(new AgentStateChange(agent, AgentState.WRAP_UP, AgentState.ON_CALL, null, null, offered)), new HashSet<>());
                }
                return null;
            });
            done += batch;
        }
        double liveSeconds = (System.nanoTime() - l0) / 1e9;
        emf.close();
        Arrays.sort(report);
        Arrays.sort(bare);
        Arrays.sort(summary);
        Arrays.sort(bareAll);
        System.out.printf("%s: %d CDRs and %d agent state changes of %d tenants (a month)%n", name, cdrs, states, tenants);
        System.out.printf("  one tenant's month by day: report p50 %.1f ms, p95 %.1f ms; bare GROUP BY p50 %.1f ms, p95 %.1f ms; "
                + "ratio of p50s %.0fx (%d of %d reads agree with the raw count)%n", ms(report, 50), ms(report, 95), ms(bare, 50), ms(bare, 95),
            ms(bare, 50) / ms(report, 50), agree, reps);
        System.out.printf("  all tenants' month: summary p50 %.1f ms, max %.1f ms; bare GROUP BY p50 %.1f ms, max %.1f ms; ratio %.0fx%n",
            ms(summary, 50), ms(summary, 100), ms(bareAll, 50), ms(bareAll, 100), ms(bareAll, 50) / ms(summary, 50));
        System.out.printf("  live aggregation: %d calls and %d state changes in %.1f s = %.0f calls/s (goal 600/s: %.1fx)%n", live, live, liveSeconds,
            live / liveSeconds, live / liveSeconds / 600);
    }

    private static double ms(long[] sorted, int percentile) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static <T> T inTenant(EntityManagerFactory emf, String tenant, Function<EntityManager, T> work) {
        return TenantContext.call(CallContext.operator("bench").withTenant(tenant), () -> inTx(emf, em -> {
            em.unwrap(Session.class).enableFilter(TenantOwned.FILTER).setParameter(TenantOwned.PARAM, tenant);
            return work.apply(em);
        }));
    }

    private static <T> T inTx(EntityManagerFactory emf, Function<EntityManager, T> work) {
        return BenchEmf.inTx(emf, work);
    }

    /** A call as telephony writes it: 85 % answered (wait up to a minute), talk 30 s to 10 min, some hold, wrap-up, transfers, surveys. */
    static Cdr call(String id, String tenant, String queue, String agent, Instant offered, Random r) {
        boolean answered = r.nextInt(100) < 85;
        long wait = (long) (-Math.log(1 - r.nextDouble()) * 15_000);
        long talk = answered ? 30_000 + r.nextInt(570_000) : 0;
        long hold = answered && r.nextInt(5) == 0 ? r.nextInt(60_000) : 0;
        Long wrap = answered ? (long) r.nextInt(60_000) : null;
        Integer csat = answered && r.nextInt(10) < 3 ? 1 + r.nextInt(5) : null;
        return new Cdr(id, tenant, "INBOUND", "13800138000", "4008001000", "4008001000", queue, answered ? agent : null, agent, null, offered,
            answered ? offered.plusMillis(wait) : null, offered.plusMillis(wait + talk), wait, talk, hold, wrap, answered ? "ANSWERED" : "ABANDONED",
            "customer_bye", answered && r.nextInt(20) == 0 ? 1 : 0, List.of(), null, csat, csat == null ? null : "SCORED", null, null, null, null);
    }

    /** The raw rows of every tenant and, computed from them by {@link Facts}, the aggregates; tenant by tenant. */
    private static void load(String name, Connection c, long cdrs, long states, int tenants) throws Exception {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        long aggregateRows = 0;
        Random r = new Random(7);
        List<LocalDate> weekdays = new ArrayList<>();
        for (LocalDate d = FROM; !d.isAfter(TO); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                weekdays.add(d);
            }
        }
        try (PreparedStatement cdr = c.prepareStatement("insert into sl_cdr (id, tenant_id, queue_name, agent_user_id, offered_at, answered_at, "
            + "wait_ms, talk_ms, hold_ms, wrap_up_ms, disposition, transfers, csat_score) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement st = c.prepareStatement("insert into sl_agent_state_log (id, tenant_id, user_id, state, at) values (?, ?, ?, ?, ?)");
             PreparedStatement iv = c.prepareStatement(insert("sl_wfm_interval", "bucket_start"));
             PreparedStatement dy = c.prepareStatement(insert("sl_wfm_day", "day_date"));
             PreparedStatement td = c.prepareStatement(insert("sl_wfm_tenant_day", "day_date").replace("queue_name, agent_user_id, ", "")
                 .replaceFirst("values \\(\\?, \\?, ", "values ("))) {
            for (int ti = 0; ti < tenants; ti++) {
                String t = tenant(ti);
                Map<String, Totals> quarters = new HashMap<>();
                long n = cdrs / tenants + (ti < cdrs % tenants ? 1 : 0);
                for (long k = 0; k < n; k++) {
                    LocalDate day = weekdays.get(r.nextInt(weekdays.size()));
                    Instant offered = day.atTime(9, 0).atZone(ZONE).toInstant().plusMillis((long) r.nextInt(8 * 3_600_000));
                    String agent = t + "-a" + r.nextInt(AGENTS);
                    Cdr x = call(t + "-c" + k, t, QUEUES[r.nextInt(2)], agent, offered, r);
                    cdr.setString(1, x.id());
                    cdr.setString(2, t);
                    cdr.setString(3, x.queue());
                    cdr.setString(4, x.agentUserId());
                    cdr.setTimestamp(5, Timestamp.from(offered));
                    cdr.setTimestamp(6, x.answeredAt() == null ? null : Timestamp.from(x.answeredAt()));
                    cdr.setLong(7, x.waitMs());
                    cdr.setLong(8, x.talkMs());
                    cdr.setLong(9, x.holdMs());
                    cdr.setObject(10, x.wrapUpMs());
                    cdr.setString(11, x.disposition());
                    cdr.setInt(12, x.transfers());
                    cdr.setObject(13, x.csatScore());
                    cdr.addBatch();
                    quarters.merge(Facts.quarter(offered).toEpochMilli() + "|" + x.queue() + "|" + (x.agentUserId() == null ? "" : x.agentUserId()),
                        Facts.ofCall(x, 20, 5), Totals::plus);
                }
                // each agent's shifts: logged in at 09:00, ready, calls (reserved, on call, wrap-up), breaks, logged out at 17:00
                long m = states / tenants + (ti < states % tenants ? 1 : 0);
                long perShift = Math.max(4, m / AGENTS / weekdays.size());
                long written = 0;
                for (int a = 0; a < AGENTS && written < m; a++) {
                    String agent = t + "-a" + a;
                    for (LocalDate day : weekdays) {
                        Instant in = day.atTime(9, 0).atZone(ZONE).toInstant();
                        long step = 8 * 3_600_000L / perShift;
                        AgentState state = AgentState.NOT_READY;
                        Instant since = in;
                        for (long k = 0; k < perShift && written < m; k++, written++) {
                            Instant when = in.plusMillis(k * step);
                            AgentState next = k == 0 ? AgentState.NOT_READY : k == perShift - 1 ? AgentState.LOGGED_OUT
                                : AgentState.values()[1 + (int) (k % 5)];
                            if (k > 0) {
                                for (Facts.Slice s : Facts.ofSpan(state, since, when)) {
                                    quarters.merge(s.quarter().toEpochMilli() + "||" + agent, s.totals(), Totals::plus);
                                }
                            }
                            st.setString(1, agent + "-" + day + "-" + k);
                            st.setString(2, t);
                            st.setString(3, agent);
                            st.setString(4, next.name());
                            st.setTimestamp(5, Timestamp.from(when));
                            st.addBatch();
                            state = next;
                            since = when;
                        }
                    }
                }
                Map<String, Totals> days = new HashMap<>();
                Map<LocalDate, Totals> wholeDays = new HashMap<>();
                for (Map.Entry<String, Totals> e : quarters.entrySet()) {
                    String[] k = e.getKey().split("\\|", -1);
                    Instant q = Instant.ofEpochMilli(Long.parseLong(k[0]));
                    row(iv, t + "|" + q.getEpochSecond() / 60 + "|" + k[1] + "|" + k[2], t, Timestamp.from(q), k[1], k[2], e.getValue());
                    days.merge(q.atZone(ZONE).toLocalDate() + "|" + k[1] + "|" + k[2], e.getValue(), Totals::plus);
                    wholeDays.merge(q.atZone(ZONE).toLocalDate(), e.getValue(), Totals::plus);
                }
                for (Map.Entry<String, Totals> e : days.entrySet()) {
                    String[] k = e.getKey().split("\\|", -1);
                    row(dy, t + "|" + e.getKey(), t, java.sql.Date.valueOf(k[0]), k[1], k[2], e.getValue());
                }
                for (Map.Entry<LocalDate, Totals> e : wholeDays.entrySet()) {
                    row(td, t + "|" + e.getKey(), t, java.sql.Date.valueOf(e.getKey()), null, null, e.getValue());
                }
                aggregateRows += quarters.size() + days.size() + wholeDays.size();
                cdr.executeBatch();
                st.executeBatch();
                iv.executeBatch();
                dy.executeBatch();
                td.executeBatch();
                c.commit();
            }
        }
        c.setAutoCommit(true);
        System.out.printf("%s: loaded %d CDRs, %d state changes and %d aggregate rows of %d tenants in %.1f s%n", name, cdrs, states,
            aggregateRows, tenants, (System.nanoTime() - t0) / 1e9);
    }

    private static String insert(String table, String keyColumn) {
        return "insert into " + table + " (id, tenant_id, " + keyColumn + ", queue_name, agent_user_id, offered, answered, answered_in_target, "
            + "abandoned, short_abandoned, abandoned_in_target, wait_ms, max_wait_ms, talk_ms, hold_ms, wrap_ms, transferred, surveyed, csat_sum, "
            + "logged_in_ms, available_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** One aggregate row; a tenant's day ({@code queue} null) has no queue and agent columns. */
    private static void row(PreparedStatement p, String id, String tenant, Object key, String queue, String agent, Totals x) throws Exception {
        p.setString(1, id);
        p.setString(2, tenant);
        p.setObject(3, key);
        int at = 4;
        if (queue != null) {
            p.setString(4, queue);
            p.setString(5, agent);
            at = 6;
        }
        long[] v = {x.offered(), x.answered(), x.answeredInTarget(), x.abandoned(), x.shortAbandoned(), x.abandonedInTarget(), x.waitMs(),
            x.maxWaitMs(), x.talkMs(), x.holdMs(), x.wrapMs(), x.transferred(), x.surveyed(), x.csatSum(), x.loggedInMs(), x.availableMs()};
        for (int i = 0; i < v.length; i++) {
            p.setLong(at + i, v[i]);
        }
        p.addBatch();
    }
}
