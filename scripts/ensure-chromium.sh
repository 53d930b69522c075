#!/usr/bin/env bash
# Ensure a system Chromium exists at /usr/bin/chromium for Playwright (Playwright's own browser download is
# never used; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 is honoured). Also installs fonts for non-Latin demo
# languages (hi, zh, ar, ...) so screenshots show text instead of boxes; that part is optional.
set -euo pipefail
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
UPDATED=0
apt_install() { # apt_install PKG... (runs apt-get update once)
  if [ "$UPDATED" -eq 0 ]; then echo "+ $SUDO apt-get update"; $SUDO apt-get update; UPDATED=1; fi
  echo "+ $SUDO apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "$@"
}

if [ -x /usr/bin/chromium ]; then
  echo "ensure-chromium: found $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
else
  echo "ensure-chromium: /usr/bin/chromium missing; installing the Debian 'chromium' package"
  apt_install chromium
  echo "ensure-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
fi

has_font() { command -v fc-list >/dev/null && [ -n "$(fc-list ":lang=$1" 2>/dev/null)" ]; }
FONTS=()
has_font hi || FONTS+=(fonts-noto-core)     # Devanagari, Arabic, Thai, ...
has_font zh || FONTS+=(fonts-wqy-microhei)  # CJK, small
if [ ${#FONTS[@]} -gt 0 ]; then
  echo "ensure-chromium: installing fonts for screenshots: ${FONTS[*]} (optional)"
  apt_install "${FONTS[@]}" || echo "ensure-chromium: WARNING: font install failed; non-Latin text may render as boxes"
fi
