package io.seatline.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The isolation suite on a real MariaDB server: the distribution is switched to MariaDB by configuration only
 * (etc/org.ops4j.datasource-seatline.cfg), on a fresh database created for this run, so runs are repeatable.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MariaDbIsolationIT extends AbstractIsolationIT {

    @Override
    protected List<Option> databaseOptions() {
        String server = System.getProperty("seatline.it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        String user = System.getProperty("seatline.it.mariadb.user", "root");
        String password = System.getProperty("seatline.it.mariadb.password", "");
        String db = "seatline_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(server, user, password); Statement s = c.createStatement()) {
            // drop what earlier runs left behind, then start from an empty database
            List<String> old = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW DATABASES LIKE 'seatline\\_it\\_%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String o : old) {
                s.execute("DROP DATABASE `" + o + "`");
            }
            s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB is needed for this suite at " + server + ": " + e.getMessage(), e);
        }
        String cfg = "etc/org.ops4j.datasource-seatline.cfg";
        return List.of(
            editConfigurationFilePut(cfg, "osgi.jdbc.driver.class", "org.mariadb.jdbc.Driver"),
            editConfigurationFilePut(cfg, "url", server + db),
            editConfigurationFilePut(cfg, "user", user),
            editConfigurationFilePut(cfg, "password", password));
    }
}
