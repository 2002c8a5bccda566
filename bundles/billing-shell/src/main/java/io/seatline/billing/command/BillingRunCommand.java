package io.seatline.billing.command;

import io.seatline.billing.RunStatus;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "billing-run", description = "Bills a closed month: creates the DRAFT invoices of every tenant with a plan (or of -t tenants). "
    + "Safe to repeat: invoices already there are kept, missing ones are made.")
@Service
public class BillingRunCommand extends BillingPeriodAction {
    @Option(name = "--no-wait", description = "Start the run and return at once (follow it with seatline:invoice-list or GET /billing/runs/{id})")
    private boolean noWait;

    @Override
    protected Object run() throws Exception {
        RunStatus s = billing.run(request());
        System.out.println("Billing run " + s.id() + " for " + s.period() + ": " + s.total() + " tenants");
        if (noWait) {
            return null;
        }
        int shown = -1;
        while (s.state().equals("RUNNING")) {
            if (s.done() != shown) {
                System.out.println("  " + s.done() + "/" + s.total() + " tenants done");
                shown = s.done();
            }
            Thread.sleep(250); // console progress display, not a test wait
            s = billing.runStatus(s.id());
        }
        System.out.println(s.state() + ": " + s.done() + "/" + s.total() + " tenants, " + s.created() + " invoices created, " + s.existing()
            + " already there");
        s.failures().forEach(f -> System.out.println("  failed: " + f));
        return null;
    }
}
