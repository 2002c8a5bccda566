package io.seatline.telephony.internal.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads WAV files into 8 kHz mono linear samples (what prompts are played from), and writes WAV headers. */
public final class Wav {
    /** A file that is not audio Seatline can use; the message says why. */
    public static final class BadAudioException extends IllegalArgumentException {
        public BadAudioException(String message) {
            super(message);
        }
    }

    private Wav() {}

    /** The 44-byte header of an 8 kHz 16-bit PCM file. */
    public static byte[] header(int channels, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, 36 + dataBytes));
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
            .putInt(8000).putInt(8000 * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        return b.array();
    }

    /** Encodes 8 kHz mono samples as a PCM WAV file. */
    public static byte[] encode(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(1, samples.length * 2L));
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * Decodes a WAV file (PCM 8/16-bit, G.711 A-law or μ-law; mono or stereo; 8 kHz, or PCM at a higher rate
     * that is a multiple-free rate such as 16, 22.05, 44.1 or 48 kHz, resampled) to 8 kHz mono samples.
     */
    public static short[] decode(byte[] file) {
        if (file == null || file.length < 12) {
            throw new BadAudioException("not a WAV file: too short");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (!"RIFF".equals(ascii(file, 0)) || !"WAVE".equals(ascii(file, 8))) {
            throw new BadAudioException("not a WAV file: no RIFF/WAVE header");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int dataOff = -1;
        int dataLen = 0;
        int off = 12;
        while (off + 8 <= file.length) {
            String id = ascii(file, off);
            long len = b.getInt(off + 4) & 0xFFFFFFFFL;
            int body = off + 8;
            if ("fmt ".equals(id)) {
                if (len < 16 || body + 16 > file.length) {
                    throw new BadAudioException("WAV format chunk is truncated");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == 0xFFFE && len >= 40) {
                    format = b.getShort(body + 24) & 0xFFFF; // WAVE_FORMAT_EXTENSIBLE: the sub-format
                }
            } else if ("data".equals(id)) {
                dataOff = body;
                dataLen = (int) Math.min(len, file.length - body);
                break;
            }
            off = body + (int) Math.min(len + (len & 1), Integer.MAX_VALUE - body);
        }
        if (format < 0) {
            throw new BadAudioException("WAV file has no format chunk");
        }
        if (dataOff < 0 || dataLen <= 0) {
            throw new BadAudioException("WAV file has no audio data");
        }
        if (channels < 1 || channels > 2) {
            throw new BadAudioException("WAV file has " + channels + " channels; mono or stereo is supported");
        }
        int frames;
        short[] mono;
        if (format == 6 || format == 7) {
            if (bits != 8 || rate != 8000) {
                throw new BadAudioException("G.711 WAV must be 8-bit at 8000 Hz (it is " + bits + "-bit at " + rate + " Hz)");
            }
            int law = format == 6 ? G711.PCMA : G711.PCMU;
            frames = dataLen / channels;
            mono = new short[frames];
            for (int i = 0; i < frames; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += G711.decode(law, file[dataOff + i * channels + c]);
                }
                mono[i] = (short) (sum / channels);
            }
            return mono;
        }
        if (format != 1) {
            throw new BadAudioException("WAV encoding " + format + " is not supported; use PCM, A-law or μ-law");
        }
        if (bits != 16 && bits != 8) {
            throw new BadAudioException("PCM WAV must be 8- or 16-bit (it is " + bits + "-bit)");
        }
        if (rate < 8000 || rate > 48000) {
            throw new BadAudioException("sample rate " + rate + " Hz is not supported; use 8000 to 48000 Hz");
        }
        int bytesPer = bits / 8;
        frames = dataLen / (bytesPer * channels);
        short[] in = new short[frames];
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = dataOff + (i * channels + c) * bytesPer;
                sum += bits == 16 ? b.getShort(p) : ((file[p] & 0xFF) - 128) << 8;
            }
            in[i] = (short) (sum / channels);
        }
        if (rate == 8000) {
            return in;
        }
        // resample: average the input samples that fall in each output sample's period (a box low-pass)
        int outLen = (int) ((long) frames * 8000 / rate);
        mono = new short[outLen];
        double step = rate / 8000.0;
        for (int i = 0; i < outLen; i++) {
            int from = (int) (i * step);
            int to = Math.max(from + 1, Math.min(frames, (int) ((i + 1) * step)));
            long sum = 0;
            for (int j = from; j < to; j++) {
                sum += in[j];
            }
            mono[i] = (short) (sum / (to - from));
        }
        return mono;
    }

    private static String ascii(byte[] b, int off) {
        return off + 4 <= b.length ? new String(b, off, 4, java.nio.charset.StandardCharsets.US_ASCII) : "";
    }
}
