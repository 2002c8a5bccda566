package io.seatline.telephony.internal.media;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class MediaCodecTest {
    @Test
    public void g711RoundTripKeepsTheSignalWithinTheQuantisationStep() {
        for (int law : new int[] {G711.PCMU, G711.PCMA}) {
            for (int s = -32000; s <= 32000; s += 97) {
                int back = G711.decode(law, G711.encode(law, s));
                assertTrue(law + ": " + s + " -> " + back, Math.abs(back - s) <= Math.max(16, Math.abs(s) / 16));
            }
        }
    }

    @Test
    public void wavDecodeConvertsAndRejectsWithAReason() {
        short[] tone = new short[16000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        assertEquals(16000, Wav.decode(Wav.encode(tone)).length);
        assertEquals("not a WAV file: no RIFF/WAVE header",
            assertThrows(Wav.BadAudioException.class, () -> Wav.decode("hello, this is not audio".getBytes(StandardCharsets.UTF_8))).getMessage());
        byte[] mp3ish = Wav.encode(tone);
        mp3ish[20] = 85; // format 0x55 (MPEG layer 3)
        assertTrue(assertThrows(Wav.BadAudioException.class, () -> Wav.decode(mp3ish)).getMessage().contains("not supported"));
    }

    @Test
    public void sdpOfferGivesAddressPortG711AndTelephoneEvent() {
        String offer = "v=0\r\no=x 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18 8 0 96\r\n"
            + "a=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\na=sendonly\r\n";
        SdpInfo i = SdpInfo.parse(offer.getBytes(StandardCharsets.US_ASCII));
        assertEquals("10.0.0.2", i.address());
        assertEquals(4000, i.port());
        assertEquals(List.of(8, 0), i.audioPts());
        assertEquals(96, i.telephoneEventPt());
        assertEquals("sendonly", i.direction());
        assertNull(SdpInfo.parse("not sdp".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(SdpInfo.parse("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 5 RTP/AVP 18\r\n".getBytes(StandardCharsets.US_ASCII)).audioPts().isEmpty());
    }
}
