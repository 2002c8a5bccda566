package io.seatline.telephony.internal.sip;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import javax.sip.SipFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.Test;

/** When a registered phone is reached where its REGISTER came from. */
public class SipNatTest {
    private static Request register(String transport, String via, String contact) throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        MessageFactory m = f.createMessageFactory();
        String text = "REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/" + transport + " " + via + ";branch=z9hG4bK1;rport\r\n"
            + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\n"
            + "Contact: <sip:a@" + contact + (transport.equals("TCP") ? ";transport=tcp" : "") + ">\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        return m.createRequest(text);
    }

    private static boolean viaSource(Request r, String ip, int port) {
        return Registrar.viaSource(r, (SipURI) ((ContactHeader) r.getHeader(ContactHeader.NAME)).getAddress().getURI(), ip, port);
    }

    @Test
    public void aPhoneIsReachedWhereItRegisteredFromOnlyBehindNatOrOverTcp() throws Exception {
        // a phone on the open network: its packets come from the address and port it names
        assertFalse(viaSource(register("UDP", "10.0.0.5:5062", "10.0.0.5:5062"), "10.0.0.5", 5062));
        // behind NAT: a private address in its Contact, its packets from the router's public address
        assertTrue(viaSource(register("UDP", "192.168.1.20:5060", "192.168.1.20:5060"), "203.0.113.7", 40123));
        // a NAT that keeps the address but rewrites the port (the Via and the Contact say 5060, the packet came from 40123)
        assertTrue(viaSource(register("UDP", "10.0.0.5:5060", "10.0.0.5:5060"), "10.0.0.5", 40123));
        // a registration made for another device on the same host (Contact port not the Via's): the Contact is right
        assertFalse(viaSource(register("UDP", "127.0.0.1:41000", "127.0.0.1:42000"), "127.0.0.1", 41000));
        // a host name in the Contact is never looked up: reached where it registered from
        assertTrue(viaSource(register("UDP", "phone.example.invalid:5060", "phone.example.invalid:5060"), "198.51.100.9", 5060));
        // TCP: always over the phone's own connection
        assertTrue(viaSource(register("TCP", "10.0.0.5:5062", "10.0.0.5:5062"), "10.0.0.5", 5062));
    }
}
