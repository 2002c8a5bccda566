package io.seatline.integration.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import io.seatline.spi.SeatlineEventListener;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard of {@link SeatlineEventListener} plug-ins. They come and go with their bundles (e.g. dropped into
 * deploy/); each is scoped by its {@code tenant.id} service property. Plug-ins run on their own thread with a
 * bounded queue, and one that throws is counted and logged, never propagated: a broken plug-in cannot take the
 * platform down or slow event delivery.
 */
@Component(service = {PluginService.class, PluginRegistry.class}, immediate = true)
public class PluginRegistry implements PluginService {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    private record Registered(SeatlineEventListener listener, String tenantId, String bundle, String version,
                              AtomicLong delivered, AtomicLong failures) {
    }

    private final Map<ServiceReference<?>, Registered> plugins = new ConcurrentHashMap<>();
    private ExecutorService executor;

    @Activate
    void activate() {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10_000),
            r -> new Thread(r, "seatline-plugins"), (r, e) -> LOG.warn("Plug-in queue full; an event was not delivered to plug-ins"));
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(SeatlineEventListener listener, ServiceReference<SeatlineEventListener> ref) {
        Object tenant = ref.getProperty(SeatlineEventListener.TENANT_ID);
        Bundle b = ref.getBundle();
        plugins.put(ref, new Registered(listener, tenant == null ? null : tenant.toString(), b == null ? "?" : b.getSymbolicName(),
            b == null ? "?" : b.getVersion().toString(), new AtomicLong(), new AtomicLong()));
        LOG.info("Plug-in {} registered (tenant {})", safeName(listener), tenant == null ? "all" : tenant);
    }

    void unbindListener(SeatlineEventListener listener, ServiceReference<SeatlineEventListener> ref) {
        Registered r = plugins.remove(ref);
        if (r != null) {
            LOG.info("Plug-in {} removed", safeName(listener));
        }
    }

    void dispatch(String topic, Map<String, Object> props) {
        Object tenant = props.get(SeatlineEvents.TENANT_ID);
        for (Registered r : plugins.values()) {
            if (r.tenantId() == null || Objects.equals(r.tenantId(), tenant)) {
                executor.execute(() -> {
                    try {
                        r.listener().onEvent(topic, Map.copyOf(props));
                        r.delivered().incrementAndGet();
                    } catch (Throwable t) {
                        r.failures().incrementAndGet();
                        LOG.warn("Plug-in {} failed on {}: {}", safeName(r.listener()), topic, t.toString());
                    }
                });
            }
        }
    }

    @Override
    public List<PluginInfo> list() {
        CallContext ctx = TenantContext.current();
        String tenant = ctx.tenantId();
        if (tenant == null && !ctx.operator()) {
            throw new io.seatline.core.NoTenantContextException("No tenant in context");
        }
        Permissions.require("plugins", "read");
        return plugins.values().stream()
            .filter(r -> tenant == null || r.tenantId() == null || r.tenantId().equals(tenant))
            .map(r -> new PluginInfo(safeName(r.listener()), r.tenantId(), r.bundle(), r.version(), r.delivered().get(), r.failures().get()))
            .sorted(Comparator.comparing(PluginInfo::name))
            .toList();
    }

    private static String safeName(SeatlineEventListener l) {
        try {
            return l.name();
        } catch (RuntimeException e) {
            return l.getClass().getName();
        }
    }
}
