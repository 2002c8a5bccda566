package io.seatline.dialer;

/**
 * How many calls a campaign launches now. Called once a second per running campaign with the campaign's state;
 * returns how many new calls to dial (0 or more). An integrator may register its own strategy as an OSGi service
 * with the property {@code seatline.tenant.id} to pace that tenant's PREDICTIVE campaigns.
 *
 * <p>A strategy instance belongs to one campaign (it may keep state between calls): {@link Factory} makes them.
 */
public interface PacingStrategy {
    /** Service property: the tenant a plugged-in strategy is for. */
    String TENANT_ID = "seatline.tenant.id";

    int callsToLaunch(PacingState state);

    /** Makes one strategy per campaign. */
    interface Factory {
        String name();

        PacingStrategy create();
    }
}
