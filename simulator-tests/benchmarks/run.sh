#!/usr/bin/env bash
# The one benchmark command: ours vs raw BouncyCastle, JIT and interpreter, summarised into docs/benchmarks.md.
#
#   simulator-tests/benchmarks/run.sh                       # full run (JIT: 5 forks x 5 x 1 s after 3 x 1 s warm-up)
#   FORKS=1 WARMUP=1 ITERS=2 simulator-tests/benchmarks/run.sh   # quick check, not a measurement
#
# Knobs (environment): FORKS, WARMUP, ITERS, WTIME, RTIME for the JIT run; XINT_FORKS, XINT_WARMUP, XINT_ITERS,
# XINT_WTIME, XINT_RTIME for the -Xint run (interpreted crypto is ~200x slower, so fewer, longer iterations);
# FILTER (a JMH regexp, default all io.tailnode.bench benchmarks); SKIP_XINT=1 to skip the interpreter run.
# Machine: single-threaded benchmarks; a full run (24 benchmarks) keeps one core busy for about 20 min (JIT ~17, -Xint ~4);
# do not run it beside other builds.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

FORKS=${FORKS:-5}
WARMUP=${WARMUP:-3}
ITERS=${ITERS:-5}
WTIME=${WTIME:-1s}
RTIME=${RTIME:-1s}
XINT_FORKS=${XINT_FORKS:-1}
XINT_WARMUP=${XINT_WARMUP:-1}
XINT_ITERS=${XINT_ITERS:-3}
XINT_WTIME=${XINT_WTIME:-2s}
XINT_RTIME=${XINT_RTIME:-2s}
FILTER=${FILTER:-io\.tailnode\.bench\..*}
SKIP_XINT=${SKIP_XINT:-0}

out="$here/target"
cpfile="$out/classpath.txt"

# Build (with the modules it depends on) and write the runtime class path in the same reactor, so that
# tailnode-crypto resolves to the jar just built rather than to whatever is in ~/.m2.
mvn -q -pl simulator-tests/benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime
jar=$(ls "$out"/tailnode-benchmarks-*.jar | head -n 1)
cp="$jar:$(cat "$cpfile")"

jit_settings="-f $FORKS -wi $WARMUP -w $WTIME -i $ITERS -r $RTIME -prof gc"
xint_settings="-f $XINT_FORKS -wi $XINT_WARMUP -w $XINT_WTIME -i $XINT_ITERS -r $XINT_RTIME -prof gc -jvmArgsAppend -Xint"

echo "== JIT: $jit_settings"
# shellcheck disable=SC2086
java -cp "$cp" org.openjdk.jmh.Main "$FILTER" $jit_settings \
    -rf json -rff "$out/jmh-jit.json" | tee "$out/jmh-jit.log"

xint_args=()
if [ "$SKIP_XINT" != 1 ]; then
    echo "== interpreter: $xint_settings"
    # shellcheck disable=SC2086
    java -cp "$cp" org.openjdk.jmh.Main "$FILTER" $xint_settings \
        -rf json -rff "$out/jmh-xint.json" | tee "$out/jmh-xint.log"
    xint_args=(--xint "$out/jmh-xint.json" --xint-settings "$xint_settings")
fi

quick=()
if [ "$FORKS" -lt 5 ] || [ "$WARMUP" -lt 3 ] || [ "$ITERS" -lt 5 ]; then
    quick=(--quick "FORKS=$FORKS WARMUP=$WARMUP ITERS=$ITERS WTIME=$WTIME RTIME=$RTIME")
fi

python3 "$here/summarise.py" --jit "$out/jmh-jit.json" --jit-settings "$jit_settings" \
    "${xint_args[@]}" "${quick[@]}" --out "$root/docs/benchmarks.md"
echo "wrote docs/benchmarks.md"
