package io.seatline.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.table.ShellTable;

/** A command about one tenant: its first argument is the tenant id (tab-completed). */
public abstract class TenantAction extends OperatorAction {
    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    protected String tenant;

    /** A console {@code -n} limit brought into 1..{@link io.seatline.core.Page#MAX_LIMIT}. */
    public static int limit(int n) {
        return Math.max(1, Math.min(n, io.seatline.core.Page.MAX_LIMIT));
    }

    /** A console table with these column headings. */
    public static ShellTable table(String... columns) {
        ShellTable table = new ShellTable();
        for (String c : columns) {
            table.column(c);
        }
        return table;
    }
}
