package io.seatline.telephony.internal.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Seatline reads from a party's SDP (address, port, the G.711 payload types it offers and its
 * telephone-event payload type, direction), and the SDP Seatline writes for its own media endpoint.
 */
public record SdpInfo(String address, int port, List<Integer> audioPts, int telephoneEventPt, String direction) {

    /** Parses the first audio stream; null when there is none or the body is not SDP. */
    public static SdpInfo parse(byte[] sdp) {
        if (sdp == null || sdp.length == 0) {
            return null;
        }
        String session = null;
        String media = null;
        int port = -1;
        List<String> fmts = new ArrayList<>();
        List<String[]> rtpmaps = new ArrayList<>();
        String direction = "sendrecv";
        boolean inAudio = false;
        boolean seenAudio = false;
        for (String line : new String(sdp, StandardCharsets.UTF_8).split("\r?\n")) {
            line = line.trim();
            if (line.startsWith("m=")) {
                if (seenAudio) {
                    break;
                }
                String[] f = line.substring(2).split(" +");
                inAudio = f.length >= 4 && "audio".equals(f[0]) && f[2].startsWith("RTP/");
                if (inAudio) {
                    seenAudio = true;
                    try {
                        port = Integer.parseInt(f[1]);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    for (int i = 3; i < f.length; i++) {
                        fmts.add(f[i]);
                    }
                }
            } else if (line.startsWith("c=")) {
                String[] f = line.substring(2).split(" +");
                if (f.length >= 3) {
                    String addr = f[2].contains("/") ? f[2].substring(0, f[2].indexOf('/')) : f[2];
                    if (inAudio) {
                        media = addr;
                    } else if (!seenAudio) {
                        session = addr;
                    }
                }
            } else if (line.startsWith("a=rtpmap:") && inAudio) {
                String[] f = line.substring(9).split("[ /]");
                if (f.length >= 2) {
                    rtpmaps.add(f);
                }
            } else if ((line.equals("a=sendonly") || line.equals("a=recvonly") || line.equals("a=inactive") || line.equals("a=sendrecv"))
                && (inAudio || !seenAudio)) {
                direction = line.substring(2);
            }
        }
        if (!seenAudio || port < 0 || port > 65535) {
            return null;
        }
        List<Integer> audio = new ArrayList<>();
        int te = -1;
        for (String fmt : fmts) {
            int pt;
            try {
                pt = Integer.parseInt(fmt);
            } catch (NumberFormatException e) {
                continue;
            }
            String name = null;
            for (String[] m : rtpmaps) {
                if (m[0].equals(fmt)) {
                    name = m[1].toUpperCase(Locale.ROOT);
                }
            }
            if (name == null) {
                if (pt == G711.PCMU || pt == G711.PCMA) {
                    audio.add(pt);
                }
            } else if (name.equals("PCMU") && pt == G711.PCMU || name.equals("PCMA") && pt == G711.PCMA) {
                audio.add(pt);
            } else if (name.equals("TELEPHONE-EVENT") && te < 0) {
                te = pt;
            }
        }
        String addr = media != null ? media : session;
        return new SdpInfo(addr, port, List.copyOf(audio), te, direction);
    }

    /** Seatline's own SDP for one endpoint. */
    static byte[] local(String address, int port, long sessionId, long version, List<Integer> pts, int tePt, String direction) {
        StringBuilder s = new StringBuilder();
        s.append("v=0\r\n");
        s.append("o=seatline ").append(sessionId).append(' ').append(version).append(" IN IP4 ").append(address).append("\r\n");
        s.append("s=seatline\r\n");
        s.append("c=IN IP4 ").append(address).append("\r\n");
        s.append("t=0 0\r\n");
        s.append("m=audio ").append(port).append(" RTP/AVP");
        for (int pt : pts) {
            s.append(' ').append(pt);
        }
        if (tePt >= 0) {
            s.append(' ').append(tePt);
        }
        s.append("\r\n");
        for (int pt : pts) {
            s.append("a=rtpmap:").append(pt).append(pt == G711.PCMA ? " PCMA/8000" : " PCMU/8000").append("\r\n");
        }
        if (tePt >= 0) {
            s.append("a=rtpmap:").append(tePt).append(" telephone-event/8000\r\n");
            s.append("a=fmtp:").append(tePt).append(" 0-16\r\n");
        }
        s.append("a=ptime:20\r\n");
        s.append("a=").append(direction == null ? "sendrecv" : direction).append("\r\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
