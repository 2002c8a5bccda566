#!/usr/bin/env bash
# CRM import through the product (issue 6): a CSV of N customers (default 100 000) with two custom fields is posted to
# POST /tenants/{t}/customers/import of a running Seatline (README: build and start), and the job is polled until done.
# This is the path a client admin uses: CSV parsing, custom-field validation, E.164 normalisation, the duplicate check
# per row and JPA writes in batches of 200, on the distribution's database (embedded H2 unless configured otherwise).
#
#   bench/crm-rest-import.sh [rows=100000] [base=http://localhost:8181/api/v1]
set -euo pipefail
ROWS=${1:-100000}
BASE=${2:-http://localhost:8181/api/v1}
OP=(-s -u "${SEATLINE_OPERATOR_USER:-operator}:${SEATLINE_OPERATOR_PASSWORD:-operator-secret-1}")
J='Content-Type: application/json'
T="imp$(date +%s)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

curl "${OP[@]}" -f -H "$J" -X POST "$BASE/tenants" -d "{\"id\":\"$T\",\"displayName\":\"导入基准 $T\",\"timezone\":\"Asia/Shanghai\",
  \"locale\":\"zh-CN\",\"dedicatedSeats\":1,\"sharedSeats\":0}" >/dev/null
curl "${OP[@]}" -f -H "$J" -X PUT "$BASE/tenants/$T/customer-fields" -d '[{"name":"policy_no","label":"保单号","type":"TEXT"},
  {"name":"level","label":"客户等级","type":"CHOICE","choices":["金卡","银卡"]}]' >/dev/null
python3 - "$ROWS" > "$WORK/customers.csv" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
out.write("姓名,电话,email,tags,保单号,客户等级\r\n")
for i in range(n):
    out.write(f"客户{i},138 {i // 10000:04d} {i % 10000:04d},c{i}@example.com,VIP;续保,P-{i},{'金卡' if i % 2 else '银卡'}\r\n")
PY
echo "tenant $T: importing $ROWS rows ($(du -h "$WORK/customers.csv" | cut -f1))"
START=$(date +%s.%N)
JOB=$(curl "${OP[@]}" -f -X POST "$BASE/tenants/$T/customers/import" -H 'Content-Type: text/csv' --data-binary @"$WORK/customers.csv")
ID=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$JOB")
while :; do
  S=$(curl "${OP[@]}" -f "$BASE/tenants/$T/customers/imports/$ID")
  read -r STATUS DONE CREATED REJECTED < <(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["status"], j["done"], j["created"], len(j["rejected"]))' "$S")
  printf '\r%s %s/%s rows' "$STATUS" "$DONE" "$ROWS"
  [ "$STATUS" != RUNNING ] && break
  sleep 1
done
END=$(date +%s.%N)
echo
python3 -c 'import sys; r, s, c, rej = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]), sys.argv[4], sys.argv[5]; print(f"REST import: {r:,} rows in {s:.1f} s = {r / s:,.0f} rows/s ({c} created, {rej} rejected)")' \
  "$ROWS" "$START" "$END" "$CREATED" "$REJECTED"
