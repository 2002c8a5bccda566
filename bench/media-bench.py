#!/usr/bin/env python3
"""Media benchmark (issue 4): concurrent calls whose RTP Seatline relays, with recording off and on.

SIPp customers call a queue and stream A-law audio (a generated 20 ms-packet pcap); SIPp agents (one UAS, all
agents' static contact) echo every RTP packet back (-rtp_echo), so each call carries media both ways through the
relay: 4 x 50 packets/s relayed per call. For each level N (BENCH_LEVELS), N calls are set up, then held for a 60 s
window in which the relay's packet counters and the JVM's CPU time are measured. A level holds when no call failed
and the relay forwarded at least 99.9 % of the packets that reached its sockets in the window (< 0.1 % loss; a
packet the kernel dropped on a Seatline socket counts as lost). The end-to-end loss (packets the callers and the
echoes should have sent, against what the relay forwarded) and the machine's other UDP drops are printed beside it:
on this 2-core machine SIPp, the load generator, competes with Seatline for the CPU.

Usage: bench/media-bench.py   (build first: mvn -B install -DskipTests; needs sipp: apt-get install -y sip-tester)
Environment: BENCH_LEVELS=150,300,... (concurrent calls), BENCH_WINDOW=60 (seconds measured per level)
"""
import importlib.util
import os
import struct
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("sipbench", os.path.join(HERE, "sip-bench.py"))
sb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sb)

LEVELS = [int(x) for x in os.environ.get("BENCH_LEVELS", "150,300,450,600,750").split(",")]
WINDOW = int(os.environ.get("BENCH_WINDOW", "60"))
SETUP_CPS = 50
PPS = 50  # 20 ms packets
# Seatline's media ports: below the kernel's ephemeral range (32768-), where SIPp's ports come from, so the kernel's
# per-socket drop counters of the two never mix
MEDIA_LO, MEDIA_HI = 20000, 31999


def write_pcap(path, seconds):
    """An A-law 440 Hz tone as RTP (PT 8, 20 ms) in a pcap that SIPp's play_pcap_audio replays."""
    import math
    alaw = []
    for i in range(8000):
        s = int(6000 * math.sin(2 * math.pi * 440 * i / 8000))
        # A-law encode (G.711)
        mask = 0xD5 if s >= 0 else 0x55
        v = s if s >= 0 else -s - 1
        seg = 0
        for end in (0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF):
            if v <= end:
                break
            seg += 1
        a = (seg << 4) | ((v >> 4) & 0x0F if seg < 2 else (v >> (seg + 3)) & 0x0F)
        alaw.append((a ^ mask) & 0xFF)
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n in range(seconds * PPS):
            payload = bytes(alaw[(n * 160) % 8000:(n * 160) % 8000 + 160])
            rtp = struct.pack("!BBHII", 0x80, 8, n & 0xFFFF, n * 160, 0x5EA71E) + payload
            udp = struct.pack("!HHHH", 10000, 20000, 8 + len(rtp), 0) + rtp
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
            eth = b"\x00" * 12 + b"\x08\x00" + ip
            t = n * 0.02
            f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(eth), len(eth)))
            f.write(eth)


def socket_drops(lo, hi):
    """Datagrams the kernel dropped on the UDP sockets bound to ports lo..hi (/proc/net/udp, last column), so a
    drop can be told apart: Seatline's media sockets, or SIPp's."""
    total = 0
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    port = int(cols[1].rsplit(":", 1)[1], 16)
                    if lo <= port <= hi:
                        total += int(cols[-1])
        except FileNotFoundError:
            pass
    return total


def udp_rcvbuf_errors():
    with open("/proc/net/snmp") as f:
        rows = [l.split() for l in f if l.startswith("Udp:")]
    head, vals = rows[0], rows[1]
    return int(vals[head.index("RcvbufErrors")])


def main():
    work = tempfile.mkdtemp(prefix="seatline-media-bench-")
    procs = []
    try:
        http, sip, agent_port, trunk_port = sb.free_port(), sb.free_port(), sb.free_port(), sb.free_port()
        home, api, pids = sb.boot(work, procs, http, sip, f"media.port.min={MEDIA_LO},media.port.max={MEDIA_HI}")
        sb.provision(api, max(LEVELS), agent_port, trunk_port)
        procs.append(subprocess.Popen(["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(agent_port), "-mp", str(sb.free_port()),
                                       "-rtp_echo", "-buff_size", sb.BUF, "-nostdin", "-default_behaviors", "all,-abortunexp"],
                                      cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        longest = max(LEVELS) // SETUP_CPS + WINDOW + 20
        pcap = os.path.join(work, "tone.pcap")
        write_pcap(pcap, longest + 10)
        scenario = os.path.join(work, "customer_stream.xml")
        with open(os.path.join(sb.SIPP_DIR, "customer_media.xml"), encoding="utf-8") as f:
            open(scenario, "w", encoding="utf-8").write(f.read().replace("/usr/share/sip-tester/g711a.pcap", pcap))

        print(f"\n{WINDOW} s window per level; calls set up at {SETUP_CPS} cps; media both ways (agents echo)", flush=True)
        results = {}
        by_level = {}
        for mode in ("NONE", "ALL"):
            api.ok("PUT", "/tenants/bench/recording-policy", {"mode": mode, "retentionDays": 1})
            label = "recording on" if mode == "ALL" else "recording off"
            best = best_e2e = None
            for n in LEVELS:
                hold_ms = (n // SETUP_CPS + WINDOW + 10) * 1000
                d = os.path.join(work, f"{mode}-{n}")
                os.makedirs(d)
                stat = os.path.join(d, "stat.csv")
                p = subprocess.Popen(["sipp", f"127.0.0.1:{sip}", "-sf", scenario, "-s", "8009990000", "-d", str(hold_ms),
                                      "-r", str(SETUP_CPS), "-m", str(n), "-l", str(n), "-buff_size", sb.BUF, "-i", "127.0.0.1",
                                      "-p", str(sb.free_port()), "-mp", str(sb.free_port()), "-trace_stat", "-stf", stat, "-fd", "1",
                                      "-timeout", str(hold_ms // 1000 + 60), "-timeout_error", "-recv_timeout", "20000", "-nostdin"],
                                     cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                procs.append(p)
                time.sleep(n / SETUP_CPS + 5)
                s0 = api.ok("GET", "/telephony/status")["media"]
                sipps = [int(x) for x in subprocess.run(["pgrep", "-x", "sipp"], capture_output=True, text=True).stdout.split()]
                c0, k0, t0, g0 = sb.cpu_ticks(pids), udp_rcvbuf_errors(), time.time(), sb.cpu_ticks(sipps)
                d0 = socket_drops(MEDIA_LO, MEDIA_HI)
                time.sleep(WINDOW)
                s1 = api.ok("GET", "/telephony/status")["media"]
                c1, k1, t1, g1 = sb.cpu_ticks(pids), udp_rcvbuf_errors(), time.time(), sb.cpu_ticks(sipps)
                d1 = socket_drops(MEDIA_LO, MEDIA_HI)
                p.wait()
                succ = fail = 0
                if os.path.exists(stat):
                    lines = [l.strip().split(";") for l in open(stat, encoding="latin-1") if l.strip()]
                    head, last = lines[0], lines[-1]
                    succ, fail = int(last[head.index("SuccessfulCall(C)")]), int(last[head.index("FailedCall(C)")])
                secs = t1 - t0
                recorded_fps = (s1.get("framesRecorded", 0) - s0.get("framesRecorded", 0)) / (t1 - t0)
                relayed = s1["packetsOut"] - s0["packetsOut"]
                received = s1["packetsIn"] - s0["packetsIn"]
                expected = n * PPS * 2 * secs
                loss = max(0.0, 1 - relayed / expected)  # end to end: what the callers and echoes should have sent
                dropped = d1 - d0  # reached Seatline's sockets but the kernel dropped them (the relay read too slowly)
                relay_loss = max(0.0, 1 - relayed / max(received + dropped, 1))  # what reached Seatline and was not forwarded
                cpu_ms = (c1 - c0) * 1000.0 / sb.CLK
                row = dict(calls=n, ok=succ, failed=fail, ports=s0["portsOpen"], relayed_pps=relayed / secs, loss=loss,
                           received_pps=received / secs, relay_loss=relay_loss, sipp_cpu_pct=(g1 - g0) * 100.0 / sb.CLK / secs,
                           kernel_drops=k1 - k0, seatline_drops=dropped, cpu_pct=cpu_ms / secs / 10.0, cpu_ms_per_call_s=cpu_ms / secs / n,
                           late_ticks=s1["ticksLate"] - s0["ticksLate"], recordings=s1.get("recordingsOpen", 0),
                           recorded_fps=recorded_fps)
                print(f"  {label:13s} {n:4d} calls: {succ} ok {fail} failed, {row['ports']} ports; offered {expected / secs:.0f} pkt/s, "
                      f"received {row['received_pps']:.0f}, relayed {row['relayed_pps']:.0f}: loss {100 * relay_loss:.3f} % in the relay "
                      f"({dropped} dropped on its sockets), {100 * loss:.3f} % end to end; kernel UDP drops elsewhere "
                      f"{row['kernel_drops'] - dropped} (SIPp's callers do not read their media port); late media ticks {row['late_ticks']}; Seatline CPU {row['cpu_pct']:.0f} % "
                      f"({row['cpu_ms_per_call_s']:.2f} ms per call-second), SIPp CPU {row['sipp_cpu_pct']:.0f} %"
                      + (f"; {row['recordings']} recordings open, {recorded_fps:.0f} frames/s written (of {n * PPS})" if mode == "ALL" else ""),
                      flush=True)
                for _ in range(60):
                    if api.ok("GET", "/telephony/status")["media"]["portsOpen"] == 0:
                        break
                    time.sleep(1)
                # recorded: every call has its recording open and the recordings kept pace (>= 99.9 % of the frames)
                lagging = mode == "ALL" and (row["recordings"] < n or recorded_fps < 0.999 * n * PPS)
                if fail > 0 or succ < n or relay_loss >= 0.001 or lagging:
                    break
                best = row
                if row["loss"] < 0.001:
                    best_e2e = row
                by_level.setdefault(n, {})[mode] = row
            results[label] = (best_e2e, best)
        st = api.ok("GET", "/telephony/status")["media"]
        print(f"\nAfter all levels: {st['portsOpen']} media ports open, {st['packetsForeign']} foreign and {st['packetsMalformed']} malformed packets")
        def describe(r):
            return "none" if r is None else (
                f"{r['calls']} calls (loss {100 * r['relay_loss']:.3f} % in the relay, {100 * r['loss']:.3f} % end to end), "
                f"Seatline CPU {r['cpu_pct']:.0f} %, {r['cpu_ms_per_call_s']:.2f} ms CPU per call-second")
        print("\nHighest concurrent calls held for the window with < 0.1 % loss:")
        for label, (e2e, relay) in results.items():
            print(f"  {label:13s}: {describe(e2e)}   [< 0.1 % in the relay and end to end]")
            print(f"  {'':13s}  {describe(relay)}   [< 0.1 % in the relay; beyond the first line SIPp, on the same 2 cores, "
                  f"cannot offer the load]")
        print("\nSame load, recording on against off (Seatline CPU per call-second):")
        for n, modes in sorted(by_level.items()):
            if "ALL" in modes and "NONE" in modes:
                on, off = modes["ALL"]["cpu_ms_per_call_s"], modes["NONE"]["cpu_ms_per_call_s"]
                print(f"  {n:4d} calls: {on:.2f} ms on, {off:.2f} ms off, ratio {on / off:.2f}x")
        print("Goal: >= 300 relayed, >= 150 recorded")
    finally:
        sb.cleanup(procs, work)


if __name__ == "__main__":
    main()
