#!/usr/bin/env bash
# Every test: unit, integration and end-to-end suites in parallel workers, then the queue and
# cache suites again on a throwaway Redis Cluster (started and removed by the run), then the
# fault suite one file at a time (it kills workers and stops servers, so it must not share the
# cores), then the browser suite (Chromium against the running stack), also alone.
# With JEST_RESULTS_DIR set, each run also writes Jest's JSON results there (used by CI).
# First the Debian tools the suites call: installed when missing and possible, otherwise the run
# stops here, saying what to install, rather than failing suite by suite much later.
set -uo pipefail
cd "$(dirname "$0")/.."
"$BASH" scripts/ensure-tools.sh || exit 1
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules"

json() { [ -n "${JEST_RESULTS_DIR:-}" ] && mkdir -p "$JEST_RESULTS_DIR" && echo "--json --outputFile=$JEST_RESULTS_DIR/$1.json"; }

status=0
# shellcheck disable=SC2046
pnpm exec jest --selectProjects unit integration e2e $(json main) "$@" || status=1
# shellcheck disable=SC2046
TEST_REDIS_CLUSTER=1 pnpm exec jest --selectProjects cluster $(json cluster) || status=1
# shellcheck disable=SC2046
pnpm exec jest --selectProjects faults --runInBand $(json faults) || status=1
# shellcheck disable=SC2046
pnpm exec jest --selectProjects browser --runInBand $(json browser) || status=1
exit $status
