#!/usr/bin/env bash
# Takes the README's screenshots of this repository's guide: the home page, a
# situation, and a worksheet on a phone, each light and dark, into
# docs/screenshots/. Run it from anywhere after a theme change:
#
#   docs/screenshots.sh
#
# It builds the guide with `cargo run --release -- build` into a temporary
# folder, serves it on 127.0.0.1, and photographs it with headless Chromium
# (Debian's /usr/bin/chromium, or $CHROMIUM) driven by the browser tests'
# playwright-core (installed with `npm ci` in tests/browser when missing).
# pngquant, when installed, makes the pictures smaller without a visible change.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/docs/screenshots"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "Chromium is missing: apt-get install -y chromium (or set CHROMIUM)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing (it serves the built guide)" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js is missing: apt-get install -y nodejs npm" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A fresh build of the guide, as the README's first command makes it.
(cd "$repo" && cargo run --release --quiet -- build --out "$work/site" >/dev/null)

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

# The browser is driven by the browser tests' playwright-core.
if [ ! -d "$repo/tests/browser/node_modules/playwright-core" ]; then
  (cd "$repo/tests/browser" && npm ci --no-audit --no-fund >/dev/null)
fi
mkdir -p "$out"
CHROMIUM="$chromium" node "$repo/docs/screenshots.mjs" "http://127.0.0.1:$port/" "$out"
if command -v pngquant >/dev/null; then
  for file in "$out"/*.png; do
    pngquant --force --skip-if-larger --quality 70-95 --output "$file" "$file" || true
  done
fi
