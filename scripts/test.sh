#!/usr/bin/env bash
# Installs what the tests need (Debian packages included) and runs every check and test:
# lint, typecheck, every Vitest project (e2e included) on this Node.js, then the unit tests
# again on Node.js 24. Ends with one line: "N passed, N failed, N skipped".
#
#   scripts/test.sh               stop at the first step that fails
#   scripts/test.sh --keep-going  run every step, then fail if any failed
#
# PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must be reachable; when they are
# not and this machine has them installed, they are started.
# shellcheck disable=SC2317 # functions reached only through run_step look unreachable to it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly RESULTS_DIR="$ROOT/.cache/test-results"
readonly NODE24_DIR="$ROOT/.cache/node24"
readonly NODE24_PRELOAD="$ROOT/scripts/lib/node24-addons.cjs"
readonly NODE24_HEADERS='24.18.1' # see better_sqlite3_for_node24
readonly UNIT_PROJECTS=(--project protocol --project server --project agent --project web)

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"

KEEP_GOING=false
FAILED_STEPS=()
REPORTS=() # the Vitest JSON report of each test run that was started

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
}

# ── Steps ───────────────────────────────────────────────────────────────────

# run_step NAME COMMAND...: runs one step in a subshell with `set -e` in force; when it fails,
# stops there (or, with --keep-going, notes it and goes on).
run_step() {
  local name="$1" code=0
  shift
  log "── $name"
  set +e
  (
    set -e
    "$@"
  )
  code=$?
  set -e
  if ((code == 0)); then
    return 0
  fi
  log "FAILED: $name"
  FAILED_STEPS+=("$name")
  if [[ "$KEEP_GOING" != true ]]; then
    finish
  fi
}

# run_test_step NAME REPORT COMMAND...: a step that runs Vitest, which writes REPORT.
run_test_step() {
  local name="$1" report="$2"
  shift 2
  rm -f "$report" "$report.exit"
  REPORTS+=("$report")
  run_step "$name" "$@"
}

# vitest_run REPORT LAUNCHER... -- VITEST_ARGS...: runs Vitest under LAUNCHER (e.g. `node`)
# with a JSON report in REPORT, and keeps its exit code in REPORT.exit for the summary.
vitest_run() {
  local report="$1" launcher=() code=0
  shift
  while [[ "$1" != -- ]]; do
    launcher+=("$1")
    shift
  done
  shift
  "${launcher[@]}" "$ROOT/node_modules/vitest/vitest.mjs" run \
    --reporter=default --reporter=json --outputFile.json="$report" "$@" || code=$?
  printf '%s\n' "$code" >"$report.exit"
  return "$code"
}

# All Vitest projects, e2e included, on the Node.js on PATH.
all_tests() {
  vitest_run "$1" node --
}

# The unit-test projects again, on Node.js 24.
unit_tests_on_node24() {
  prepare_node24
  vitest_run "$1" node24 node -- "${UNIT_PROJECTS[@]}"
}

# ── Services: PostgreSQL and Redis ──────────────────────────────────────────

port_is_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_for_port() {
  local host="$1" port="$2" seconds="$3" i
  for ((i = 0; i < seconds * 4; i++)); do
    port_is_open "$host" "$port" && return 0
    sleep 0.25
  done
  return 1
}

ensure_postgres() {
  if port_is_open 127.0.0.1 5432; then
    log "PostgreSQL is reachable at 127.0.0.1:5432"
    return 0
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
    local version
    for version in /etc/postgresql/*/; do
      version="$(basename "$version")"
      log "PostgreSQL is not running; starting cluster $version/main"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    if wait_for_port 127.0.0.1 5432 30; then
      log "PostgreSQL is reachable at 127.0.0.1:5432"
      return 0
    fi
  fi
  die "PostgreSQL is not reachable at 127.0.0.1:5432, and the tests need it (trust authentication, database 'test'). Start it (Debian: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start) and run scripts/test.sh again."
}

ensure_redis() {
  if port_is_open 127.0.0.1 6379; then
    log "Redis is reachable at 127.0.0.1:6379"
    return 0
  fi
  if command -v redis-server >/dev/null 2>&1; then
    log "Redis is not running; starting it (it keeps nothing on disk)"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no || true
    if wait_for_port 127.0.0.1 6379 15; then
      log "Redis is reachable at 127.0.0.1:6379"
      return 0
    fi
  fi
  die "Redis is not reachable at 127.0.0.1:6379, and the tests need it. Start it (redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no) and run scripts/test.sh again."
}

# ── Node.js 24 for the second unit-test run ─────────────────────────────────

node24_bin() { printf '%s\n' "$NODE24_DIR/runtime/bin/node"; }

# fetch_node_package SPEC DEST: unpacks node-linux-<arch>@SPEC from the npm registry (the
# official Node.js binary and headers) into DEST, once.
fetch_node_package() {
  local spec="$1" dest="$2"
  if [[ -x "$dest/bin/node" && -d "$dest/include/node" ]]; then
    return 0
  fi

  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "there is no Node.js package for this machine ($(uname -m)): the Node.js 24 run needs linux x64 or arm64" ;;
  esac

  log "downloading Node.js $spec (npm pack node-linux-$arch@$spec)"
  local unpack="$dest.tmp" tarball
  rm -rf "$unpack"
  mkdir -p "$unpack"
  tarball="$(cd "$unpack" && npm pack --silent "node-linux-$arch@$spec" | tail -n 1)"
  tar -xzf "$unpack/$tarball" -C "$unpack"
  [[ -x "$unpack/package/bin/node" && -d "$unpack/package/include/node" ]] ||
    die "node-linux-$arch@$spec has no package/bin/node and package/include/node"
  rm -rf "$dest"
  mv "$unpack/package" "$dest"
  rm -rf "$unpack"
}

# Node.js 24, newest release, kept in .cache/node24/runtime/.
fetch_node24() {
  fetch_node_package 24 "$NODE24_DIR/runtime"
  log "Node.js $("$(node24_bin)" --version) is in ${NODE24_DIR#"$ROOT"/}/runtime"
}

# The node-gyp that ships with npm (nothing to download).
find_node_gyp() {
  local npm_dir candidate
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  for candidate in \
    "$npm_dir/node_modules/node-gyp/bin/node-gyp.js" \
    "$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js" \
    "$ROOT/node_modules/node-gyp/bin/node-gyp.js"; do
    if [[ -f "$candidate" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  die "node-gyp was not found (it normally ships with npm)"
}

# better-sqlite3 is a native addon tied to the V8 ABI: the one in node_modules is built for
# this Node.js. Builds a copy for Node.js 24 once per better-sqlite3 version, under
# .cache/node24/, and prints the path of its addon.
#
# It is built against the headers of Node.js $NODE24_HEADERS (same ABI as every 24.x): from
# 24.19 on, node_object_wrap.h registers environment cleanup hooks, and an addon built on
# node::ObjectWrap against those headers, as better-sqlite3 12 is, aborts when a statement is
# garbage-collected ("Assertion failed: (env) != nullptr" in Statement::~Statement; Node.js
# issue 65446). better-sqlite3 13 (Node-API) does not, but needs Node.js 22.
better_sqlite3_for_node24() {
  local version abi dir addon headers="$NODE24_DIR/headers-$NODE24_HEADERS"
  version="$(node -p "require('$ROOT/node_modules/better-sqlite3/package.json').version")"
  abi="$("$(node24_bin)" -p 'process.versions.modules')"
  dir="$NODE24_DIR/better-sqlite3-$version-abi$abi-headers$NODE24_HEADERS"
  addon="$dir/build/Release/better_sqlite3.node"
  if [[ -f "$addon" ]]; then
    printf '%s\n' "$addon"
    return 0
  fi

  fetch_node_package "$NODE24_HEADERS" "$headers"
  local headers_abi
  headers_abi="$("$headers/bin/node" -p 'process.versions.modules')"
  [[ "$headers_abi" == "$abi" ]] ||
    die "Node.js $NODE24_HEADERS has ABI $headers_abi but $("$(node24_bin)" --version) has $abi: update NODE24_HEADERS in scripts/test.sh"

  local node_gyp work="$dir.tmp" build_log="$NODE24_DIR/better-sqlite3-build.log"
  node_gyp="$(find_node_gyp)"
  log "building better-sqlite3 $version for Node.js 24 (once; a few minutes; log in ${build_log#"$ROOT"/})"
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$ROOT/node_modules/better-sqlite3" && tar --exclude=./build -cf - .) | tar -xf - -C "$work"
  if ! (cd "$work" && env -u npm_config_nodedir node "$node_gyp" rebuild --release \
    --nodedir="$headers" --jobs=max) >"$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2
    die "building better-sqlite3 for Node.js 24 failed (see ${build_log#"$ROOT"/})"
  fi
  rm -rf "$dir"
  mv "$work" "$dir"
  printf '%s\n' "$addon"
}

# node24 COMMAND...: runs COMMAND with Node.js 24 first on PATH (child processes too) and
# better-sqlite3's addon redirected to its Node.js 24 build by a preloaded module
# (scripts/lib/node24-addons.cjs). node_modules is left as it is.
node24() {
  PATH="$NODE24_DIR/runtime/bin:$PATH" \
    NODE_OPTIONS="--require \"$NODE24_PRELOAD\"${NODE_OPTIONS:+ $NODE_OPTIONS}" \
    TASUKE_BETTER_SQLITE3_NODE="$BETTER_SQLITE3_NODE24" \
    "$@"
}

prepare_node24() {
  fetch_node24
  BETTER_SQLITE3_NODE24="$(better_sqlite3_for_node24)"
  # Fail here, once and clearly, rather than in every test that opens a database: load the addon,
  # and let the garbage collector finalise many statements between ticks (with an addon built
  # against the wrong headers, that aborts; see better_sqlite3_for_node24).
  node24 node -e "
    const db = new (require('better-sqlite3'))(':memory:')
    let rounds = 0
    const timer = setInterval(() => {
      for (let i = 0; i < 3000; i++) db.prepare('select ' + i).get()
      const garbage = Array.from({ length: 20000 }, (_, i) => ({ i, text: 'x'.repeat(50) }))
      if (++rounds === 15 && garbage.length > 0) clearInterval(timer)
    }, 20)
    process.on('exit', () => console.error('tasuke: Node.js ' + process.version + ' runs better-sqlite3'))
  " || die "Node.js 24 cannot run better-sqlite3 (${BETTER_SQLITE3_NODE24#"$ROOT"/})"
}

# ── Summary ─────────────────────────────────────────────────────────────────

# Prints "N passed, N failed, N skipped" summed over the Vitest JSON reports. A test file that
# failed outside any test (an import error, a failing hook), a run that failed with no failed
# test (an unhandled error), and a run that wrote no report each count as one failure.
print_summary() {
  ((${#REPORTS[@]} > 0)) || return 0
  node - "${REPORTS[@]}" <<'JS'
const fs = require('node:fs')
let passed = 0
let failed = 0
let skipped = 0
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    failed += 1
    continue
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'))
  const exitFile = `${file}.exit`
  const exitCode = fs.existsSync(exitFile) ? Number(fs.readFileSync(exitFile, 'utf8')) : 1
  let runFailed = report.numFailedTests
  for (const suite of report.testResults) {
    const hasFailedTest = suite.assertionResults.some((test) => test.status === 'failed')
    if (suite.status === 'failed' && !hasFailedTest) runFailed += 1
  }
  if (runFailed === 0 && (exitCode !== 0 || report.success === false)) runFailed = 1
  passed += report.numPassedTests
  failed += runFailed
  skipped += report.numPendingTests + report.numTodoTests
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
JS
}

finish() {
  print_summary
  if ((${#FAILED_STEPS[@]} > 0)); then
    log "failed: ${FAILED_STEPS[*]}"
    exit 1
  fi
  log "every check and test passed"
  exit 0
}

# ── Main ────────────────────────────────────────────────────────────────────

main() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --keep-going) KEEP_GOING=true ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        usage
        die "unknown option: $arg"
        ;;
    esac
  done

  bash "$ROOT/scripts/setup.sh" --with-browser
  ensure_postgres
  ensure_redis
  mkdir -p "$RESULTS_DIR"
  cd "$ROOT"

  run_step 'lint (npm run lint)' npm run --silent lint
  run_step 'typecheck (npm run typecheck)' npm run --silent typecheck
  run_test_step "all tests on Node.js $(node --version) (vitest run)" \
    "$RESULTS_DIR/node20.json" all_tests "$RESULTS_DIR/node20.json"
  run_test_step 'unit tests on Node.js 24 (vitest run --project protocol server agent web)' \
    "$RESULTS_DIR/node24.json" unit_tests_on_node24 "$RESULTS_DIR/node24.json"
  finish
}

main "$@"
