package io.seatline.itests;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

/**
 * A MariaDB server of the test's own (Debian's mariadbd on a free port with a data folder under target/), so a drill
 * can stop and start it without touching the machine's shared server the other suites use.
 */
final class PrivateMariaDb implements AutoCloseable {
    private final Path dir;
    final int port;
    private Process server;

    private PrivateMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Installs a fresh data folder (root without a password) and starts the server on it. */
    static PrivateMariaDb install() throws Exception {
        Path target = Paths.get("target", "crash").toAbsolutePath();
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target, "mariadb-");
        Process install = new ProcessBuilder("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"), "--user=root",
            "--auth-root-authentication-method=normal", "--skip-test-db").redirectErrorStream(true)
            .redirectOutput(dir.resolve("install.log").toFile()).start();
        if (install.waitFor() != 0) {
            throw new AssertionError("mariadb-install-db failed; see " + dir.resolve("install.log"));
        }
        PrivateMariaDb db = new PrivateMariaDb(dir, Distribution.freePort());
        db.start();
        return db;
    }

    String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    void createDatabase(String name) throws Exception {
        Distribution.createDatabase(url(""), name);
    }

    /**
     * Starts the server and waits until it takes connections (refused ones until then: the driver's
     * SQLNonTransientConnectionException, which ignoreException(SQLException) would not have ignored).
     */
    void start() throws Exception {
        server = new ProcessBuilder(List.of("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"), "--user=root",
            "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("pid"), "--skip-log-bin"))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(java.sql.SQLException.class).until(() -> {
            if (!server.isAlive()) {
                throw new AssertionError("mariadbd exited; see " + dir.resolve("server.log"));
            }
            try (Connection c = DriverManager.getConnection(url(""), "root", "")) {
                return c.isValid(2);
            }
        });
    }

    /** Stops the server (SIGTERM, as an operator's stop or a failover does) and waits until it is gone. */
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        if (!Boolean.getBoolean("seatline.it.keep")) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
