package io.burstpipe.e2e;

import io.burstpipe.store.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/** Reads what a consumer stored, after it has stopped: the embedded log, or a PostgreSQL table. */
final class StoreCheck {

    /** The PostgreSQL the tests use; CI starts one. */
    static final String PG_URL = System.getenv().getOrDefault("BURSTPIPE_TEST_PG_URL",
            "postgresql://postgres@127.0.0.1:5432/test");

    static {
        DriverManager.setLoginTimeout(10); // a connection attempt never hangs a test
    }

    private StoreCheck() {
    }

    record Counts(long ids, long records) {
    }

    /** Distinct ids of a producer, and the number of records written for it (more would mean duplicates). */
    static Counts embedded(Path storeDir, String producer) throws Exception {
        long ids;
        try (EmbeddedStore store = EmbeddedStore.open(storeDir)) {
            ids = store.countByProducer(producer);
        }
        long records;
        try (var lines = Files.lines(storeDir.resolve(EmbeddedStore.LOG_FILE))) {
            records = lines.filter(l -> l.split("\t")[1].equals(producer)).count();
        }
        return new Counts(ids, records);
    }

    static Connection pg() throws SQLException {
        return pg(PG_URL);
    }

    /** A JDBC connection for a {@code postgresql://user[:password]@host:port/db} URI. */
    static Connection pg(String url) throws SQLException {
        String jdbc = "jdbc:" + url.replaceFirst("^postgresql://([^@/]+)@", "postgresql://");
        String user = url.matches("^postgresql://[^@/]+@.*") ? url.replaceFirst("^postgresql://([^@:/]+).*", "$1")
                : "postgres";
        String password = url.matches("^postgresql://[^:@/]+:[^@/]+@.*")
                ? url.replaceFirst("^postgresql://[^:@/]+:([^@/]+)@.*", "$1") : "";
        return DriverManager.getConnection(jdbc, user, password);
    }

    /** Skips the test where no PostgreSQL runs, unless on CI, where its absence is a failure. */
    static void requirePostgres() {
        try (Connection c = pg()) {
            c.isValid(2);
        } catch (SQLException e) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("PostgreSQL is required on CI at " + PG_URL + ": " + e.getMessage(), e);
            }
            Assumptions.abort("no PostgreSQL at " + PG_URL + ": " + e.getMessage());
        }
    }

    static void dropTable(String table) throws SQLException {
        try (Connection c = pg(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    static Counts postgres(String table, String producer) throws SQLException {
        try (Connection c = pg(); PreparedStatement s = c.prepareStatement(
                "SELECT count(DISTINCT id), count(*) FROM " + table + " WHERE producer = ?")) {
            s.setString(1, producer);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Counts(r.getLong(1), r.getLong(2));
            }
        }
    }
}
