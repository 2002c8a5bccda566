package io.seatline.example.routing;

import io.seatline.spi.RoutingStrategy;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * An integrator's routing strategy for tenant {@code acme} only (its {@code tenant.id} service property): of the
 * qualified READY agents, the one whose login sorts first gets the call. A queue of acme uses it by naming
 * {@code alphabetical} as its strategy; for any other tenant the name is unknown and longest-idle applies.
 */
@Component(property = RoutingStrategy.TENANT_ID + "=acme")
public class AlphabeticalRouting implements RoutingStrategy {

    @Override
    public String name() {
        return "alphabetical";
    }

    @Override
    public int choose(Request request, List<Candidate> candidates) {
        int best = 0;
        for (int i = 1; i < candidates.size(); i++) {
            if (candidates.get(i).login().compareTo(candidates.get(best).login()) < 0) {
                best = i;
            }
        }
        return best;
    }
}
