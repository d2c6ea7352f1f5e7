# shellcheck shell=bash
# Shared by the scripts in scripts/: messages and running a command as root.
# Source it; it defines functions only.

log() { printf 'tasuke: %s\n' "$*" >&2; }

die() {
  log "error: $*"
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo (which never prompts
# when there is no terminal to answer on).
as_root() {
  if ((EUID == 0)); then
    "$@"
  elif ! command -v sudo >/dev/null 2>&1; then
    die "this needs root and sudo is not installed; run as root: $*"
  elif [[ -t 0 ]]; then
    sudo "$@"
  else
    sudo -n "$@" || die "sudo needs a password and there is no terminal to ask on; run as root: $*"
  fi
}
