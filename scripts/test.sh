#!/usr/bin/env bash
# Every test. The build runs once, first (the end-to-end, fault and browser suites spawn the built
# apps), and each Jest run is told so, so no run rewrites dist/ under another's processes. Then
# the unit, integration and end-to-end suites in four workers (most of them wait on the processes
# they spawn, so more workers than cores); then, at the same time, the queue and cache suites
# again on a throwaway Redis Cluster (started and removed by that run) and the browser suite
# (Chromium against the running stack, one file at a time), each run with its own database and
# key prefix; last, alone, the fault suite one file at a time: it kills workers and stops the
# Redis and Postgres servers, so nothing else may run meanwhile.
# With JEST_RESULTS_DIR set, each run also writes Jest's JSON results there (used by CI).
# First the Debian tools the suites call: installed when missing and possible, otherwise the run
# stops here, saying what to install, rather than failing suite by suite much later.
set -uo pipefail
cd "$(dirname "$0")/.."
"$BASH" scripts/ensure-tools.sh || exit 1
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules"

json() { [ -n "${JEST_RESULTS_DIR:-}" ] && mkdir -p "$JEST_RESULTS_DIR" && echo "--json --outputFile=$JEST_RESULTS_DIR/$1.json"; }

node scripts/build.mjs || exit 1
export TEST_BUILT=1

status=0
# A handle a suite leaves open (a timer, a reconnecting client) must not hang the run after its
# results are written: every run exits once they are in. `pnpm exec jest --detectOpenHandles
# <file>` finds such a handle.
# shellcheck disable=SC2046
pnpm exec jest --selectProjects unit integration e2e --maxWorkers=4 --forceExit $(json main) "$@" || status=1
# shellcheck disable=SC2046
TEST_REDIS_CLUSTER=1 pnpm exec jest --selectProjects cluster --forceExit $(json cluster) &
cluster=$!
# shellcheck disable=SC2046
pnpm exec jest --selectProjects browser --runInBand --forceExit $(json browser) &
browser=$!
wait "$cluster" || status=1
wait "$browser" || status=1
# shellcheck disable=SC2046
pnpm exec jest --selectProjects faults --runInBand --forceExit $(json faults) || status=1
exit $status
