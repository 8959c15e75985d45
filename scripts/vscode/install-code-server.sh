#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, web workbench +
# server) into a cache folder outside the repository, without any download
# other than the npm registry. Used by test/vscode/run.mjs, test/ui/run.mjs and
# scripts/vscode/start.mjs when no desktop VS Code is available.
#
# Why by hand: `npm install code-server` runs a postinstall script that
# downloads binaries (ripgrep, VS Code's built-in extensions' deps, ...) from
# GitHub, which this kind of machine cannot reach. We install with
# --ignore-scripts and redo that postinstall minus the downloads, following
# /work/shared/recipes/real-vscode-offline.md.
#
# Usage:   bash scripts/vscode/install-code-server.sh
# Env:     SPEC_HANDOFF_VSCODE_CACHE  install folder
#          (default: $HOME/.cache/spec-handoff/code-server-4.100.3)
# Needs:   Node 20, npm, and the Debian packages
#          libkrb5-dev libsecret-1-dev pkg-config ripgrep chromium
#          (plus make, g++ and python3 for the native modules).
# Idempotent: a stamp file is written only after every step succeeded; with it
# present the script prints "already installed" and exits at once.
set -euo pipefail

readonly CODE_SERVER_VERSION="4.100.3"
readonly CACHE="${SPEC_HANDOFF_VSCODE_CACHE:-$HOME/.cache/spec-handoff/code-server-$CODE_SERVER_VERSION}"
readonly STAMP="$CACHE/.spec-handoff-installed"
# Written first: proves a folder without a stamp is one of our half-finished
# installs (safe to wipe), not some unrelated folder the variable points at.
readonly PARTIAL_MARKER="$CACHE/.spec-handoff-partial"
readonly CODE_SERVER_DIR="$CACHE/node_modules/code-server"

started_ns=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - started_ns) / 1000000 ))" | awk '{ printf "%.1f s", $1 / 1000 }'; }
log() { printf '[install-code-server] %s\n' "$*"; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ -f "$STAMP" && -x "$CACHE/node_modules/.bin/code-server" ]]; then
  log "already installed: code-server $CODE_SERVER_VERSION in $CACHE ($(elapsed))"
  exit 0
fi

# --- prerequisites: fail early with the fix, not half-way through a build ---
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "node not found on PATH"
# code-server 4.100.x declares engines.node 20; its native modules are built
# against the running Node, so another major would build but not load.
[[ "$node_major" == "20" ]] || die "Node 20 is required (found $(node -v)); code-server $CODE_SERVER_VERSION is built for Node 20"
command -v npm >/dev/null || die "npm not found on PATH"
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v krb5-config >/dev/null || [[ -e /usr/include/gssapi/gssapi.h ]] || missing+=(libkrb5-dev)
pkg-config --exists libsecret-1 2>/dev/null || missing+=(libsecret-1-dev)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
command -v python3 >/dev/null || missing+=(python3)
if (( ${#missing[@]} )); then
  die "missing system packages: ${missing[*]}
  install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
fi

mkdir -p "$(dirname "$CACHE")"
# Two runs at once (e.g. two test runners) must not build into the same folder.
exec 9>"$CACHE.lock"
flock 9

# Another process may have finished while we waited for the lock.
if [[ -f "$STAMP" && -x "$CACHE/node_modules/.bin/code-server" ]]; then
  log "already installed (by a concurrent run): $CACHE ($(elapsed))"
  exit 0
fi

if [[ -d "$CACHE" ]]; then
  if [[ -f "$PARTIAL_MARKER" || -z "$(ls -A "$CACHE")" ]]; then
    log "removing an unfinished earlier install in $CACHE"
    rm -rf "$CACHE"
  else
    die "$CACHE exists but was not created by this script; move it away or set SPEC_HANDOFF_VSCODE_CACHE"
  fi
fi
mkdir -p "$CACHE"
: >"$PARTIAL_MARKER"
log "installing code-server $CODE_SERVER_VERSION into $CACHE"

# A private package.json so npm installs here instead of walking up to some
# parent project, and so the install is not recorded in anyone's lockfile.
cat >"$CACHE/package.json" <<JSON
{ "name": "spec-handoff-code-server-cache", "private": true, "version": "0.0.0" }
JSON

# npm_config_yes=true: node-pty's install step runs npx, and the user npmrc
# here sets yes=false, which would make npx refuse instead of proceeding.
export npm_config_yes=true
# Quieter, and no network calls besides fetching packages.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { log "[$(elapsed)] $*"; }

step "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION"
(cd "$CACHE" && npm install --no-save --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION")
[[ -d "$CODE_SERVER_DIR/lib/vscode" ]] || die "code-server package has no lib/vscode; unexpected layout"

# What code-server's postinstall.sh does, minus its downloads:
step "lib/vscode: npm install --ignore-scripts --omit=dev"
(cd "$CODE_SERVER_DIR/lib/vscode" && npm install --ignore-scripts --omit=dev --loglevel=error)

# @vscode/ripgrep's own postinstall downloads rg from GitHub; the system one
# does the same job (VS Code uses it for search and Quick Open file listing).
step "lib/vscode: use the system ripgrep ($(command -v rg))"
mkdir -p "$CODE_SERVER_DIR/lib/vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$CODE_SERVER_DIR/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

step "lib/vscode: npm rebuild (native modules: node-pty, kerberos, spdlog, ...)"
(cd "$CODE_SERVER_DIR/lib/vscode" && npm rebuild --loglevel=error)

# VS Code's server loads modules from node_modules.asar in desktop builds; in
# the server build a symlink to the plain folder stands in for it.
(cd "$CODE_SERVER_DIR/lib/vscode" && ln -sfn node_modules node_modules.asar)
(cd "$CODE_SERVER_DIR/lib/vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$CODE_SERVER_DIR/lib/vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)

step "lib/vscode/extensions: npm install --ignore-scripts --omit=dev (built-in extensions' deps)"
(cd "$CODE_SERVER_DIR/lib/vscode/extensions" && npm install --ignore-scripts --omit=dev --loglevel=error)

# argon2 (password hashing) is a native module of code-server itself; it is
# loaded at startup even with --auth none.
step "npm rebuild argon2"
(cd "$CACHE" && npm rebuild argon2 --loglevel=error)

step "checking the install"
# code-server writes a default config (with a generated password) and a log
# folder under $HOME on first start; point both at a throwaway folder so that
# checking the install leaves nothing behind in the user's home.
check_home=$(mktemp -d)
trap 'rm -rf "$check_home"' EXIT
version_out=$(XDG_CONFIG_HOME="$check_home/config" XDG_DATA_HOME="$check_home/data" \
  "$CACHE/node_modules/.bin/code-server" --version 2>"$check_home/stderr") || die "code-server --version failed:
$version_out
$(cat "$check_home/stderr")"
# First start also logs "Wrote default config file ..."; keep the version line.
version_out=$(printf '%s\n' "$version_out" | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' || printf '%s' "$version_out")
log "code-server --version: $version_out"
[[ "$version_out" == *"$CODE_SERVER_VERSION"* ]] || die "unexpected version output: $version_out"
# Loading the native modules the server needs at runtime catches a bad build
# now instead of as an obscure extension-host failure later.
(cd "$CODE_SERVER_DIR/lib/vscode" && node -e '
  for (const m of ["node-pty", "@vscode/spdlog", "kerberos", "native-watchdog"]) {
    try { require(m); } catch (e) { console.error(m + ": " + e.message); process.exit(1); }
  }') || die "a native module of VS Code does not load; see the error above"
(cd "$CACHE" && node -e 'require("argon2")') || die "argon2 does not load"

rm -f "$PARTIAL_MARKER"
printf '%s\n' "code-server $CODE_SERVER_VERSION" "installed $(date -u +%Y-%m-%dT%H:%M:%SZ)" "node $(node -v)" >"$STAMP"
log "done: code-server $CODE_SERVER_VERSION ($(echo "$version_out" | grep -o "Code [0-9.]*" | head -1 | sed "s/^Code /VS Code /")) in $CACHE — took $(elapsed)"
