#!/usr/bin/env bash
# Installs the Debian packages Gremienportal needs, only those that are missing.
#   scripts/setup-system.sh          packages to run the app (WeasyPrint's Pango, fonts, Node.js)
#   scripts/setup-system.sh --test   also Chromium for the browser suite, poppler-utils and
#                                    redis-server (the production start test's rate limits)
set -euo pipefail

packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
          fonts-noto-core fonts-liberation2 nodejs npm)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium poppler-utils redis-server)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Node.js may come from another source than Debian: accept any working node and npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
