#!/usr/bin/env bash
# Proves the test broker behaves as README.md says: starts it in good (basic and bearer), good
# --async and bad mode on free ports, checks the status codes that matter, then stops each with
# SIGTERM and expects a clean exit. Uses ../../.venv unless PYTHON is set.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
CATALOG=$HERE/catalog.example.json
SID=5b4c4c8e-0d4a-4c55-9a56-3f1c0d1e2a10
STANDARD=1f2e6a3b-7c8d-4e9f-a0b1-c2d3e4f5a6b7
LITE=2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d
V='X-Broker-API-Version: 2.14'
JSON='Content-Type: application/json'
BODY="{\"service_id\":\"$SID\",\"plan_id\":\"$STANDARD\",\"organization_guid\":\"org\",\"space_guid\":\"space\",\"context\":{\"platform\":\"rmc\"}}"
OTHER="{\"service_id\":\"$SID\",\"plan_id\":\"$LITE\",\"organization_guid\":\"org\",\"space_guid\":\"space\",\"context\":{\"platform\":\"rmc\"}}"
BIND="{\"service_id\":\"$SID\",\"plan_id\":\"$STANDARD\",\"context\":{\"platform\":\"rmc\"}}"
Q="service_id=$SID&plan_id=$STANDARD"

[ -x "$PY" ] || { echo "no Python at $PY: python3 -m venv .venv && .venv/bin/pip install -r end2end/broker/requirements.txt" >&2; exit 1; }
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
FAILED=0

# start NAME ARGS… : runs the broker, waits for its "listening on" line, sets URL and PID.
start() {
  local name=$1 line=''
  shift
  "$PY" "$HERE/broker.py" --port 0 --catalog "$CATALOG" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
  PID=$!
  PIDS+=("$PID")
  for _ in $(seq 150); do
    line=$(grep -m1 '^listening on http://' "$TMP/$name.out" || true)
    [ -n "$line" ] && break
    kill -0 "$PID" 2>/dev/null || { echo "broker $name died:" >&2; cat "$TMP/$name.err" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { echo "broker $name did not say it was listening" >&2; exit 1; }
  URL=${line#listening on }
  echo "--- $name broker at $URL ($*)"
}

# expect WHAT STATUS [BODY-SUBSTRING] -- CURL-ARGS…
expect() {
  local what=$1 want=$2 needle='' got
  shift 2
  if [ "$1" != -- ]; then needle=$1; shift; fi
  shift
  got=$(curl -s -o "$TMP/body" -w '%{http_code}' "$@")
  if [ "$got" != "$want" ]; then
    printf 'FAIL  %-58s %s, wanted %s: %s\n' "$what" "$got" "$want" "$(head -c 200 "$TMP/body")"
    FAILED=1
  elif [ -n "$needle" ] && ! grep -qF -- "$needle" "$TMP/body"; then
    printf 'FAIL  %-58s %s, but the body lacks %s: %s\n' "$what" "$got" "$needle" "$(head -c 200 "$TMP/body")"
    FAILED=1
  else
    printf 'ok    %-58s %s\n' "$what" "$got"
  fi
}

# stop PID NAME: SIGTERM, then the exit status must be 0.
stop() {
  local pid=$1 name=$2 status=0
  kill -TERM "$pid"
  wait "$pid" || status=$?
  if [ "$status" = 0 ]; then printf 'ok    %-58s exit 0\n' "$name stops cleanly on SIGTERM"
  else printf 'FAIL  %-58s exit %s\n' "$name stops cleanly on SIGTERM" "$status"; FAILED=1; fi
}

echo "--- catalog model"
if "$PY" "$HERE/broker.py" --check-catalog "$CATALOG" >"$TMP/check"; then
  printf 'ok    %-58s %s\n' "example catalog accepted" "$(cat "$TMP/check")"
else
  printf 'FAIL  %-58s %s\n' "example catalog accepted" "$(cat "$TMP/check")"; FAILED=1
fi
echo '{"services":[{"id":"x","name":"y","description":"d","bindable":true,"plans":[{"id":"p","name":"n"}]}]}' >"$TMP/bad.json"
if "$PY" "$HERE/broker.py" --check-catalog "$TMP/bad.json" >"$TMP/check"; then
  printf 'FAIL  %-58s %s\n' "plan without description rejected" "$(cat "$TMP/check")"; FAILED=1
else
  printf 'ok    %-58s %s\n' "plan without description rejected" "$(cat "$TMP/check")"
fi

# ---------------------------------------------------------------------------------------------
start good --mode good --username broker --password s3cret
GOOD=$PID
A=(-u broker:s3cret -H "X-Broker-API-Request-Identity: r-1" -H "X-Broker-API-Originating-Identity: rmc eyJ1c2VyX2lkIjoidTEifQ==")
expect "catalog without credentials"           401 -- -H "$V" "$URL/v2/catalog"
expect "catalog with wrong credentials"        401 -- -H "$V" -u broker:wrong "$URL/v2/catalog"
expect "catalog without version header"        400 -- "${A[@]}" "$URL/v2/catalog"
expect "catalog with version 2.11"             412 -- "${A[@]}" -H 'X-Broker-API-Version: 2.11' "$URL/v2/catalog"
expect "catalog with version 1.0"              412 -- "${A[@]}" -H 'X-Broker-API-Version: 1.0' "$URL/v2/catalog"
expect "catalog with version abc"              412 -- "${A[@]}" -H 'X-Broker-API-Version: abc' "$URL/v2/catalog"
expect "catalog with version 2.12"             200 '"demo-db"' -- "${A[@]}" -H 'X-Broker-API-Version: 2.12' "$URL/v2/catalog"
expect "catalog with version 2.17"             200 "$STANDARD" -- "${A[@]}" -H 'X-Broker-API-Version: 2.17' "$URL/v2/catalog"
expect "provision"                             201 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/i-1"
expect "provision again, identical"            200 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/i-1"
expect "provision again, different plan"       409 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$OTHER" "$URL/v2/service_instances/i-1"
expect "provision an unknown plan"             400 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d '{"service_id":"x","plan_id":"nope"}' "$URL/v2/service_instances/i-9"
expect "last_operation of a sync instance"     200 '"succeeded"' -- "${A[@]}" -H "$V" "$URL/v2/service_instances/i-1/last_operation"
expect "bind"                                  201 '"credentials"' -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BIND" "$URL/v2/service_instances/i-1/service_bindings/b-1"
expect "bind again, identical"                 200 '"credentials"' -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BIND" "$URL/v2/service_instances/i-1/service_bindings/b-1"
expect "unbind"                                200 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/i-1/service_bindings/b-1?$Q"
expect "unbind again (unknown binding)"        410 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/i-1/service_bindings/b-1?$Q"
expect "deprovision"                           200 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/i-1?$Q"
expect "deprovision again (unknown instance)"  410 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/i-1?$Q"
expect "deprovision a never-seen instance"     410 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/nope?$Q"
expect "last_operation of a deleted instance"  410 -- "${A[@]}" -H "$V" "$URL/v2/service_instances/i-1/last_operation"
expect "last_operation of a never-seen one"    404 -- "${A[@]}" -H "$V" "$URL/v2/service_instances/nope/last_operation"
stop "$GOOD" "good broker"

# ---------------------------------------------------------------------------------------------
start bearer --mode good --token t0ken --min-version 2.14
BEARER=$PID
expect "bearer: no token"                      401 -- -H "$V" "$URL/v2/catalog"
expect "bearer: basic credentials instead"     401 -- -H "$V" -u broker:s3cret "$URL/v2/catalog"
expect "bearer: wrong token"                   401 -- -H "$V" -H 'Authorization: Bearer nope' "$URL/v2/catalog"
expect "bearer: right token"                   200 -- -H "$V" -H 'Authorization: Bearer t0ken' -H 'X-Broker-API-Request-Identity: r' "$URL/v2/catalog"
expect "bearer: version 2.13 under --min-version 2.14" 412 -- -H 'X-Broker-API-Version: 2.13' -H 'Authorization: Bearer t0ken' -H 'X-Broker-API-Request-Identity: r' "$URL/v2/catalog"
stop "$BEARER" "bearer broker"

# ---------------------------------------------------------------------------------------------
start async --mode good --username broker --password s3cret --async --async-polls 2
ASYNC=$PID
A=(-u broker:s3cret -H "X-Broker-API-Request-Identity: r-1" -H "X-Broker-API-Originating-Identity: rmc eyJ1c2VyX2lkIjoidTEifQ==")
expect "async: provision without accepts_incomplete" 422 AsyncRequired -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/a-1"
expect "async: provision"                      202 '"operation"' -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/a-1?accepts_incomplete=true"
expect "async: provision again while running"  202 '"operation"' -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/a-1?accepts_incomplete=true"
expect "async: different body while running"   409 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$OTHER" "$URL/v2/service_instances/a-1?accepts_incomplete=true"
LO="$URL/v2/service_instances/a-1/last_operation?$Q&operation=provision-a-1"
expect "async: last_operation #1"              200 '"in progress"' -- "${A[@]}" -H "$V" "$LO"
expect "async: last_operation #2"              200 '"in progress"' -- "${A[@]}" -H "$V" "$LO"
expect "async: last_operation #3"              200 '"succeeded"' -- "${A[@]}" -H "$V" "$LO"
expect "async: provision again, now done"      200 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/a-1?accepts_incomplete=true"
expect "async: bind"                           201 -- "${A[@]}" -H "$V" -H "$JSON" -X PUT -d "$BIND" "$URL/v2/service_instances/a-1/service_bindings/b-1"
expect "async: unbind"                         200 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/a-1/service_bindings/b-1?$Q"
expect "async: deprovision"                    200 -- "${A[@]}" -H "$V" -X DELETE "$URL/v2/service_instances/a-1?$Q&accepts_incomplete=true"
stop "$ASYNC" "async broker"

# ---------------------------------------------------------------------------------------------
start bad --mode bad
BAD=$PID
expect "bad: catalog without credentials"      200 -- "$URL/v2/catalog"
expect "bad: catalog without version header"   200 -- "$URL/v2/catalog"
expect "bad: catalog has the duplicate plan"   200 "$STANDARD-duplicate" -- "$URL/v2/catalog"
"$PY" - "$URL" <<'PY' && printf 'ok    %-58s\n' "bad: catalog has a plan without description" || { printf 'FAIL  %-58s\n' "bad: catalog has a plan without description"; FAILED=1; }
import json, sys, urllib.request
services = json.load(urllib.request.urlopen(sys.argv[1] + "/v2/catalog"))["services"]
plans = services[0]["plans"]
assert any("description" not in p for p in plans), plans
names = [p["name"] for p in plans]
assert len(names) != len(set(names)), names
PY
expect "bad: provision"                        201 -- -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/x-1"
expect "bad: provision again, identical"       201 -- -H "$JSON" -X PUT -d "$BODY" "$URL/v2/service_instances/x-1"
expect "bad: provision again, different"       201 -- -H "$JSON" -X PUT -d "$OTHER" "$URL/v2/service_instances/x-1"
expect "bad: deprovision an unknown instance"  200 -- -X DELETE "$URL/v2/service_instances/nope?$Q"
expect "bad: unbind an unknown binding"        200 -- -X DELETE "$URL/v2/service_instances/x-1/service_bindings/nope?$Q"
expect "bad: last_operation of unknown"        200 -- "$URL/v2/service_instances/nope/last_operation"
stop "$BAD" "bad broker"

start bad-as-is --mode bad --catalog-as-is
expect "bad --catalog-as-is: catalog unchanged" 200 '"A dedicated database, billed per hour."' -- "$URL/v2/catalog"
stop "$PID" "bad --catalog-as-is broker"

PIDS=()
if [ "$FAILED" = 0 ]; then echo "selftest: all passed"; else echo "selftest: FAILED"; exit 1; fi
