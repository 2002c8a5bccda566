package io.seatline.persistence.internal;

import io.seatline.persistence.SeatlineDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the pax-jdbc data source {@code seatline} (see {@code etc/org.ops4j.datasource-seatline.cfg}) and
 * picks the Hibernate dialect from JDBC metadata, so switching to MariaDB is configuration only.
 */
@Component(configurationPid = "seatline.persistence", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SeatlineDatabaseImpl.Config.class)
public class SeatlineDatabaseImpl implements SeatlineDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(SeatlineDatabaseImpl.class);
    private static final Object MIGRATION_LOCK = new Object();

    @ObjectClassDefinition(name = "Seatline persistence")
    public @interface Config {
        @AttributeDefinition(description = "Hibernate dialect class; empty = detect from the database")
        String dialect() default "";

        @AttributeDefinition(description = "Log SQL statements")
        boolean showSql() default false;
    }

    @Reference(target = "(dataSourceName=seatline)")
    private DataSource dataSource;

    private String product;
    private String dialect;
    private boolean showSql;

    @Activate
    void activate(Config config) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String name = md.getDatabaseProductName();
            String version = md.getDatabaseProductVersion();
            product = name.toLowerCase().contains("h2") ? "H2" : "MariaDB";
            dialect = config.dialect().isBlank() ? detectDialect(name, md.getDatabaseMajorVersion(), md.getDatabaseMinorVersion())
                : config.dialect();
            showSql = config.showSql();
            LOG.info("Seatline database: {} {} at {} (dialect {})", name, version, md.getURL(), dialect);
        }
    }

    static String detectDialect(String productName, int major, int minor) {
        String p = productName.toLowerCase();
        if (p.contains("h2")) {
            return "org.hibernate.dialect.H2Dialect";
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            // MariaDB reports itself as "MySQL" through some drivers; the driver we ship reports "MariaDB".
            return major > 10 || (major == 10 && minor >= 6) ? "org.hibernate.dialect.MariaDB106Dialect"
                : "org.hibernate.dialect.MariaDB103Dialect";
        }
        throw new IllegalStateException("Unsupported database " + productName + " (Seatline supports H2 and MariaDB)");
    }

    @Override
    public String product() {
        return product;
    }

    @Override
    public Map<String, Object> jpaProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        props.put("hibernate.dialect", dialect);
        props.put("hibernate.jdbc.time_zone", "UTC");
        props.put("hibernate.show_sql", Boolean.toString(showSql));
        return props;
    }

    @Override
    public void migrate(Bundle bundle, String changelog) {
        ClassLoader bundleLoader = bundle.adapt(BundleWiring.class).getClassLoader();
        ClassLoader liquibaseLoader = Liquibase.class.getClassLoader();
        synchronized (MIGRATION_LOCK) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(liquibaseLoader);
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                Map<String, Object> scope = Map.of(Scope.Attr.classLoader.name(), liquibaseLoader);
                Scope.child(scope, () -> {
                    Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                    Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(bundleLoader), db);
                    liquibase.update(new Contexts(), new LabelExpression());
                });
                LOG.info("Schema {} of {} is current ({} ms)", changelog, bundle.getSymbolicName(),
                    (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                throw new IllegalStateException("Schema migration " + changelog + " of " + bundle.getSymbolicName() + " failed: " + e.getMessage(), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
