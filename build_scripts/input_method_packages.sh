#!/usr/bin/env bash
# Debian packages for tests/e2e/test_input_method.py: Fcitx 5 with its pinyin engine, a D-Bus
# session bus, xclip (reads what the program selected) and xdotool/Xvfb (dev.sh has those).
set -euo pipefail
PACKAGES=(fcitx5 fcitx5-chinese-addons dbus-daemon dbus-bin xclip xdotool xvfb xauth)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages for the input-method test: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive timeout 900 $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
