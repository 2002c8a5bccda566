package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.Test;

/**
 * The Liquibase changelogs the bundles ship produce the same schema on H2 and MariaDB: same tables, columns,
 * nullability, (normalised) types and sizes, primary keys and unique keys. Plain JUnit in the test JVM (no
 * Karaf needed): this is about the changelogs, not the container.
 */
public class SchemaParityIT {
    private static final List<String> CHANGELOGS = List.of("db/tenancy-changelog.yaml", "db/security-changelog.yaml", "db/telephony-changelog.yaml", "db/dialer-changelog.yaml", "db/crm-changelog.yaml", "db/billing-changelog.yaml", "db/qa-changelog.yaml");

    @Test
    public void changelogsProduceTheSameSchemaOnH2AndMariaDb() throws Exception {
        String server = System.getProperty("seatline.it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        String user = System.getProperty("seatline.it.mariadb.user", "root");
        String password = System.getProperty("seatline.it.mariadb.password", "");
        String db = "seatline_it_schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection admin = DriverManager.getConnection(server, user, password); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:parity;DB_CLOSE_DELAY=-1", "sa", "");
                 Connection maria = DriverManager.getConnection(server + db, user, password)) {
                migrate(h2);
                migrate(maria);
                Map<String, String> h2Schema = describe(h2, null);
                Map<String, String> mariaSchema = describe(maria, db);
                // not vacuous: the description holds what the changelogs declare
                assertEquals("varchar(100) not null", h2Schema.get("sl_user.login"));
                assertEquals("timestamp not null", mariaSchema.get("sl_tenant.created_at"));
                assertEquals("boolean not null", mariaSchema.get("sl_user.enabled"));
                assertEquals("[[login]]", mariaSchema.get("sl_user.#unique"));
                assertEquals("[seat_id]", h2Schema.get("sl_seat_assignment.#pk"));
                assertEquals("[[cdr_id, leg_no]]", h2Schema.get("sl_cdr_leg.#unique"));
                assertTrue(mariaSchema.containsKey("sl_agent_state_log.at"));
                assertTrue(h2Schema.size() > 80);
                assertEquals(String.join("\n", h2Schema.keySet()), String.join("\n", mariaSchema.keySet()));
                assertEquals(h2Schema, mariaSchema);
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(server, user, password); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
    }

    private static void migrate(Connection c) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        for (String changelog : CHANGELOGS) {
            new Liquibase(changelog, new ClassLoaderResourceAccessor(SchemaParityIT.class.getClassLoader()), database).update("");
        }
    }

    /** table.column -> "type(size) null|not null", plus table.#pk and table.#unique entries; names lower-cased. */
    private static Map<String, String> describe(Connection c, String catalog) throws Exception {
        DatabaseMetaData md = c.getMetaData();
        Map<String, String> out = new TreeMap<>();
        try (ResultSet tables = md.getTables(catalog, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String table = tables.getString("TABLE_NAME");
                String t = table.toLowerCase(Locale.ROOT);
                if (!t.startsWith("sl_")) {
                    continue;
                }
                try (ResultSet cols = md.getColumns(catalog, null, table, "%")) {
                    while (cols.next()) {
                        out.put(t + "." + cols.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                            type(cols.getInt("DATA_TYPE"), cols.getInt("COLUMN_SIZE")) + " "
                                + ("YES".equals(cols.getString("IS_NULLABLE")) ? "null" : "not null"));
                    }
                }
                TreeSet<String> pk = new TreeSet<>();
                try (ResultSet keys = md.getPrimaryKeys(catalog, null, table)) {
                    while (keys.next()) {
                        pk.add(keys.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                out.put(t + ".#pk", pk.toString());
                Map<String, TreeSet<String>> uniques = new TreeMap<>();
                try (ResultSet idx = md.getIndexInfo(catalog, null, table, true, false)) {
                    while (idx.next()) {
                        String name = idx.getString("INDEX_NAME");
                        String col = idx.getString("COLUMN_NAME");
                        if (name != null && col != null) {
                            uniques.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new TreeSet<>()).add(col.toLowerCase(Locale.ROOT));
                        }
                    }
                }
                TreeSet<String> uniqueSets = new TreeSet<>();
                uniques.values().forEach(cols -> uniqueSets.add(cols.toString()));
                uniqueSets.remove(pk.toString()); // the primary key's own unique index is named differently per database
                out.put(t + ".#unique", uniqueSets.toString());
            }
        }
        return out;
    }

    private static String type(int sqlType, int size) {
        return switch (sqlType) {
            case Types.VARCHAR, Types.NVARCHAR -> "varchar(" + size + ")";
            case Types.INTEGER -> "int";
            case Types.BOOLEAN, Types.BIT, Types.TINYINT -> "boolean";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp";
            case Types.CLOB, Types.NCLOB, Types.LONGVARCHAR, Types.LONGNVARCHAR -> "text";
            default -> "type" + sqlType;
        };
    }
}
