package io.seatline.crm;

import java.util.List;
import java.util.function.Consumer;

/** Each user's push channel: screen pops and notifications as they happen, and the recent ones to catch up. */
public interface PushService {

    /** Listens to what is pushed to {@code userId} of the tenant in context. Close the handle to stop. */
    AutoCloseable subscribe(String userId, Consumer<Push> listener);

    /** Pushes to a user of the tenant in context (delivery is best effort; pops and notifications are also kept). */
    void push(String userId, Push push);

    /** The latest screen pops of {@code userId} (tenant in context), newest first; kept in memory, 20 per user. */
    List<ScreenPop> screenPops(String userId);
}
