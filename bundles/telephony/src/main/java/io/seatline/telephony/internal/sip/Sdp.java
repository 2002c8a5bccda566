package io.seatline.telephony.internal.sip;

import java.nio.charset.StandardCharsets;

/**
 * The little SDP editing a signalling-only B2BUA needs: the body passes through untouched, except when Seatline
 * itself puts a party on hold (direction attribute) or answers with a placeholder (inactive) until a party is
 * connected. The o= version is bumped on every change so the peer sees a new offer (RFC 3264 §8).
 */
public final class Sdp {
    private Sdp() {}

    public static byte[] withDirection(byte[] sdp, String direction) {
        if (sdp == null) {
            return null;
        }
        String s = new String(sdp, StandardCharsets.UTF_8);
        String eol = s.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder out = new StringBuilder();
        boolean inMedia = false;
        boolean added = false;
        for (String line : s.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("a=sendrecv") || line.startsWith("a=sendonly") || line.startsWith("a=recvonly") || line.startsWith("a=inactive")) {
                continue;
            }
            if (line.startsWith("o=")) {
                line = bumpVersion(line);
            }
            if (line.startsWith("m=")) {
                inMedia = true;
            }
            out.append(line).append(eol);
            if (inMedia && line.startsWith("m=")) {
                out.append("a=").append(direction).append(eol);
                added = true;
            }
        }
        if (!added) {
            out.append("a=").append(direction).append(eol);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether an offer puts the sender's peer on hold (sendonly / inactive / c=0.0.0.0). */
    public static boolean isHold(byte[] sdp) {
        if (sdp == null) {
            return false;
        }
        String s = new String(sdp, StandardCharsets.UTF_8);
        return s.contains("a=sendonly") || s.contains("a=inactive") || s.contains("c=IN IP4 0.0.0.0");
    }

    private static String bumpVersion(String origin) {
        // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        String[] f = origin.split(" ");
        if (f.length >= 6) {
            try {
                f[2] = Long.toString(Long.parseLong(f[2]) + 1);
                return String.join(" ", f);
            } catch (NumberFormatException e) {
                return origin;
            }
        }
        return origin;
    }
}
