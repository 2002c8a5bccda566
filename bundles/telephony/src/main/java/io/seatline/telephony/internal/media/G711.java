package io.seatline.telephony.internal.media;

/** ITU-T G.711 μ-law (payload type 0) and A-law (8) to and from 16-bit linear PCM, by table. */
public final class G711 {
    public static final int PCMU = 0;
    public static final int PCMA = 8;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65536];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawDecode((byte) i);
            ALAW_TO_LINEAR[i] = alawDecode((byte) i);
        }
        for (int s = -32768; s <= 32767; s++) {
            LINEAR_TO_ULAW[s & 0xFFFF] = ulawEncode(s);
            LINEAR_TO_ALAW[s & 0xFFFF] = alawEncode(s);
        }
    }

    private G711() {}

    public static short decode(int pt, byte b) {
        return pt == PCMA ? ALAW_TO_LINEAR[b & 0xFF] : ULAW_TO_LINEAR[b & 0xFF];
    }

    public static byte encode(int pt, int sample) {
        int s = sample > 32767 ? 32767 : Math.max(sample, -32768);
        return pt == PCMA ? LINEAR_TO_ALAW[s & 0xFFFF] : LINEAR_TO_ULAW[s & 0xFFFF];
    }

    public static boolean supported(int pt) {
        return pt == PCMU || pt == PCMA;
    }

    private static short ulawDecode(byte b) {
        int u = ~b & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    private static byte ulawEncode(int pcm) {
        final int bias = 0x84;
        final int clip = 32635;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > clip) {
            pcm = clip;
        }
        pcm += bias;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static short alawDecode(byte b) {
        int a = (b & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    private static byte alawEncode(int pcm) {
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        if (pcm > 32767) {
            pcm = 32767;
        }
        int seg = 0;
        int[] ends = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};
        while (seg < 8 && pcm > ends[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 4) & 0x0F : (pcm >> (seg + 3)) & 0x0F;
        return (byte) (aval ^ mask);
    }
}
