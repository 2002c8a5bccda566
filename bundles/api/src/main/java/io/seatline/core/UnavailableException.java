package io.seatline.core;

/** The service cannot answer now (overloaded, a node is stopping, the database is unreachable); the client may retry (HTTP 503). */
public class UnavailableException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String code, String message) { super(code, message, null); }

    @Override
    public int httpStatus() { return 503; }

    /**
     * Whether {@code e} says the database cannot be reached (stopped, restarting, network): a JDBC connection
     * failure anywhere in its causes — SQLState class 08, or one of JDBC's connection exception types. Such a failure
     * passes; a constraint violation or a bad query does not.
     */
    public static boolean databaseUnreachable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException || c instanceof java.sql.SQLNonTransientConnectionException
                || c instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (c instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
            String name = c.getClass().getName();
            if (name.equals("org.hibernate.exception.JDBCConnectionException")
                || c.getMessage() != null && c.getMessage().startsWith("Cannot get a connection")) {
                return true; // Hibernate's and DBCP's words for the same
            }
        }
        return false;
    }
}
