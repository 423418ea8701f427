#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian 12 packages Attention Book needs to build, run and test.
# Installs only what is missing; as root it runs apt-get, otherwise it prints
# the command to run and fails.
set -eu

packages="
  meson ninja-build pkg-config gcc python3 gettext python3-torch
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  libmd4c-dev libopenblas-dev libharfbuzz-dev libfreetype-dev libcairo2-dev libpango1.0-dev libfontconfig-dev
  fonts-lmodern fonts-dejavu-core adwaita-icon-theme gsettings-desktop-schemas
  desktop-file-utils appstream
  xvfb xauth librsvg2-bin poppler-utils
  at-spi2-core python3-pyatspi dbus-daemon flatpak-builder fontconfig
  hugo chromium chromium-driver python3-selenium libjs-katex
  clang libclang-rt-14-dev
"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Attention Book needs these Debian packages:$missing" >&2
  echo "Install them as root:  sudo apt-get install -y$missing" >&2
  exit 1
fi

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
