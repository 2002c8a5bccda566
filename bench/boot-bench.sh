#!/usr/bin/env bash
# Boot benchmark: boots the assembled Seatline distribution and a plain Apache Karaf of the same version in the
# same run, and prints time until ready, RSS after boot, and the Seatline / plain Karaf ratios.
#   REST ready (Seatline) = GET /api/v1/tenants with the operator's credentials answers 200 (tenant files loaded)
#   console ready (both)  = the SSH console port accepts connections (boot features being installed)
# Usage: bench/boot-bench.sh [runs]   (build first: mvn -B install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
KARAF_VERSION=$(sed -n 's:.*<karaf.version>\(.*\)</karaf.version>.*:\1:p' pom.xml | head -1)
SEATLINE_TGZ=$(ls assembly/target/seatline-assembly-*.tar.gz)
WORK=$(mktemp -d)
trap 'pkill -f "karaf.base=$WORK" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

mvn -B -q dependency:copy -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -DoutputDirectory="$WORK" >/dev/null
PLAIN_TGZ="$WORK/apache-karaf-$KARAF_VERSION.tar.gz"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

# boot KIND TGZ -> prints "console_ms rest_ms rss_mb"
boot() {
  local kind=$1 tgz=$2 dir="$WORK/$1-$RANDOM" http ssh t0 ssh_ms="" rest_ms="-" pid rss
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir" --strip-components=1
  http=$(free_port); ssh=$(free_port)
  sed -i "s/^sshPort *=.*/sshPort = $ssh/" "$dir/etc/org.apache.karaf.shell.cfg"
  sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *=.*/rmiServerPort = $(free_port)/" \
    "$dir/etc/org.apache.karaf.management.cfg"
  if [ "$kind" = seatline ]; then
    sed -i "s/^org.osgi.service.http.port=.*/org.osgi.service.http.port=$http/" "$dir/etc/org.ops4j.pax.web.cfg"
  fi
  t0=$(now_ms)
  (cd "$dir" && exec bin/karaf server >/dev/null 2>&1) &
  for _ in $(seq 1 1800); do
    if [ -z "$ssh_ms" ] && (exec 3<>"/dev/tcp/127.0.0.1/$ssh") 2>/dev/null; then ssh_ms=$(( $(now_ms) - t0 )); fi
    if [ "$kind" = seatline ] && [ "$rest_ms" = "-" ] && \
       [ "$(curl -s -o /dev/null -w '%{http_code}' -u operator:operator-secret-1 "http://127.0.0.1:$http/api/v1/tenants")" = 200 ]; then
      rest_ms=$(( $(now_ms) - t0 ))
    fi
    if [ -n "$ssh_ms" ] && { [ "$kind" = plain ] || [ "$rest_ms" != "-" ]; }; then break; fi
    sleep 0.1
  done
  sleep 10 # let start-up work settle before reading RSS
  pid=$(pgrep -f "karaf.base=$dir" | head -1)
  rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$pid/status")
  pkill -f "karaf.base=$dir" || true
  for _ in $(seq 1 100); do pgrep -f "karaf.base=$dir" >/dev/null || break; sleep 0.2; done
  echo "$ssh_ms $rest_ms $rss"
}

S=(); P=()
for i in $(seq 1 "$RUNS"); do
  s=$(boot seatline "$SEATLINE_TGZ"); p=$(boot plain "$PLAIN_TGZ"); S+=("$s"); P+=("$p")
  echo "run $i: seatline console/rest/rss = $s | plain karaf console/-/rss = $p"
done
python3 - "$KARAF_VERSION" "$(du -m "$SEATLINE_TGZ" | cut -f1)" "$(du -m "$PLAIN_TGZ" | cut -f1)" "${S[@]}" -- "${P[@]}" <<'PY'
import statistics, sys, os
version, s_size, p_size, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
cut = rest.index("--")
seat = [r.split() for r in rest[:cut]]; plain = [r.split() for r in rest[cut + 1:]]
med = lambda rows, i: statistics.median(int(r[i]) for r in rows)
sc, sr, sm = med(seat, 0), med(seat, 1), med(seat, 2)
pc, pm = med(plain, 0), med(plain, 2)
print(f"\nBoot benchmark: median of {len(seat)} runs, Karaf {version}, {os.cpu_count()} cores")
print(f"{'':36}{'Seatline':>12}{'plain Karaf':>14}{'ratio':>9}")
print(f"{'console (SSH) ready':36}{sc/1000:>11.1f}s{pc/1000:>13.1f}s{sc/pc:>8.2f}x")
print(f"{'REST API answers 200 (tenants)':36}{sr/1000:>11.1f}s{'n/a':>14}{sr/pc:>8.2f}x  (vs plain console ready)")
print(f"{'RSS 10 s after ready':36}{sm:>10.0f}MB{pm:>12.0f}MB{sm/pm:>8.2f}x")
print(f"{'distribution tar.gz':36}{s_size:>10}MB{p_size:>12}MB")
PY
