#!/usr/bin/env bash
# Install what the browser tests need, and nothing twice:
#   - Debian's chromium (driven by Python playwright with executable_path=/usr/bin/chromium;
#     `playwright install` is never run: it would download a browser from another host),
#   - the npm checkers in tests/browser/node_modules (axe-core, vnu-jar) and TimelineJS (the
#     export's real client).
# Java (for vnu.jar) is installed when missing too. Safe to run again: it only acts on what is absent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
browser_dir="$here/tests/browser"

sudo_cmd=()
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
fi

missing_debs=()
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
command -v java >/dev/null 2>&1 || missing_debs+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing_debs+=(npm)
if [ "${#missing_debs[@]}" -gt 0 ]; then
    echo "setup-browser: installing ${missing_debs[*]} from Debian"
    "${sudo_cmd[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing_debs[@]}"
else
    echo "setup-browser: chromium, java and npm already installed"
fi

if [ ! -f "$browser_dir/node_modules/axe-core/axe.min.js" ] \
        || [ ! -f "$browser_dir/node_modules/vnu-jar/build/dist/vnu.jar" ] \
        || [ ! -f "$browser_dir/node_modules/@knight-lab/timelinejs/dist/js/timeline.js" ]; then
    echo "setup-browser: installing axe-core and vnu-jar into tests/browser/node_modules"
    if [ -f "$browser_dir/package-lock.json" ]; then
        npm ci --prefix "$browser_dir" --no-audit --no-fund
    else
        npm install --prefix "$browser_dir" --no-audit --no-fund
    fi
else
    echo "setup-browser: tests/browser/node_modules already installed"
fi

/usr/bin/chromium --version
java -version 2>&1 | head -n 1
