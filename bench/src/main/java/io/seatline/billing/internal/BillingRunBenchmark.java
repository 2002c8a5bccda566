package io.seatline.billing.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Issue 7 benchmark, database part: the billing run over 1 M rated calls (sl_bill_usage, and the same 1 M rows in
 * sl_cdr, which the run checks for calls not rated yet) of 1 000 tenants, on H2 and MariaDB, against a bare
 * {@code select tenant_id, sum(amount) from sl_bill_usage group by tenant_id} over the same rows in the same run.
 *
 * <p>The run is the product's, as {@code RunsPart.billBatch} does it, in batches of {@code batch} tenants
 * (etc/seatline.billing.cfg run.batch, 100 by default): the check for CDRs not rated yet ({@link RunInputs#missed}: per
 * tenant, the sl_cdr count against rating's per-day counts) in one transaction, then {@link RunInputs#load} (the batch's
 * data in a few set queries, the usage summary from rating's running totals),
 * {@link InvoiceBuilder#build} per tenant and the batch's invoice inserts in another, with the billing unit's entities on
 * Hibernate and the schema from the billing changelog (Liquibase). Not included: the tenant lookups through
 * TenantService (an OSGi service; here every tenant has 10 dedicated and 2 shared seats and no seat changes) and the
 * per-batch progress row.
 *
 * java -cp bench/target/seatline-benchmarks.jar io.seatline.billing.internal.BillingRunBenchmark [calls=1000000] [tenants=1000] [mariadb=true] [h2=true] [batch=100]
 */
public final class BillingRunBenchmark {
    private static final Class<?>[] ENTITIES = {io.seatline.billing.internal.entity.PlanVersionEntity.class,
        io.seatline.billing.internal.entity.RateEntity.class, ProfileEntity.class, io.seatline.billing.internal.entity.SubscriptionEntity.class,
        io.seatline.billing.internal.entity.ChargeEntity.class, io.seatline.billing.internal.entity.UsageEntity.class,
        io.seatline.billing.internal.entity.UnratedEntity.class, io.seatline.billing.internal.entity.RunEntity.class, InvoiceEntity.class,
        io.seatline.billing.internal.entity.PaymentEntity.class, io.seatline.billing.internal.entity.SeqEntity.class};

    private BillingRunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        boolean maria = args.length <= 2 || Boolean.parseBoolean(args[2]);
        boolean h2 = args.length <= 3 || Boolean.parseBoolean(args[3]);
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        if (h2) {
            String url = "jdbc:h2:" + java.nio.file.Files.createTempDirectory("billing-bench").resolve("db") + ";MODE=LEGACY";
            bench("H2", url, "sa", "", "org.hibernate.dialect.H2Dialect", calls, tenants, batch);
        }
        if (maria) {
            try (Connection root = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
                root.createStatement().execute("drop database if exists seatline_billing_bench");
                root.createStatement().execute("create database seatline_billing_bench character set utf8mb4 collate utf8mb4_unicode_ci");
                try (ResultSet rs = root.createStatement().executeQuery("select @@innodb_buffer_pool_size")) {
                    rs.next();
                    System.out.printf("MariaDB innodb_buffer_pool_size %d MB%n", rs.getLong(1) >> 20);
                }
            }
            bench("MariaDB", "jdbc:mariadb://127.0.0.1:3306/seatline_billing_bench?rewriteBatchedStatements=true", "root", "",
                "org.hibernate.dialect.MariaDB103Dialect", calls, tenants, batch);
        }
    }

    private static void bench(String name, String url, String user, String password, String dialect, int calls, int tenants, int batch)
        throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            new Liquibase("db/billing-changelog.yaml", new ClassLoaderResourceAccessor(BillingRunBenchmark.class.getClassLoader()),
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c))).update("");
            Statement s = c.createStatement();
            // the columns of the telephony and tenancy tables the run reads
            s.execute("create table sl_cdr (id varchar(36) primary key, tenant_id varchar(32) not null, direction varchar(16) not null, "
                + "from_party varchar(200), to_party varchar(200), did varchar(32), offered_at timestamp(6) not null, answered_at timestamp(6), "
                + "ended_at timestamp(6) not null, talk_ms bigint not null, disposition varchar(16) not null)");
            s.execute("create index ix_cdr_tenant_time on sl_cdr (tenant_id, offered_at)");
            s.execute("create table sl_recording (id varchar(36) primary key, tenant_id varchar(32) not null, started_at timestamp(6) not null, "
                + "size_bytes bigint not null, expires_at timestamp(6))");
            s.execute("create index ix_recording_tenant_time on sl_recording (tenant_id, started_at)");
            s.execute("create table sl_seat_session (id varchar(36) primary key, tenant_id varchar(32) not null, kind varchar(16) not null, "
                + "started_at timestamp(6) not null, ended_at timestamp(6) not null)");
            s.execute("create index ix_seat_session_tenant on sl_seat_session (tenant_id, started_at)");
            load(c, calls, tenants);
            if (name.equals("H2")) {
                long t0 = System.nanoTime(); // H2 appends while loading; compact the file as a database in service would be
                c.createStatement().execute("shutdown compact");
                System.out.printf("H2 compacted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
        }
        EntityManagerFactory emf = emf(url, user, password, dialect);
        InvoiceBuilder builder = new InvoiceBuilder();
        Period p = Period.parse("2026-10");
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        List<InvoiceBuilder.TenantInfo> infos = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            infos.add(new InvoiceBuilder.TenantInfo(tenant(i), tenant(i), zone, 10, 2, List.of()));
        }
        for (int round = 0; round < 2; round++) { // round 0 warms up (JIT, caches); round 1 is measured
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                c.createStatement().execute("delete from sl_bill_invoice");
            }
            long t0 = System.nanoTime();
            long sum = 0;
            try (Connection c = DriverManager.getConnection(url, user, password);
                 ResultSet rs = c.createStatement().executeQuery("select tenant_id, sum(amount), count(*) from sl_bill_usage group by tenant_id")) {
                while (rs.next()) {
                    sum += rs.getLong(3);
                }
            }
            long bare = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            BigDecimal billed = BigDecimal.ZERO;
            int invoices = 0;
            long backlogNs = 0;
            long[] phases = new long[3]; // loading the batches' data, building the drafts, the whole write transaction
            for (int i = 0; i < tenants; i += batch) {
                List<InvoiceBuilder.TenantInfo> chunk = infos.subList(i, Math.min(tenants, i + batch));
                long b0 = System.nanoTime();
                List<String> missed = inTx(emf, em -> RunInputs.missed(em, chunk, p));
                backlogNs += System.nanoTime() - b0;
                if (!missed.isEmpty()) {
                    throw new IllegalStateException("calls of " + missed + " not rated");
                }
                long w0 = System.nanoTime();
                List<InvoiceEntity> made = inTx(emf, em -> {
                    long l0 = System.nanoTime();
                    List<io.seatline.billing.internal.entity.PlanVersionEntity> versions = Catalog.versions(em);
                    Map<String, RunInputs.Of> in = RunInputs.load(em, chunk, p);
                    phases[0] += System.nanoTime() - l0;
                    long l1 = System.nanoTime();
                    List<InvoiceEntity> out = new ArrayList<>();
                    for (InvoiceBuilder.TenantInfo t : chunk) {
                        RunInputs.Of o = in.get(t.id());
                        if (o.live != null) {
                            continue;
                        }
                        InvoiceEntity inv = builder.build(t, o, versions, p, Instant.now()).invoice();
                        inv.id = UUID.randomUUID().toString();
                        em.persist(inv);
                        out.add(inv);
                    }
                    phases[1] += System.nanoTime() - l1;
                    return out;
                });
                phases[2] += System.nanoTime() - w0;
                for (InvoiceEntity inv : made) {
                    billed = billed.add(inv.total);
                    invoices++;
                }
            }
            long run = System.nanoTime() - t1;
            if (round == 1) {
                System.out.printf("%s: %d calls of %d tenants, batches of %d (group by saw %d rows)%n", name, calls, tenants, batch, sum);
                System.out.printf("  bare GROUP BY tenant      %8.1f ms%n", bare / 1e6);
                System.out.printf("  billing run (%d invoices) %8.1f ms  = %.2f ms per tenant, billed %s CNY%n", invoices, run / 1e6,
                    run / 1e6 / tenants, billed.toPlainString());
                System.out.printf("    of which the missed-CDR check %8.1f ms%n", backlogNs / 1e6);
                System.out.printf("    of which reading the batches' data %8.1f ms, building the drafts %8.1f ms, inserting and committing %8.1f ms%n",
                    phases[0] / 1e6, phases[1] / 1e6, (phases[2] - phases[0] - phases[1]) / 1e6);
                System.out.printf("  ratio run / GROUP BY      %8.2f x%n", (double) run / bare);
            }
        }
        emf.close();
    }

    private static <T> T inTx(EntityManagerFactory emf, java.util.function.Function<EntityManager, T> work) {
        return TenantContext.call(CallContext.operator("bench"), () -> io.seatline.bench.BenchEmf.inTx(emf, work));
    }

    private static String tenant(int i) {
        return String.format("t%04d", i);
    }

    /** One plan (CNY), a profile and a subscription per tenant, and {@code calls} rated calls in October 2026, in both tables. */
    private static void load(Connection c, int calls, int tenants) throws Exception {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement v = c.prepareStatement("insert into sl_bill_plan_version (id, plan, name, valid_from, currency, dedicated_seat, "
            + "shared_seat, recording_gb_month, bands_json, default_band, rate_count, created_at, created_by) values ('v1', 'std', 'std', ?, 'CNY', "
            + "3000, 1200, 0.5, '[]', 'standard', 0, ?, 'bench')")) {
            v.setDate(1, java.sql.Date.valueOf("2026-01-01"));
            v.setTimestamp(2, now);
            v.execute();
        }
        try (PreparedStatement pr = c.prepareStatement("insert into sl_bill_profile (id, tenant_id, currency, tax_name, tax_rate, payment_terms_days, "
            + "updated_at) values (?, ?, 'CNY', 'VAT', 0.06, 30, ?)");
             PreparedStatement sub = c.prepareStatement("insert into sl_bill_subscription (id, tenant_id, plan, valid_from, created_at, created_by) "
                 + "values (?, ?, 'std', ?, ?, 'bench')")) {
            for (int i = 0; i < tenants; i++) {
                pr.setString(1, tenant(i));
                pr.setString(2, tenant(i));
                pr.setTimestamp(3, now);
                pr.addBatch();
                sub.setString(1, "s" + i);
                sub.setString(2, tenant(i));
                sub.setDate(3, java.sql.Date.valueOf("2026-10-01"));
                sub.setTimestamp(4, now);
                sub.addBatch();
            }
            pr.executeBatch();
            sub.executeBatch();
        }
        Random r = new Random(7);
        String[] bands = {"peak", "offpeak"};
        Instant start = Instant.parse("2026-10-01T00:00:00Z");
        try (PreparedStatement u = c.prepareStatement("insert into sl_bill_usage (cdr_id, tenant_id, period_key, category, number_text, answered_at, "
            + "talk_ms, billable_seconds, plan_version_id, prefix, band, per_minute, increment_text, connection_fee, amount, currency, rated_at, "
            + "cdr_offered_at) values (?, ?, '2026-10', ?, ?, ?, ?, ?, 'v1', '86', ?, 0.1, '60/60', 0, ?, 'CNY', ?, ?)");
             PreparedStatement cdr = c.prepareStatement("insert into sl_cdr (id, tenant_id, direction, to_party, offered_at, answered_at, ended_at, "
                 + "talk_ms, disposition) values (?, ?, 'OUTBOUND', ?, ?, ?, ?, ?, 'ANSWERED')")) {
            for (int i = 0; i < calls; i++) {
                String id = "c" + i;
                String tenant = tenant(i % tenants);
                Timestamp at = Timestamp.from(start.plusSeconds(60L + r.nextInt(29 * 86_400)));
                long talk = 1000L + r.nextInt(600_000);
                long billable = (talk + 59_999) / 60_000 * 60;
                String number = "86138" + (10_000_000 + r.nextInt(89_999_999));
                u.setString(1, id);
                u.setString(2, tenant);
                u.setString(3, r.nextInt(4) == 0 ? "VOICE_INBOUND" : "VOICE_OUTBOUND");
                u.setString(4, number);
                u.setTimestamp(5, at);
                u.setLong(6, talk);
                u.setLong(7, billable);
                u.setString(8, bands[r.nextInt(2)]);
                u.setBigDecimal(9, BigDecimal.valueOf(billable).divide(BigDecimal.valueOf(600), 6, java.math.RoundingMode.HALF_UP));
                u.setTimestamp(10, now);
                u.setTimestamp(11, at);
                u.addBatch();
                cdr.setString(1, id);
                cdr.setString(2, tenant);
                cdr.setString(3, "+" + number);
                cdr.setTimestamp(4, at);
                cdr.setTimestamp(5, at);
                cdr.setTimestamp(6, Timestamp.from(at.toInstant().plusMillis(talk)));
                cdr.setLong(7, talk);
                cdr.addBatch();
                if (i % 5000 == 4999) {
                    u.executeBatch();
                    cdr.executeBatch();
                    c.commit();
                }
            }
            u.executeBatch();
            cdr.executeBatch();
            c.commit();
        }
        // the running totals rating keeps as it writes each row (Tally), here filled the way billing-2 fills them
        c.createStatement().executeUpdate("insert into sl_bill_usage_total (tenant_id, period_key, category, band_key, calls, billable_seconds, "
            + "amount) select tenant_id, period_key, category, coalesce(band, ''), count(*), sum(billable_seconds), sum(amount) from sl_bill_usage "
            + "group by tenant_id, period_key, category, coalesce(band, '')");
        c.createStatement().executeUpdate("insert into sl_bill_rated_day (tenant_id, day_utc, rated) select tenant_id, cast(cdr_offered_at as date), "
            + "count(*) from sl_bill_usage where cdr_offered_at is not null group by tenant_id, cast(cdr_offered_at as date)");
        c.commit();
        c.setAutoCommit(true);
        System.out.printf("loaded %d calls of %d tenants in %.1f s%n", calls, tenants, (System.nanoTime() - t0) / 1e9);
    }

    private static EntityManagerFactory emf(String url, String user, String password, String dialect) {
        return io.seatline.bench.BenchEmf.create("seatline-billing", ENTITIES, url, user, password, dialect);
    }
}
