package io.seatline.telephony.internal.call;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The SDP/URI helpers of the B2BUA's phone requests (hold directions, Replaces). */
public class PhoneRequestsTest {
    @Test
    public void answersMirrorOfferDirectionsAndReplacesIsPercentDecoded() {
        assertEquals("recvonly", PhoneRequests.complement("sendonly"));
        assertEquals("sendonly", PhoneRequests.complement("recvonly"));
        assertEquals("inactive", PhoneRequests.complement("inactive"));
        assertEquals("sendrecv", PhoneRequests.complement("sendrecv"));
        assertEquals("sendrecv", PhoneRequests.complement(null));
        assertEquals("a+b@host;to-tag=1;from-tag=2", PhoneRequests.percentDecode("a+b%40host%3Bto-tag%3D1%3bfrom-tag%3d2"));
        assertEquals("50%x", PhoneRequests.percentDecode("50%x")); // a bad escape is kept, not an error
    }
}
