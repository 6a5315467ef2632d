#!/usr/bin/env bash
# Open-ended fuzzing (not in CI): runs one fuzz target with a random seed for a while.
#   net-stack/fuzz.sh <target> [seconds] [seed]
# Targets: wire, receive, ip (net-stack), wgconfig (firmware). A failing input is written to
# <module>/src/test/resources/fuzz/<target>/regressions/ (replayed by every later `mvn verify`); commit it with
# the fix. Same code as the CI run (docs/fuzzing.md), only the seed and the budget differ.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: net-stack/fuzz.sh <wire|receive|ip|wgconfig|derp|derpmap|stun|disco> [seconds] [seed]}
seconds=${2:-600}
seed=${3:-0x$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')}
case "$target" in
  wire) module=net-stack; test=io.tailnode.wg.WireFuzzTest ;;
  receive) module=net-stack; test=io.tailnode.wg.ReceiveFuzzTest ;;
  ip) module=net-stack; test=io.tailnode.ip.IpFuzzTest ;;
  wgconfig) module=firmware; test=io.tailnode.firmware.wgconfig.WgConfigFuzzTest ;;
  derp) module=net-stack; test=io.tailnode.derp.DerpFuzzTest ;;
  derpmap) module=net-stack; test=io.tailnode.derp.DerpMapFuzzTest ;;
  stun) module=net-stack; test=io.tailnode.stun.StunFuzzTest ;;
  disco) module=net-stack; test=io.tailnode.disco.DiscoFuzzTest ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
regressions="$PWD/$module/src/test/resources/fuzz/$target/regressions"
echo "[fuzz] $target for ${seconds}s, seed $seed; crashers go to $regressions"
offline=-o
[ -n "${FUZZ_ONLINE:-}" ] && offline=
set +e
mvn -q $offline -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -DskipAllocationTests=true -Dfuzz.seconds="$seconds" -Dfuzz.seed="$seed" -Dfuzz.crashDir="$regressions" \
  -Dsurefire.timeout=0 2>&1 | grep -E '^fuzz |Error|Exception|written to|Caused by' | head -40
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
  echo "[fuzz] FAILED (see the input above; its file is in $regressions)"
fi
exit "$rc"
