package io.seatline.integration.internal;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Route {@code platform-event-export}: every Seatline event as one JSON line, appended to a file per day in the
 * configured directory. Changing the configuration replaces the route (DS re-registers the service).
 */
@Component(service = RoutesBuilder.class, configurationPid = "seatline.events", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = PlatformCamel.CONTEXT_PROPERTY + "=platform")
@Designate(ocd = EventExportRoute.Config.class)
public class EventExportRoute extends RouteBuilder {
    /** Where {@link EventBridge} sends events. */
    static final String INPUT = "direct:seatline-events";

    @ObjectClassDefinition(name = "Seatline event export")
    public @interface Config {
        @AttributeDefinition(description = "Directory the JSON-lines files are written to")
        String directory() default "data/events";

        @AttributeDefinition(description = "Export events at all")
        boolean enabled() default true;

        @AttributeDefinition(description = "Most events appended to the file in one write")
        int batchSize() default 1000;

        @AttributeDefinition(description = "Longest an event waits before it is written (ms)")
        long batchMillis() default 250;
    }

    private Config config;

    @Activate
    void activate(Config config) {
        this.config = config;
    }

    @Override
    public void configure() {
        if (!config.enabled()) {
            from(INPUT).routeId("platform-event-export").log(org.apache.camel.LoggingLevel.DEBUG, "event export disabled");
            return;
        }
        // Lines are gathered and appended in batches (at most 250 ms late): one file append per event does not keep
        // up with telephony, where every call brings about ten events.
        from(INPUT).routeId("platform-event-export")
            .convertBodyTo(String.class, "UTF-8")
            .aggregate(constant(true), AggregationStrategies.string())
            .completionSize(config.batchSize()).completionInterval(config.batchMillis()).forceCompletionOnStop()
            .toD("file:" + config.directory().replace('\\', '/')
                + "?fileName=seatline-events-${date:now:yyyy-MM-dd}.jsonl&fileExist=Append&charset=UTF-8");
    }
}
