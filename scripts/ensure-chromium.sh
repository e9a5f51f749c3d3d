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
  # a failed install must not stop the other tests from running; the browser test itself reports what is missing
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; then
    echo "Installed: $(chromium --version 2>/dev/null || echo chromium)"
  else
    echo "Could not install chromium and chromium-driver with apt-get; the dashboard browser tests cannot run." >&2
  fi
else
  cat >&2 <<MSG
Headless Chromium is missing: the dashboard browser test (axonserver DashboardBrowserIT) is skipped (it fails when CI=true).
Install it with:  sudo apt-get install -y chromium chromium-driver
MSG
fi
