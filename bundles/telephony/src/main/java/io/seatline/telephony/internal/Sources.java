package io.seatline.telephony.internal;

import java.util.List;

/** Allowed source addresses of a trunk: {@code 10.0.0.5}, {@code 10.0.0.5:5060} or {@code 10.0.0.0/24} (IPv4). */
final class Sources {
    private Sources() {}

    static boolean valid(String s) {
        if (s == null) {
            return false;
        }
        String x = s.trim();
        int slash = x.indexOf('/');
        int colon = x.indexOf(':');
        try {
            if (slash > 0) {
                int bits = Integer.parseInt(x.substring(slash + 1));
                return bits >= 0 && bits <= 32 && ipv4(x.substring(0, slash)) != -1;
            }
            if (colon > 0) {
                int port = Integer.parseInt(x.substring(colon + 1));
                return port > 0 && port < 65536 && ipv4(x.substring(0, colon)) != -1;
            }
            return ipv4(x) != -1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean allows(List<String> sources, String ip, int port) {
        long addr = ipv4(ip);
        if (addr == -1) {
            return false;
        }
        for (String s : sources) {
            int slash = s.indexOf('/');
            int colon = s.indexOf(':');
            if (slash > 0) {
                int bits = Integer.parseInt(s.substring(slash + 1));
                long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
                if ((ipv4(s.substring(0, slash)) & mask) == (addr & mask)) {
                    return true;
                }
            } else if (colon > 0) {
                if (ipv4(s.substring(0, colon)) == addr && Integer.parseInt(s.substring(colon + 1)) == port) {
                    return true;
                }
            } else if (ipv4(s) == addr) {
                return true;
            }
        }
        return false;
    }

    /** The address as an unsigned 32-bit number, or -1. */
    static long ipv4(String s) {
        String[] p = s.trim().split("\\.");
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int b = Integer.parseInt(part);
            if (b > 255) {
                return -1;
            }
            v = (v << 8) | b;
        }
        return v;
    }
}
