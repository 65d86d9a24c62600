#!/bin/sh
# Make sure Debian's Chromium is present for the browser tests (tests/browser).
# Installs the `chromium` package when it is missing and we may (root or sudo);
# otherwise says why, and the browser tests skip with that reason.
set -u
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: no apt-get here; the browser tests will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure-chromium: not root and no sudo; the browser tests will be skipped" >&2
        exit 0
    fi
fi
echo "ensure-chromium: installing Debian's chromium" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
    || echo "ensure-chromium: could not install chromium; the browser tests will be skipped" >&2
exit 0
