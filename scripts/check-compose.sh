#!/usr/bin/env sh
# Offline checks of docker-compose.yml (or the file given as $1), for CI: no Docker engine and no network needed.
#   1. dclint (devDependency): YAML validity, Compose schema, lint rules; warnings fail too.
#   2. `docker compose config -q` (parse + interpolate only), when the Compose plugin is
#      installed; skipped with a note otherwise.
# Exits non-zero on the first failure.
set -eu

cd "$(dirname "$0")/.."
file=${1:-docker-compose.yml}

dclint=node_modules/.bin/dclint
if [ ! -e "$dclint" ]; then
  echo "check-compose: $dclint not found; run npm ci first" >&2
  exit 2
fi

echo "check-compose: dclint $file"
# Through node: the bin is not always installed executable.
node "$dclint" "$file" --max-warnings 0

if docker compose version >/dev/null 2>&1; then
  echo "check-compose: docker compose config -q"
  docker compose -f "$file" config -q
else
  echo "check-compose: docker compose plugin not installed; skipped 'docker compose config -q'"
fi

echo "check-compose: ok"
