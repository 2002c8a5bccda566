package io.seatline.rest.spi;

import io.seatline.telephony.MediaFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.util.Map;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

/** A recording or prompt file sent to a browser's audio player, which asks for it in byte ranges. */
public final class Ranged {
    private Ranged() {}

    /**
     * Whether a request opens the file (no Range, or one from its first byte) rather than seeking within it: what an
     * audit trail of listening counts, once per play.
     */
    public static boolean opening(String range) {
        return range == null || range.isBlank() || range.replace(" ", "").startsWith("bytes=0-");
    }

    /**
     * The file as {@code audio/wav}: whole (200), or the part a {@code Range: bytes=a-b} asks for (206, which players seek
     * with); a range outside the file is 416 with a JSON error.
     */
    public static Response file(MediaFile f, String range) {
        long size = f.size();
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String spec = range.substring(6).trim();
            int dash = spec.indexOf('-');
            try {
                if (dash == 0) {
                    long n = Long.parseLong(spec.substring(1));
                    start = Math.max(0, size - n);
                } else if (dash > 0) {
                    start = Long.parseLong(spec.substring(0, dash));
                    if (dash < spec.length() - 1) {
                        end = Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
                    }
                }
                partial = true;
            } catch (NumberFormatException e) {
                partial = false;
            }
            if (partial && (start >= size || start > end)) {
                return Response.status(416).header("Content-Range", "bytes */" + size).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("code", "range_not_satisfiable", "message", "the file has " + size + " bytes", "field", "Range")).build();
            }
        }
        long from = start;
        long len = end - start + 1;
        StreamingOutput body = out -> copy(f, from, len, out);
        Response.ResponseBuilder b = Response.status(partial ? 206 : 200).entity(body).type("audio/wav")
            .header("Accept-Ranges", "bytes").header("Content-Length", len)
            .header("Content-Disposition", "attachment; filename=\"" + f.fileName() + "\"");
        if (partial) {
            b.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        return b.build();
    }

    private static void copy(MediaFile f, long from, long len, OutputStream out) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.path().toFile(), "r")) {
            raf.seek(from);
            byte[] buf = new byte[65536];
            long left = len;
            while (left > 0) {
                int n = raf.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }
}
