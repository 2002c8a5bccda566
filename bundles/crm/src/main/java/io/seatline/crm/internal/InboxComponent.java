package io.seatline.crm.internal;

import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.crm.Push;
import io.seatline.crm.PushService;
import io.seatline.crm.ScreenPop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each user's push channel (key tenant/user), and the last screen pops per user so a late page can catch up. */
@Component(service = PushService.class)
public class InboxComponent implements PushService {
    private static final Logger LOG = LoggerFactory.getLogger(InboxComponent.class);
    private static final int KEPT_POPS = 20;

    private final Map<String, List<Consumer<Push>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, Deque<ScreenPop>> pops = new ConcurrentHashMap<>();

    private static String key(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new io.seatline.core.ValidationException("user_required", "a user is required", "user");
        }
        return TenantContext.requireTenant() + "/" + userId;
    }

    @Override
    public AutoCloseable subscribe(String userId, Consumer<Push> listener) {
        Permissions.require("customers", "read");
        if (!Permissions.isSelf(userId)) {
            Permissions.require("agents", "read"); // a supervisor following an agent's screen pops
        }
        List<Consumer<Push>> l = listeners.computeIfAbsent(key(userId), k -> new CopyOnWriteArrayList<>());
        l.add(listener);
        return () -> l.remove(listener);
    }

    @Override
    public void push(String userId, Push push) {
        String k = key(userId);
        if (push.data() instanceof ScreenPop pop) {
            Deque<ScreenPop> d = pops.computeIfAbsent(k, x -> new ArrayDeque<>());
            synchronized (d) {
                d.addFirst(pop);
                while (d.size() > KEPT_POPS) {
                    d.removeLast();
                }
            }
        }
        for (Consumer<Push> l : listeners.getOrDefault(k, List.of())) {
            try {
                l.accept(push);
            } catch (RuntimeException e) {
                LOG.debug("push listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public List<ScreenPop> screenPops(String userId) {
        Permissions.require("customers", "read");
        if (!Permissions.isSelf(userId)) {
            Permissions.require("agents", "read"); // a supervisor looking at an agent's screen pops
        }
        Deque<ScreenPop> d = pops.get(key(userId));
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return List.copyOf(d);
        }
    }
}
