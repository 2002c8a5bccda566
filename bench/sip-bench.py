#!/usr/bin/env python3
"""SIP benchmark (issue 3): SIPp -> Seatline -> SIPp agents, against SIPp -> Kamailio (stateful tm/t_relay,
record-routed) -> SIPp and SIPp -> SIPp direct, in the same run, with 2 MB socket buffers on all sides.

For each system it ramps the call rate (10 s per step) and reports the highest sustained rate, the INVITE->200 OK
response time (p50/p99) at that rate and the CPU milliseconds per call of the system under test. A step is sustained
when no call failed AND the p99 INVITE->200 OK stayed under 100 ms: past that the system is queueing (answers
seconds late still count as successful calls for SIPp), and a longer step would fail calls. The same rule applies
to Seatline, Kamailio and SIPp-direct.
Then the overload test: twice Seatline's highest rate for 30 s (Seatline must shed with 503, not collapse),
followed by its highest rate for 20 s to see how fast it is back to zero failures.

Usage: bench/sip-bench.py [--quick]    (build first: mvn -B install -DskipTests; needs sipp and kamailio:
        apt-get install -y sip-tester kamailio)
Environment: BENCH_RATES=100,200,... (ramp steps), BENCH_SUSTAINED=N (skip the ramps, overload test around N cps),
        BENCH_ONLY=seatline (ramp Seatline only), BENCH_JFR=file (JFR recording of Seatline's ramp),
        BENCH_HOLD=seconds (steady load at the first rate, for profiling by hand; with BENCH_JFR recorded),
        BENCH_WARMUP=cps (the warm-up's rate, 300 by default),
        BENCH_CFG=key=value,... (etc/seatline.telephony.cfg settings to try)
"""
import base64
import glob
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIPP_DIR = os.path.join(ROOT, "itests", "src", "test", "resources", "sipp")
BUF = "2097152"
QUICK = "--quick" in sys.argv
STEP_SECONDS = 6 if QUICK else 10
AGENTS = 300
RATES = [int(r) for r in os.environ.get("BENCH_RATES", "100,200,300,400,500,600,700,800,900,1000,1200,1400,1700,2000,2500,3000,3500,4000").split(",")]
CLK = os.sysconf("SC_CLK_TCK")


def free_port():
    for _ in range(100):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        p = s.getsockname()[1]
        s.close()
        t = socket.socket()
        try:
            t.bind(("127.0.0.1", p))
            return p
        except OSError:
            continue
        finally:
            t.close()
    raise RuntimeError("no free port")


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (FileNotFoundError, IndexError, ValueError):
            pass
    return total


class Api:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}/api/v1"
        self.auth = "Basic " + base64.b64encode(b"operator:operator-secret-1").decode()

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": self.auth, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def ok(self, method, path, body=None):
        status, out = self.call(method, path, body)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {out}")
        return out


def run_sipp(workdir, target, scenario_args, rate, calls, extra=(), abort_on_unexpected=False):
    """Runs a SIPp UAC to completion; returns (successful, failed, rtd_ms list, per-second failures).
    abort_on_unexpected: a 503 (or any unexpected answer) ends the call as failed, as for a real caller; otherwise
    SIPp ignores it and retransmits, which suits the ramps (nothing unexpected is sent below overload)."""
    os.makedirs(workdir, exist_ok=True)
    stat = os.path.join(workdir, "stat.csv")
    cmd = ["sipp", target, *scenario_args, "-r", str(rate), "-m", str(calls), "-l", "20000",
           "-buff_size", BUF, "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(free_port()),
           "-trace_stat", "-stf", stat, "-fd", "1", "-trace_rtt", "-rtt_freq", "1",
           "-timeout", str(int(calls / rate) + 40), "-timeout_error", "-recv_timeout", "8000",
           *([] if abort_on_unexpected else ["-default_behaviors", "all,-abortunexp"]), "-nostdin", *extra]
    subprocess.run(cmd, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    succ = fail = 0
    per_second = []
    if os.path.exists(stat):
        with open(stat, encoding="latin-1") as f:
            lines = [l.strip().split(";") for l in f if l.strip()]
        head = lines[0]
        for row in lines[1:]:
            try:
                per_second.append(int(row[head.index("FailedCall(P)")]))
            except (ValueError, IndexError):
                pass
        last = lines[-1]
        succ = int(last[head.index("SuccessfulCall(C)")])
        fail = int(last[head.index("FailedCall(C)")])
    rtd = []
    for path in glob.glob(os.path.join(workdir, "*_rtt.csv")):
        with open(path, encoding="latin-1") as f:
            next(f, None)
            for line in f:
                parts = line.strip().split(";")
                if len(parts) >= 2:
                    try:
                        rtd.append(float(parts[1]))
                    except ValueError:
                        pass
        os.remove(path)
    return succ, fail, rtd, per_second


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


P99_BOUND_MS = 100.0


def row_p99_ok(rtd):
    return bool(rtd) and pct(rtd, 99) < P99_BOUND_MS


def ramp(name, workdir, target, service, pids_fn, settle=None):
    best = None
    for rate in RATES:
        calls = rate * STEP_SECONDS
        if settle:
            settle()
        pids = pids_fn()
        c0 = cpu_ticks(pids)
        succ, fail, rtd, _ = run_sipp(os.path.join(workdir, f"{name}-{rate}"), target,
                                      ["-sf", os.path.join(SIPP_DIR, "customer.xml"), "-s", service, "-d", "0"], rate, calls)
        cpu_ms = (cpu_ticks(pids) - c0) * 1000.0 / CLK
        row = dict(rate=rate, successful=succ, failed=fail, p50=pct(rtd, 50), p99=pct(rtd, 99),
                   cpu_ms_per_call=cpu_ms / max(succ, 1) if pids else float("nan"))
        ok = fail == 0 and succ == calls and row_p99_ok(rtd)
        print(f"  {name:9s} {rate:5d} cps: {succ:6d} ok {fail:5d} failed  INVITE->200 p50 {row['p50']:.1f} ms "
              f"p99 {row['p99']:.1f} ms  CPU {row['cpu_ms_per_call']:.2f} ms/call", flush=True)
        if not ok:
            break
        best = row
    return best


def cleanup(procs, work):
    """Kills the processes a run started (Seatline, SIPp) and removes its work folder."""
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    subprocess.run(["pkill", "-f", work], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)


def boot(work, procs, http, sip, cfg=""):
    """Unpacks the assembled distribution into {work}, sets its ports (and the telephony settings in {cfg},
    "key=value,..."), starts it and waits for the REST API. Returns (home, api, pids of its JVM)."""
    tgz = glob.glob(os.path.join(ROOT, "assembly", "target", "seatline-assembly-*.tar.gz"))[0]
    with tarfile.open(tgz) as t:
        t.extractall(work)
    home = glob.glob(os.path.join(work, "seatline-assembly-*"))[0]

    def edit(file, key, value):
        path = os.path.join(home, "etc", file)
        lines = open(path, encoding="utf-8").read().splitlines()
        lines = [l for l in lines if not l.replace(" ", "").startswith(key + "=")] + [f"{key}={value}"]
        open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")

    edit("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", http)
    edit("org.apache.karaf.shell.cfg", "sshPort", free_port())
    edit("org.apache.karaf.management.cfg", "rmiRegistryPort", free_port())
    edit("org.apache.karaf.management.cfg", "rmiServerPort", free_port())
    edit("seatline.telephony.cfg", "sip.port", sip)
    edit("seatline.telephony.cfg", "sip.address", "127.0.0.1")
    # bench only: cheap password hashing so that hundreds of agent users are created in seconds
    edit("seatline.security.cfg", "passwordIterations", "1000")
    for kv in filter(None, cfg.split(",")):  # e.g. sip.threads=4 (telephony settings to try)
        k, v = kv.split("=", 1)
        edit("seatline.telephony.cfg", k.strip(), v.strip())
    env = dict(os.environ, JAVA_MAX_MEM="1024M", JAVA_MIN_MEM="1024M")
    karaf = subprocess.Popen([os.path.join(home, "bin", "karaf"), "server"], cwd=home, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    procs.append(karaf)
    api = Api(http)
    for _ in range(240):
        try:
            # the tenancy and telephony resources register separately: both must answer
            if api.call("GET", "/tenants")[0] == 200 and api.call("GET", "/telephony/status")[0] == 200:
                break
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(1)
    else:
        raise RuntimeError("Seatline did not start")
    java_pid = subprocess.run(["pgrep", "-f", f"karaf.base={home}"], capture_output=True, text=True).stdout.split()
    return home, api, [int(p) for p in java_pid]


def provision(api, agents, agent_port, trunk_port):
    """Tenant "bench" with queue q behind DID 8009990000 and {agents} READY agents whose phones are one SIPp UAS."""
    print(f"Provisioning {agents} agents (static contacts to one SIPp UAS) ...", flush=True)
    api.ok("POST", "/trunks", {"name": "bench", "host": "127.0.0.1", "port": trunk_port, "allowedSources": ["127.0.0.1"]})
    api.ok("POST", "/tenants", {"id": "bench", "displayName": "Bench 压测", "timezone": "Asia/Shanghai", "locale": "zh-CN",
                                "dedicatedSeats": agents, "sharedSeats": 0})
    api.ok("PUT", "/tenants/bench/queues/q", {"wrapUpSeconds": 0, "ringTimeoutSeconds": 10, "maxWaitSeconds": 30})
    api.ok("PUT", "/dids/8009990000", {"tenantId": "bench", "queue": "q"})
    for i in range(agents):
        u = api.ok("POST", "/tenants/bench/users", {"username": f"a{i}", "roles": ["agent"], "password": "Secret-123"})
        api.ok("PUT", f"/tenants/bench/agents/{u['id']}/profile",
               {"sipUser": f"bench.a{i}", "sipPassword": "Bench-pass-1", "staticContact": f"sip:a{i}@127.0.0.1:{agent_port}"})
        api.ok("POST", f"/tenants/bench/agents/{u['id']}/login", {})
        api.ok("PUT", f"/tenants/bench/agents/{u['id']}/state", {"state": "READY"})


def main():
    work = tempfile.mkdtemp(prefix="seatline-sip-bench-")
    procs = []
    try:
        http, sip = free_port(), free_port()
        uas_seatline, uas_kam, uas_direct, kam = free_port(), free_port(), free_port(), free_port()
        home, api, java_pids = boot(work, procs, http, sip, os.environ.get("BENCH_CFG", ""))
        provision(api, AGENTS, uas_seatline, uas_direct)

        def uas(port):
            p = subprocess.Popen(["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(port), "-mp", str(free_port()),
                                  "-buff_size", BUF, "-nostdin", "-default_behaviors", "all,-abortunexp"],
                                 cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            procs.append(p)
        uas(uas_seatline)
        uas(uas_kam)
        uas(uas_direct)

        cfg = os.path.join(work, "kamailio.cfg")
        with open(cfg, "w") as f:
            f.write(f"""#!KAMAILIO
debug=0
log_stderror=no
log_facility=LOG_LOCAL0
children=4
listen=udp:127.0.0.1:{kam}
maxbuffer={BUF}
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    if (has_totag()) {{
        # in-dialog: follow Route if the UAC sent it, else (SIPp's scenario sends none) relay to the callee
        if (loose_route()) {{ t_relay(); exit; }}
        $du = "sip:127.0.0.1:{uas_kam}";
        t_relay();
        exit;
    }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
    t_check_trans();
    if (is_method("INVITE")) {{ record_route(); }}
    $du = "sip:127.0.0.1:{uas_kam}";
    if (!t_relay()) {{ sl_reply_error(); }}
    exit;
}}
""")
        kproc = subprocess.Popen(["kamailio", "-f", cfg, "-DD", "-m", "256", "-M", "16", "-P", os.path.join(work, "kam.pid")],
                                 cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs.append(kproc)
        time.sleep(2)

        def kam_pids():
            out = subprocess.run(["pgrep", "-f", cfg], capture_output=True, text=True).stdout.split()
            return [int(p) for p in out]

        def settle():
            for _ in range(50):
                st = api.ok("GET", "/telephony/status")
                if st["callsInSetup"] == 0 and st["backlog"] == 0 and st["writerPending"] == 0:
                    break
                time.sleep(0.2)
            time.sleep(1)

        print(f"\nRamp: {STEP_SECONDS} s per step, -d 0 (answer then hang up), 2 MB buffers", flush=True)
        res = {}
        sustained = os.environ.get("BENCH_SUSTAINED")
        # warm-up before anything is measured: the JIT keeps compiling for a minute or two of load (Karaf, CXF, Hibernate,
        # JAIN-SIP are a lot of code); measured before that, Seatline pays for its compiler threads, not for its calls
        warm = int(os.environ.get("BENCH_WARMUP", "300"))
        print(f"Warm-up: {warm} cps for " + ("30" if QUICK else "90") + " s", flush=True)
        run_sipp(os.path.join(work, "warmup"), f"127.0.0.1:{sip}",
                 ["-sf", os.path.join(SIPP_DIR, "customer.xml"), "-s", "8009990000", "-d", "0"], warm, warm * (30 if QUICK else 90))
        settle()
        if os.environ.get("BENCH_HOLD"):
            # investigation mode: a steady load for BENCH_HOLD seconds at the first rate, nothing measured
            print(f"holding {RATES[0]} cps for {os.environ['BENCH_HOLD']} s; Karaf pid {java_pids}", flush=True)
            if os.environ.get("BENCH_JFR"):
                subprocess.run(["jcmd", str(java_pids[0]), "JFR.start", "name=hold", "settings=profile",
                                f"filename={os.environ['BENCH_JFR']}"], stdout=subprocess.DEVNULL)
            cpu0 = cpu_ticks(java_pids)
            succ, fail, rtd, _ = run_sipp(os.path.join(work, "hold"), f"127.0.0.1:{sip}", ["-sf", os.path.join(SIPP_DIR, "customer.xml"),
                                          "-s", "8009990000", "-d", "0"], RATES[0], RATES[0] * int(os.environ["BENCH_HOLD"]))
            cpu = (cpu_ticks(java_pids) - cpu0) * 1000.0 / CLK
            if os.environ.get("BENCH_JFR"):
                subprocess.run(["jcmd", str(java_pids[0]), "JFR.stop", "name=hold"], stdout=subprocess.DEVNULL)
            print(f"  held: {succ} ok, {fail} failed, p50 {pct(rtd, 50):.1f} ms p99 {pct(rtd, 99):.1f} ms, "
                  f"CPU {cpu / max(1, succ):.2f} ms/call; status after: {api.ok('GET', '/telephony/status')}", flush=True)
            return
        jfr = os.environ.get("BENCH_JFR")
        if jfr:
            subprocess.run(["jcmd", str(java_pids[0]), "JFR.start", "name=bench", "settings=profile", f"filename={jfr}"],
                           stdout=subprocess.DEVNULL)
        res["seatline"] = ramp("seatline", work, f"127.0.0.1:{sip}", "8009990000", lambda: java_pids, settle) if not sustained \
            else {"rate": int(sustained), "p50": float("nan"), "p99": float("nan"), "cpu_ms_per_call": float("nan")}
        if jfr:
            subprocess.run(["jcmd", str(java_pids[0]), "JFR.stop", "name=bench"], stdout=subprocess.DEVNULL)
        if os.environ.get("BENCH_ONLY") == "seatline":
            return
        if not sustained:
            res["kamailio"] = ramp("kamailio", work, f"127.0.0.1:{kam}", "8009990000", kam_pids, lambda: time.sleep(1))
            res["direct"] = ramp("direct", work, f"127.0.0.1:{uas_direct}", "8009990000", lambda: [], lambda: time.sleep(1))
        else:
            res["kamailio"] = res["direct"] = None

        s, k, d = res["seatline"], res["kamailio"], res["direct"]
        print("\nSIP benchmark: highest sustained call rate (zero failed calls, p99 INVITE->200 < 100 ms; 2 cores, 127.0.0.1)")
        print(f"{'':10s}{'cps':>8s}{'p50 ms':>10s}{'p99 ms':>10s}{'CPU ms/call':>14s}")
        for name, r in (("Seatline", s), ("Kamailio", k), ("SIPp-SIPp", d)):
            if r:
                print(f"{name:10s}{r['rate']:8d}{r['p50']:10.1f}{r['p99']:10.1f}{r['cpu_ms_per_call']:14.2f}")
            else:
                print(f"{name:10s}{'none':>8s}")
        if s and k and d:
            print(f"Seatline / Kamailio rate: {s['rate'] / k['rate']:.2f}   (goal >= 0.70)")
            print(f"Seatline / SIPp-direct rate: {s['rate'] / d['rate']:.2f}")
            print(f"Seatline p99 INVITE->200 at {s['rate']} cps: {s['p99']:.1f} ms (goal < 50 ms)")

        if s:
            burst = 2 * s["rate"]
            print(f"\nOverload: {burst} cps for 30 s (2x), then {s['rate']} cps for 20 s", flush=True)
            settle()
            before = api.ok("GET", "/telephony/status")["rejectedOverload"]
            succ, fail, rtd, _ = run_sipp(os.path.join(work, "overload"), f"127.0.0.1:{sip}",
                                          ["-sf", os.path.join(SIPP_DIR, "customer.xml"), "-s", "8009990000", "-d", "0"],
                                          burst, burst * 30, abort_on_unexpected=True)
            shed = api.ok("GET", "/telephony/status")["rejectedOverload"] - before
            alive = api.call("GET", "/health")[0] == 200
            print(f"  burst: {burst * 30} offered, {succ} completed ({succ / 30:.0f} cps goodput), {fail} refused or failed; "
                  f"Seatline sent {shed} 503s (overload control; retransmitted INVITEs included); p99 of completed "
                  f"{pct(rtd, 99):.0f} ms; node alive: {alive}")
            succ2, fail2, rtd2, per_second = run_sipp(os.path.join(work, "recovery"), f"127.0.0.1:{sip}",
                                                      ["-sf", os.path.join(SIPP_DIR, "customer.xml"), "-s", "8009990000", "-d", "0"],
                                                      s["rate"], s["rate"] * 20, abort_on_unexpected=True)
            last_bad = max([i + 1 for i, f in enumerate(per_second) if f > 0], default=0)
            print(f"  after: {succ2} ok, {fail2} failed; failures stopped after {last_bad} s (goal <= 10 s); "
                  f"p99 {pct(rtd2, 99):.1f} ms")
    finally:
        cleanup(procs, work)


if __name__ == "__main__":
    main()
