#!/usr/bin/env bash
# `npm test`: the one gate. Type-checks, lints, checks the committed supergraph and docker-compose.yml,
# runs every jest suite (unit, federation, integration, e2e) against a real PostgreSQL, and the
# Apollo subgraph compatibility suite. Ends with one plain line: `N passed, N failed`.
#
# Database: DATABASE_URL (or TEST_DATABASE_URL) when set — each test file creates and drops its own
# database there — otherwise an embedded PostgreSQL in .data/test-postgres.
set -uo pipefail
cd "$(dirname "$0")/.."
export APOLLO_TELEMETRY_DISABLED=1

passed=0
failed=0
failures=()
counts="$(mktemp)"
trap 'rm -f "$counts"' EXIT

check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

check "typecheck (tsc, whole tree)" npx tsc --noEmit -p tsconfig.json
check "typecheck (dashboard)" npx tsc --noEmit -p dashboard/tsconfig.json
check "lint (boundaries, no any, no floating promises)" npx eslint --max-warnings 0 .
check "format (prettier --check; npm run format writes it)" npx prettier --check --log-level warn "**/*.{ts,tsx,mjs,cjs,js}"
check "build (dist/ and the dashboard in dist/dashboard/, used by npm start and the tests)" npm run --silent build
check "generated-file drift (supergraph; department schemas and regions from the departments table)" node dist/scripts/compose-supergraph.js --check
check "docker-compose.yml (offline)" bash scripts/check-compose.sh

echo "== jest"
HUB_TEST_COUNTS="$counts" npx jest --ci "$@"
jest_status=$?
if [[ -s "$counts" ]]; then
  read -r jp jf < <(node -e 'const c=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(c.passed, c.failed)' "$counts")
  passed=$((passed + jp))
  failed=$((failed + jf))
  if [[ $jest_status -ne 0 && $jf -eq 0 ]]; then failed=$((failed + 1)); failures+=("jest exited $jest_status"); fi
  [[ $jf -gt 0 ]] && failures+=("jest: $jf failed")
else
  failed=$((failed + 1))
  failures+=("jest produced no result (exit $jest_status)")
fi

echo "== Apollo subgraph compatibility suite"
compat_out="$(mktemp)"
bash tests/compatibility/run.sh --strict 2>&1 | tee "$compat_out"
compat_status=${PIPESTATUS[0]}
line="$(grep -E '^compatibility: [0-9]+ passed, [0-9]+ failed' "$compat_out" | tail -1)"
rm -f "$compat_out"
if [[ -n "$line" ]]; then
  cp=$(sed -E 's/^compatibility: ([0-9]+) passed.*/\1/' <<<"$line")
  cf=$(sed -E 's/^compatibility: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
  passed=$((passed + cp))
  failed=$((failed + cf))
  [[ $cf -gt 0 ]] && failures+=("compatibility: $cf failed")
  if [[ $compat_status -ne 0 && $cf -eq 0 ]]; then failed=$((failed + 1)); failures+=("compatibility exited $compat_status"); fi
else
  failed=$((failed + 1))
  failures+=("compatibility suite produced no result (exit $compat_status)")
fi

echo
if [[ ${#failures[@]} -gt 0 ]]; then
  printf 'failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
