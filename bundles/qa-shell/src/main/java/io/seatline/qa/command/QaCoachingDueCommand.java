package io.seatline.qa.command;

import io.seatline.qa.QaService;
import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "qa-coaching-due", description = "Tells the coaches of overdue coaching tasks now (event io/seatline/qa/coaching/DUE), instead of at the next check")
@Service
public class QaCoachingDueCommand extends OperatorAction {
    @Reference
    private QaService qa;

    @Override
    protected Object run() {
        System.out.println(qa.coachingDue() + " overdue coaching tasks reported");
        return null;
    }
}
