#!/usr/bin/env bash
# Installs what tasuke needs and builds it. Safe to run again and again: each step only does
# work when something is missing or out of date. Used by scripts/start.sh and scripts/test.sh.
#
#   scripts/setup.sh                  check Node.js, install npm packages, build
#   scripts/setup.sh --with-agent     also build the customer's program for Linux and Windows
#                                     (packages/agent/dist/executables), which the server serves
#   scripts/setup.sh --with-browser   also install the Debian packages the end-to-end tests
#                                     need (chromium, xvfb, xauth, fonts-noto-cjk; xterm,
#                                     xdotool, x11-utils, x11-xserver-utils, x11-apps for the
#                                     X11 tests; xclip for the clipboard tests; Xvnc
#                                     (tigervnc-standalone-server), whose screen size can change,
#                                     for the resolution tests; osslsigncode for
#                                     signed Windows downloads; dbus-daemon and gdbus
#                                     (libglib2.0-bin) for the tray icon tests; Mono's C#
#                                     compiler and mono-service for the Windows service host)
set -euo pipefail

readonly REQUIRED_NODE='20.19.0'
readonly BROWSER_PACKAGES=(chromium xvfb xauth fonts-noto-cjk xterm xdotool x11-utils x11-xserver-utils x11-apps xclip tigervnc-standalone-server osslsigncode dbus-daemon libglib2.0-bin mono-mcs mono-4.0-service libmono-system-serviceprocess4.0-cil)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly BUILD_STAMP="$ROOT/.cache/build.stamp"

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
}

# ── Node.js ─────────────────────────────────────────────────────────────────

check_node() {
  command -v node >/dev/null 2>&1 ||
    die "Node.js >= $REQUIRED_NODE is required, and 'node' is not on PATH. Install Node.js 20.19 or newer (https://nodejs.org/ or your distribution's package)."
  command -v npm >/dev/null 2>&1 || die "npm is required (it comes with Node.js), and 'npm' is not on PATH."

  local version major minor patch want_major want_minor want_patch
  version="$(node -p 'process.versions.node')"
  IFS=. read -r major minor patch <<<"$version"
  IFS=. read -r want_major want_minor want_patch <<<"$REQUIRED_NODE"
  if ((major < want_major ||
    (major == want_major && minor < want_minor) ||
    (major == want_major && minor == want_minor && patch < want_patch))); then
    die "Node.js >= $REQUIRED_NODE is required, but $(command -v node) is $version. Install Node.js 20.19 or newer."
  fi
}

# ── Debian packages (only with --with-browser) ──────────────────────────────

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_browser_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    log "warning: not a Debian-like system; install these yourself for the end-to-end tests: ${BROWSER_PACKAGES[*]}"
    return 0
  fi

  local missing=() package
  for package in "${BROWSER_PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
  done
  if ((${#missing[@]} == 0)); then
    log "Debian packages for the browser tests are installed (${BROWSER_PACKAGES[*]})"
    return 0
  fi

  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# ── npm packages ────────────────────────────────────────────────────────────

install_npm_packages() {
  local installed="$ROOT/node_modules/.package-lock.json"
  if [[ -d "$ROOT/node_modules" && -f "$installed" && ! "$ROOT/package-lock.json" -nt "$installed" ]]; then
    log "npm packages are up to date"
    return 0
  fi
  log "installing npm packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund) || die "npm ci failed (see above)"
}

# ── Build ───────────────────────────────────────────────────────────────────

# The packages that have sources (some may still be empty while they are being written).
packages_with_sources() {
  local dir
  for dir in "$ROOT"/packages/*/; do
    dir="${dir%/}"
    if [[ -d "$dir/src" ]] && [[ -n "$(find "$dir/src" -type f -print -quit)" ]]; then
      printf '%s\n' "$dir"
    fi
  done
}

needs_build() {
  [[ -f "$BUILD_STAMP" ]] || return 0

  local dir
  while IFS= read -r dir; do
    [[ -d "$dir/dist" ]] || return 0
  done < <(packages_with_sources)

  # Anything that feeds the build and changed since the last successful one.
  local changed
  changed="$(
    find "$ROOT/package.json" "$ROOT/package-lock.json" "$ROOT"/tsconfig*.json \
      "$ROOT"/packages/*/package.json "$ROOT"/packages/*/tsconfig*.json \
      "$ROOT"/packages/*/vite.config.* "$ROOT"/packages/*/src \
      -newer "$BUILD_STAMP" -type f -print -quit 2>/dev/null || true
  )"
  [[ -n "$changed" ]]
}

# tsc -b trusts its .tsbuildinfo files: when a dist/ folder was deleted by hand, it would
# consider the package up to date and not write it again. Forget the build info then.
forget_stale_build_info() {
  local dir
  for dir in "$ROOT"/packages/*/; do
    dir="${dir%/}"
    if [[ -f "$dir/tsconfig.tsbuildinfo" && ! -d "$dir/dist" ]]; then
      rm -f "$dir/tsconfig.tsbuildinfo"
    fi
  done
}

build() {
  if ! needs_build; then
    log "build is up to date"
    return 0
  fi
  forget_stale_build_info
  log "building (npm run build)"
  # Stamp the time the build started, so that edits made while it runs trigger the next one.
  mkdir -p "$(dirname "$BUILD_STAMP")"
  touch "$BUILD_STAMP.next"
  (cd "$ROOT" && npm run build --silent) || die "the build failed (see above)"
  mv -f "$BUILD_STAMP.next" "$BUILD_STAMP"
}

# ── The customer's program (only with --with-agent) ─────────────────────────

readonly AGENT_EXECUTABLES="$ROOT/packages/agent/dist/executables"

# Built when missing or older than the last build of the agent; the first build downloads
# Node.js 24 for Linux and Windows from the npm registry (about 60 MB).
build_agent_executables() {
  local newest="$AGENT_EXECUTABLES/tasuke-agent-linux-x64"
  if [[ -f "$newest" && -f "$AGENT_EXECUTABLES/tasuke-agent-win-x64.exe" &&
    ! "$BUILD_STAMP" -nt "$newest" ]]; then
    log "the customer's program is built ($AGENT_EXECUTABLES)"
    return 0
  fi
  log "building the customer's program for Linux and Windows (about a minute)"
  (cd "$ROOT" && npm run build:exe --silent -w @tasuke/agent -- --platform all --no-sizes) ||
    die "building the customer's program failed (see above)"
}

# ── Main ────────────────────────────────────────────────────────────────────

main() {
  local with_browser=false with_agent=false arg
  for arg in "$@"; do
    case "$arg" in
      --with-browser) with_browser=true ;;
      --with-agent) with_agent=true ;;
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

  check_node
  if [[ "$with_browser" == true ]]; then
    install_browser_packages
  fi
  install_npm_packages
  build
  if [[ "$with_agent" == true ]]; then
    build_agent_executables
  fi
}

main "$@"
