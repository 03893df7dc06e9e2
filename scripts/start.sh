#!/usr/bin/env bash
# One command from a fresh clone to a running service: installs pnpm and the dependencies,
# builds, checks Postgres and Redis, migrates, seeds the demo project and starts the stack.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm $PNPM_VERSION"
  npm install --global --silent --exact "pnpm@$PNPM_VERSION"
fi
pnpm install --frozen-lockfile --reporter=silent
exec pnpm quickstart "$@"
