package io.seatline.billing.command;

import io.seatline.billing.BillingRunService;
import io.seatline.billing.RunRequest;
import io.seatline.shell.OperatorAction;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** A billing command about one month and some or all tenants: seatline:billing-run and seatline:billing-preview. */
public abstract class BillingPeriodAction extends OperatorAction {
    @Reference
    protected BillingRunService billing;

    @Argument(index = 0, name = "period", required = true, description = "The month, yyyy-MM")
    private String period;
    @Option(name = "-t", aliases = "--tenant", multiValued = true, description = "Only these tenants (repeat -t)")
    private List<String> tenants;
    @Option(name = "--force", description = "Bill a month that has not ended yet")
    private boolean force;

    protected RunRequest request() {
        return new RunRequest(period, tenants, force);
    }
}
