#!/usr/bin/env bash
# Runs the Apollo Federation subgraph compatibility suite (@apollo/federation-subgraph-compatibility-tests)
# against the hub's own subgraph factory and gateway, offline: see README.md beside this file.
#
#   tests/compatibility/run.sh [--strict] [jest options...]
#
# Exits non-zero when a required case fails; with --strict, when any case fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
suite_version="1.2.1"

if [[ ! -d "$root/node_modules/@apollo/server" ]]; then
  echo "compatibility: the repository's dependencies are missing: run \`npm ci\` at $root first" >&2
  exit 1
fi

installed="$here/node_modules/@apollo/federation-subgraph-compatibility-tests/package.json"
if [[ ! -f "$installed" ]] || ! grep -q "\"version\": \"$suite_version\"" "$installed"; then
  echo "compatibility: installing the suite into tests/compatibility/node_modules"
  # --ignore-scripts: the suite depends on @apollo/rover, whose install script downloads a binary.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

strict=0
jest_args=()
for arg in "$@"; do
  if [[ "$arg" == "--strict" ]]; then strict=1; else jest_args+=("$arg"); fi
done

export APOLLO_TELEMETRY_DISABLED=1
export COMPAT_FAIL_ON_OPTIONAL="$strict"
# The suite's HTTP client honours proxy variables; its requests only ever go to loopback.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"

cd "$here"
status=0
# The hard bound on the whole run; the suite's subgraph processes exit with it (see harness/).
timeout --kill-after=10s 180s \
  node "$here/node_modules/jest/bin/jest.js" --config "$here/jest.config.js" --ci --runInBand "${jest_args[@]}" \
  || status=$?
if [[ $status -eq 124 ]]; then
  echo "compatibility: the run did not finish within 180 s" >&2
fi
exit "$status"
