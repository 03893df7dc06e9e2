#!/usr/bin/env bash
# The Debian tools some suites call, checked before any test runs. Missing ones are installed
# when this machine can (root with apt-get); whatever is still missing then stops the run at once
# with one line per tool: the package that provides it and the command that installs it.
# The *_PATH variables point a suite at a binary elsewhere; it is checked instead of the name.
set -uo pipefail

# command | Debian package | what needs it
TOOLS=(
  "${CHROMIUM_PATH:-chromium}|chromium|the browser suite"
  "${PROMTOOL_PATH:-promtool}|prometheus|the alert tests"
  "pdftotext|poppler-utils|the export tests"
  "redis-server|redis-server|the Redis Cluster suites"
  "redis-cli|redis-tools|the Redis Cluster suites"
  "${DOCKER_COMPOSE_PATH:-docker-compose}|docker-compose|the compose file check"
  "${NGINX_PATH:-nginx}|nginx-light|the proxy config check"
)

# Debian puts some binaries (nginx) in /usr/sbin, which a non-root PATH may lack.
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

can_install() { [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

updated=0
install_package() { # package
  echo "installing $1"
  apt_install "$1" && return 0
  [ "$updated" -eq 1 ] && return 1
  updated=1
  apt-get update -qq >/dev/null 2>&1 && apt_install "$1"
}
apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1; }

missing=0
for entry in "${TOOLS[@]}"; do
  IFS='|' read -r tool package needs <<<"$entry"
  have "$tool" && continue
  can_install && install_package "$package" && have "$tool" && continue
  echo "missing $tool ($needs): install the Debian package $package as root: apt-get install -y $package" >&2
  missing=1
done
exit "$missing"
