#!/usr/bin/env bash
# Installs what fazhi needs on a Debian machine: system packages (apt) and a Python virtual
# environment in .venv with fazhi and its test tools (pip). Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-noto-cjk fonts-arphic-gbsn00lp libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "==> apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The documents name the fonts of Chinese official documents (仿宋_GB2312, 方正小标宋简体, 黑体…); these
# fontconfig aliases map them to the free fonts above. A licensed font installed under its real name wins.
FONT_CONF=fazhi/documents/fonts/65-fazhi-fonts.conf
if ! cmp -s "$FONT_CONF" /etc/fonts/conf.d/65-fazhi-fonts.conf; then
  echo "==> fonts: installing /etc/fonts/conf.d/65-fazhi-fonts.conf"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO install -m 644 "$FONT_CONF" /etc/fonts/conf.d/65-fazhi-fonts.conf
  $SUDO fc-cache -f >/dev/null 2>&1
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> python: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.fazhi-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> pip: installing fazhi and its test tools into .venv"
  .venv/bin/pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/pip install -q --disable-pip-version-check -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import fazhi, django, playwright" && echo "$want" > "$stamp"
fi
