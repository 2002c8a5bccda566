package io.seatline.telephony.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/seatline.telephony.cfg}. Keys are public API. */
@ObjectClassDefinition(name = "Seatline telephony", description = "SIP listener, registrar and ACD settings")
public @interface TelephonyConfig {
    @AttributeDefinition(description = "Address the SIP stack listens on")
    String sip_address() default "0.0.0.0";

    @AttributeDefinition(description = "SIP port (UDP and TCP)")
    int sip_port() default 5060;

    @AttributeDefinition(description = "Transports, comma-separated: udp, tcp")
    String sip_transports() default "udp,tcp";

    @AttributeDefinition(description = "Host written into Via and Contact; empty: the listen address, or 127.0.0.1 for 0.0.0.0")
    String sip_advertised_host() default "";

    @AttributeDefinition(description = "When a key that binds sockets or sizes pools changes while running: refuse new calls, let the "
        + "calls in progress end, then restart the SIP listener and media relay with the new values (false: keep the running values "
        + "until the next start)")
    boolean restart_after_drain() default true;

    @AttributeDefinition(description = "Longest wait, in seconds, for the calls in progress to end before such a restart; the calls "
        + "still up then are ended (0: wait for every call)")
    int restart_drain_max_seconds() default 0;

    @AttributeDefinition(description = "Digest realm agents' phones authenticate in")
    String sip_realm() default "seatline";

    @AttributeDefinition(description = "JAIN-SIP message processing threads")
    int sip_threads() default 8;

    @AttributeDefinition(description = "Workers that run the tenants' ACD/call work")
    int worker_threads() default 4;

    @AttributeDefinition(description = "UDP socket buffer (bytes)")
    int udp_buffer_bytes() default 2097152;

    @AttributeDefinition(description = "Largest SIP message accepted (bytes)")
    int max_message_bytes() default 16384;

    @AttributeDefinition(description = "Messages queued longer than this in the stack are dropped (ms)")
    int congestion_drop_ms() default 1000;

    @AttributeDefinition(description = "Server transaction table size")
    int max_server_transactions() default 20000;

    @AttributeDefinition(description = "Overload control: calls in setup above which new INVITEs get 503")
    int overload_max_setup_calls() default 2000;

    @AttributeDefinition(description = "Overload control: queued work items above which new INVITEs get 503")
    int overload_max_backlog() default 500;

    @AttributeDefinition(description = "Overload control: queueing delay of call work (ms) above which new INVITEs get 503")
    int overload_max_delay_ms() default 100;

    @AttributeDefinition(description = "How long a number or an agent rings when neither the request nor a queue says (click-to-call, added parties, consultations), seconds (5-120)")
    int ring_timeout_seconds() default 30;

    @AttributeDefinition(description = "Registration expiry bounds (seconds)")
    int register_min_expires() default 60;

    int register_max_expires() default 3600;

    @AttributeDefinition(description = "Failed digest attempts from one address before it is refused")
    int auth_max_failures() default 5;

    @AttributeDefinition(description = "How long an address with too many failures is refused (seconds)")
    int auth_block_seconds() default 300;

    @AttributeDefinition(description = "Anchor media: relay every call's RTP through Seatline (recording, IVR, supervisor features)")
    boolean media_enabled() default true;

    @AttributeDefinition(description = "Address the RTP relay binds; empty: the SIP address")
    String media_address() default "";

    @AttributeDefinition(description = "Address written into SDP; empty: the SIP advertised host")
    String media_advertised_host() default "";

    @AttributeDefinition(description = "First UDP port of the media range (even)")
    int media_port_min() default 20000;

    @AttributeDefinition(description = "Last UDP port of the media range")
    int media_port_max() default 29999;

    @AttributeDefinition(description = "RTP relay selector threads")
    int media_threads() default 2;

    @AttributeDefinition(description = "DTMF keys accepted per second per party; more is a flood and is ignored")
    int media_max_dtmf_per_second() default 10;

    @AttributeDefinition(description = "A call none of whose parties has sent RTP for this many seconds is ended (cause rtp_timeout): a phone or carrier that vanished without BYE; 0: never")
    int media_rtp_timeout_seconds() default 60;

    @AttributeDefinition(description = "Where recordings and voicemails are stored; empty: ${karaf.data}/seatline/recordings")
    String recordings_dir() default "";

    @AttributeDefinition(description = "Where uploaded prompts are stored; empty: ${karaf.data}/seatline/prompts")
    String prompts_dir() default "";

    @AttributeDefinition(description = "Tenant folders (tenants/<id>/ivr/*.json, tenants/<id>/prompts/*.wav), relative to the Seatline home; empty: tenants")
    String tenants_dir() default "";
}
