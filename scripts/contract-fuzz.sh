#!/usr/bin/env bash
# Contract fuzzing: schemathesis generates requests from contract/openapi.json (valid ones and
# invalid ones) and checks every answer of the mock API against the same document: no 5xx, only
# documented status codes, JSON where JSON is promised, bodies and headers that validate, invalid
# requests refused and valid ones accepted (scripts/contract_fuzz_hooks.py: the domain's rules).
#
# Builds nothing: runs target/debug/mock-api (the `mock-api-build` stage of `make test`), in dev
# mode on a free port, without the stand-in NCALayer. Seeded and bounded (about 40 s on two idle
# cores, under 2 min on busy ones). Exit status non-zero on any failure; the last line is the
# summary. The reports are in target/contract-fuzz/ (run.log, junit.xml, mock-api.log).
#
#   scripts/contract-fuzz.sh    env: CONTRACT_FUZZ_PORT (default: a free one), CONTRACT_FUZZ_SEED,
#                               CONTRACT_FUZZ_EXAMPLES (per operation), CONTRACT_FUZZ_CHECKS,
#                               CONTRACT_FUZZ_TIMEOUT (seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/bootstrap.sh contract
st="$root/.tools/venv/bin/schemathesis"
py="$root/.tools/venv/bin/python"
mock="$root/target/debug/mock-api"
[ -x "$mock" ] || { echo "contract-fuzz: $mock is missing (cargo build -p mock-api)" >&2; exit 2; }

seed=${CONTRACT_FUZZ_SEED:-20260515}
examples=${CONTRACT_FUZZ_EXAMPLES:-50}
# A safety net, not the bound (--max-time would repeat fuzzing until it is spent): the run
# takes about 40 s on two idle cores.
limit=${CONTRACT_FUZZ_TIMEOUT:-170}
port=${CONTRACT_FUZZ_PORT:-$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
base="http://127.0.0.1:$port"
out="$root/target/contract-fuzz"
rm -rf "$out" && mkdir -p "$out"

# --ncalayer-port 0: no WebSocket stand-in (it would take 13579, and nothing here needs it).
"$mock" --dev --port "$port" --ncalayer-port 0 2>"$out/mock-api.log" &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null; wait "$mock_pid" 2>/dev/null || true' EXIT INT TERM

# Waits for the mock, then logs in as Иванов (900101300007: every kind of data) and prints the
# session id; the same request the page makes.
session=$("$py" - "$base" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
for _ in range(300):
    try:
        urllib.request.urlopen(base + "/__dev/health", timeout=1).read()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("contract-fuzz: the mock did not start")
req = urllib.request.Request(
    base + "/api/auth/password",
    data=json.dumps({"iin": "900101300007", "password": "Zeinet-2026!"}).encode(),
    headers={"Content-Type": "application/json"},
)
with urllib.request.urlopen(req, timeout=10) as r:
    cookie = r.headers["Set-Cookie"].split(";")[0]
name, _, value = cookie.partition("=")
assert name == "zeinet_session" and value, cookie
print(value)
PY
)

# eGov's API №2 (egovApi2Get, egovApi2Put) answers only the phone holding its procedure's
# bearer token (egovBearer), which API №1 hands out once: a log-in procedure is opened and
# scanned here, and those two operations are fuzzed on its id with its token (below), so they
# get past the 401 (the GET's 200 is validated; `ignored_auth` checks the token is enforced).
read -r egov_id egov_token < <("$py" - "$base" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
req = urllib.request.Request(base + "/api/auth/egov", data=b"", method="POST")
with urllib.request.urlopen(req, timeout=10) as r:
    procedure = json.load(r)["id"]
with urllib.request.urlopen(f"{base}/api/egov/sign/{procedure}", timeout=10) as r:
    document = json.load(r)["document"]
assert document["auth_type"] == "Bearer", document
print(procedure, document["auth_token"])
PY
)

# The session goes only where the contract asks for it: operations with `security: cookieAuth`
# (schemathesis reads the cookie's name from components.securitySchemes). The log-in operations
# get no cookie, so a log-in the fuzzer happens to make (rotation ends the session it carries)
# cannot end ours; and `ignored_auth` checks that each secured operation refuses a request
# without it.
#
# negative_data_rejection: a schema-violating request must be refused with a 4xx. Its default
# list lacks 410, which is how this API refuses a one-time thing (eGov procedure, challenge,
# document) that is used or expired, whatever the body: API №2's PUT checks the procedure
# before the body (mock-api/README.md), so an invalid body for an expired procedure is a 410.
cat >"$out/schemathesis.toml" <<TOML
[auth.openapi.cookieAuth]
api_key = "$session"

# API №2 with the token of the procedure opened above, on that procedure's id.
[auth.openapi.egovBearer]
bearer = "$egov_token"

[[operations]]
include-path = "/api/egov/sign/{id}/document"
parameters = { "path.id" = "$egov_id" }

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "410", "415", "422", "428", "429"]
TOML

# Every check. positive_data_acceptance holds the request schemas to what the mock accepts;
# the rules JSON Schema cannot express (an IIN's check digit, an IBAN's mod-97, a CMS that must
# verify, an id or SMS code that must have been handed out) are listed, by status and error
# code, in scripts/contract_fuzz_hooks.py, whose filter_failure drops only those refusals.
# The stateful checks (use_after_free, ensure_resource_availability, object_level_authorization)
# run on the links schemathesis infers between operations.
common=(
  --url "$base" --mode all --seed "$seed" --max-examples "$examples" --workers 2
  --no-color --request-timeout 10 --suppress-health-check too_slow,filter_too_much
  --generation-database none
)
if [ -n "${CONTRACT_FUZZ_CHECKS:-}" ]; then
  common+=(--checks "$CONTRACT_FUZZ_CHECKS")
else
  common+=(--checks all)
fi

# run_schemathesis LOG SECONDS ARGS...: one run, its output on the terminal and in LOG.
run_schemathesis() {
  local log=$1 seconds=$2 rc; shift 2
  set +e
  # From target/contract-fuzz/: schemathesis keeps its replay cache (.schemathesis/) in the
  # working directory. The hooks: see the checks above.
  (cd "$out" \
    && export SCHEMATHESIS_HOOKS="$root/scripts/contract_fuzz_hooks.py" \
      CONTRACT_FUZZ_DROPPED="$out/dropped.log" \
    && exec timeout "$seconds" "$st" --config-file "$out/schemathesis.toml" \
      run "$root/contract/openapi.json" "${common[@]}" "$@") 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -eq 124 ]; then
    echo "contract-fuzz: schemathesis did not finish within ${seconds}s" | tee -a "$log"
  fi
  return "$rc"
}

# "29 operations, 2270 test cases (2270 passed, 14 skipped), 0 failures, 41s" from a run's log.
summary() {
  local log=$1 ops cases failures secs
  ops=$(awk '/^ *Tested:/ {print $2}' "$log" | tail -n 1)
  cases=$(grep -A1 '^Test cases:' "$log" | tail -n 1 | sed 's/^ *//')
  failures=$(grep -Eo '[0-9]+ failures?' "$log" | tail -n 1)
  secs=$(grep -Eo 'in [0-9.]+s =+$' "$log" | tail -n 1 | grep -Eo '[0-9.]+s')
  echo "${ops:-?} operations, ${cases:-no test cases}, ${failures:-0 failures}, ${secs:-?}"
}

status=0
started=$(date +%s)

# 1. Every operation but log-out: log-out ends the session every secured operation runs with.
echo "── schemathesis: all operations but logout (seed $seed, ≤ $examples examples each)"
run_schemathesis "$out/run.log" "$limit" --exclude-operation-id logout \
  --report junit --report-junit-path "$out/junit.xml" || status=1

# 2. Log-out, last, with the session of step 1 (the coverage phase also sends it without).
echo "── schemathesis: logout"
run_schemathesis "$out/logout.log" 60 --include-operation-id logout \
  -H "Cookie: zeinet_session=$session" || status=1

if grep -q 'panicked' "$out/mock-api.log"; then
  echo "contract-fuzz: the mock panicked (see $out/mock-api.log)"
  status=1
fi
echo
echo "contract-fuzz: all but logout: $(summary "$out/run.log")"
echo "contract-fuzz: logout:         $(summary "$out/logout.log")"
echo "contract-fuzz: schema-valid requests refused by a rule beyond JSON Schema (dropped):" \
  "$(cat "$out/dropped.log" 2>/dev/null | wc -l) (target/contract-fuzz/dropped.log)"
verdict=ok; [ $status -eq 0 ] || verdict="FAILED (logs in target/contract-fuzz/)"
echo "contract-fuzz: $verdict in $(( $(date +%s) - started ))s (seed $seed, ≤ $examples examples per operation)"
exit $status
