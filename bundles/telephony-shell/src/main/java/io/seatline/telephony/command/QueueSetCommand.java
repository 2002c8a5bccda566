package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.QueueSpec;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(scope = "seatline", name = "queue-set", description = "Creates or replaces a tenant's queue")
@Service
public class QueueSetCommand extends TenantAction {
    @Reference
    private AcdService acd;

    @Argument(index = 1, name = "name", required = true, description = "Queue name")
    private String name;
    @Option(name = "-d", aliases = "--display-name", description = "Display name")
    private String displayName;
    @Option(name = "-k", aliases = "--skill", multiValued = true, description = "Required skill as name:level (repeat)")
    private List<String> skills;
    @Option(name = "--priority", description = "0-100, higher first")
    private Integer priority;
    @Option(name = "--max-wait", description = "Seconds before overflow (0: none)")
    private Integer maxWait;
    @Option(name = "--overflow", description = "Overflow queue")
    private String overflow;
    @Option(name = "--service-level", description = "Service-level threshold (seconds)")
    private Integer serviceLevel;
    @Option(name = "--wrap-up", description = "Wrap-up seconds")
    private Integer wrapUp;
    @Option(name = "--ring-timeout", description = "Ring-no-answer timeout (seconds)")
    private Integer ringTimeout;
    @Option(name = "-s", aliases = "--strategy", description = "longest-idle, fewest-calls, round-robin, best-skill-level, random or a plug-in's name")
    private String strategy;
    @Option(name = "--music", description = "Hold music prompt for waiting callers ('default': built-in)")
    private String music;
    @Option(name = "--announce", description = "Announce position and expected wait every N seconds (0: off)")
    private Integer announce;
    @Option(name = "--survey", description = "Post-call CSAT survey after the agent hangs up (true/false)")
    private Boolean survey;

    @Override
    protected Object run() {
        Map<String, Integer> required = new LinkedHashMap<>();
        if (skills != null) {
            for (String s : skills) {
                int c = s.lastIndexOf(':');
                if (c <= 0) {
                    throw new IllegalArgumentException("skill '" + s + "' must be name:level");
                }
                required.put(s.substring(0, c), Integer.valueOf(s.substring(c + 1)));
            }
        }
        CallQueue q = TenantContext.within(tenant, () -> acd.saveQueue(new QueueSpec(name, displayName, required, priority, maxWait, overflow,
            serviceLevel, wrapUp, ringTimeout, strategy, music, announce, survey)));
        System.out.println("Queue " + q.name() + " of " + tenant + ": skills " + q.requiredSkills() + ", " + q.strategy() + ", wrap-up "
            + q.wrapUpSeconds() + " s, ring timeout " + q.ringTimeoutSeconds() + " s");
        return null;
    }
}
