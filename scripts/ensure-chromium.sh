#!/usr/bin/env bash
# Makes sure headless Chromium and its driver (Debian packages `chromium` and `chromium-driver`) are installed: the
# axonserver dashboard's browser tests drive them through Selenium with /usr/bin/chromedriver.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium and chromium-driver (browser tests of the axonserver dashboard)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  echo "Installed: $(chromium --version 2>/dev/null || echo chromium)"
else
  cat >&2 <<MSG
Headless Chromium is missing: the dashboard browser tests (axonserver *BrowserIT) will be skipped.
Install it with:  sudo apt-get install -y chromium chromium-driver
MSG
fi
