#!/usr/bin/env bash
# Starts tasuke on its embedded defaults: SQLite under ./data and a self-signed TLS
# certificate. The server prints its URL and the first-login instructions.
# Options are passed on to the server (packages/server/dist/main.js).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

bash "$ROOT/scripts/setup.sh" --with-agent

readonly SERVER_MAIN="$ROOT/packages/server/dist/main.js"
if [[ ! -f "$SERVER_MAIN" ]]; then
  printf 'tasuke: error: %s is missing after the build\n' "${SERVER_MAIN#"$ROOT"/}" >&2
  exit 1
fi

cd "$ROOT"
exec node "$SERVER_MAIN" "$@"
