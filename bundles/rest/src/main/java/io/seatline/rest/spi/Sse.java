package io.seatline.rest.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

/**
 * A server-sent-event stream: the {@code first} frames, then every frame the subscription delivers, with a comment
 * line every 15 s so dead clients are noticed. A client too slow to read loses frames (counted in the comment); the
 * node never blocks on it. The subscription is made before the response starts and closed when the client leaves.
 * A stream opened with a browser session is checked again at each keep-alive and ends once the session has (signed
 * out, expired, password changed, user disabled): an open stream counts as use of the session meanwhile.
 */
public final class Sse {
    private static final int MAX_BUFFERED = 10_000;

    /** One event: its name and its JSON data. */
    public record Frame(String event, Object data) {
    }

    /** the exchange key under which authentication leaves a check that the caller's credentials still hold */
    public static final String STILL_VALID = "seatline.stillValid";

    private Sse() {
    }

    private static java.util.function.BooleanSupplier stillValid() {
        org.apache.cxf.message.Message m = org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage();
        Object check = m == null ? null : m.getExchange().get(STILL_VALID);
        return check instanceof java.util.function.BooleanSupplier b ? b : () -> true;
    }

    public static Response stream(ObjectMapper mapper, List<Frame> first, Function<Consumer<Frame>, AutoCloseable> subscribe) {
        BlockingQueue<Frame> frames = new LinkedBlockingQueue<>(MAX_BUFFERED);
        AtomicLong dropped = new AtomicLong();
        java.util.function.BooleanSupplier valid = stillValid();
        AutoCloseable subscription = subscribe.apply(f -> {
            if (!frames.offer(f)) {
                dropped.incrementAndGet();
            }
        });
        StreamingOutput body = out -> {
            try {
                long id = 0;
                for (Frame f : first) {
                    write(mapper, out, f, id++);
                }
                while (true) {
                    Frame f = frames.poll(15, TimeUnit.SECONDS);
                    if (f == null) {
                        if (!valid.getAsBoolean()) {
                            return; // the session ended: so does the stream (the client's reconnect meets a 401)
                        }
                        out.write((": keep-alive dropped=" + dropped.get() + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        continue;
                    }
                    write(mapper, out, f, id++);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // client went away
            } finally {
                try {
                    subscription.close();
                } catch (Exception ignored) {
                    // nothing to do
                }
            }
        };
        return Response.ok(body, "text/event-stream").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no").build();
    }

    private static void write(ObjectMapper mapper, OutputStream out, Frame f, long id) throws IOException {
        String frame = "id: " + id + "\nevent: " + f.event() + "\ndata: " + mapper.writeValueAsString(f.data()) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
