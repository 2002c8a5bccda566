package io.seatline.dialer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/seatline.dialer.cfg */
@ObjectClassDefinition(name = "Seatline dialer", description = "Outbound campaigns")
public @interface DialerConfig {
    @AttributeDefinition(description = "Pacing period in milliseconds (every running campaign decides this often)")
    int tick_ms() default 1000;

    @AttributeDefinition(description = "Folder of the list file drop: <drop.dir>/<tenant>/<campaign>/<list>.csv (empty: <karaf.data>/seatline/dialer-drop)")
    String drop_dir() default "";

    @AttributeDefinition(description = "How often the drop folder is scanned, in milliseconds")
    int drop_poll_ms() default 2000;

    @AttributeDefinition(description = "Most calls one campaign may have ringing per logged-in agent")
    int max_ringing_per_agent() default 5;
}
