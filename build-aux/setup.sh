# build-aux/setup.sh: sourced by build-aux/run and build-aux/test.
#
# Installs what the build needs on Debian or Ubuntu (with sudo when not
# root), then configures and builds into _build. Elsewhere it prints the
# packages to install and stops.

set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="$top/_build"

build_packages=(
  appstream
  desktop-file-utils
  gcc
  gettext
  git
  libadwaita-1-dev
  libglib2.0-bin
  libglib2.0-dev
  libgit2-dev
  libgtk-4-dev
  libjson-glib-dev
  librsvg2-common
  libsoup-3.0-dev
  libsqlite3-dev
  libyaml-dev
  meson
  ninja-build
  pkg-config
  python3
  shared-mime-info
)

test_packages=(
  at-spi2-core
  clang
  dbus
  dbus-x11
  graphviz
  prometheus
  xauth
  xvfb
)

ferry_install_packages() {
  local wanted=("$@") missing=() pkg

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "This system has no apt. Install the equivalents of these Debian packages, then run again:" >&2
    printf '  %s\n' "${wanted[@]}" >&2
    exit 1
  fi

  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done

  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# ferry_build [MESON_SETUP_ARGS...]
ferry_build() {
  if [ -f "$builddir/build.ninja" ]; then
    [ $# -gt 0 ] && meson configure "$builddir" "$@" >/dev/null
  else
    meson setup "$builddir" "$top" "$@"
  fi
  meson compile -C "$builddir"
}
