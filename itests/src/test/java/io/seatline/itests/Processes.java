package io.seatline.itests;

import java.util.concurrent.TimeUnit;

/** Stopping the peer processes the suites start (SIPp, softphones, Kamailio, GreenMail, tcpdump). */
final class Processes {
    private Processes() {
    }

    /** SIGTERM, {@code graceSeconds} to exit, then SIGKILL (and a few seconds more). */
    static void stop(Process process, long graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(graceSeconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
