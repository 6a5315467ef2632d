#!/usr/bin/env bash
# The one benchmark command: JMH (device paths with the bytes they allocate; ours vs raw BouncyCastle, JIT and
# interpreter), the retained-heap footprint (JOL) with its plot, and the README figures block generated from it.
#
#   simulator-tests/benchmarks/run.sh             # full run (JIT: 5 forks x 5 x 1 s after 3 x 1 s warm-up)
#   simulator-tests/benchmarks/run.sh --quick     # 1 fork, short iterations: indicative figures in ~10 min
#   simulator-tests/benchmarks/run.sh --goodput   # also the tunnel goodput interop run (root, wireguard-go)
#   simulator-tests/benchmarks/run.sh --summary-only   # redo the summary and README block from the last run
#   simulator-tests/benchmarks/run.sh --footprint-only # measure the footprint again (host and board profiles) and
#                                                      # splice it into docs/benchmarks.md (JMH parts kept as they are)
#
# Writes docs/benchmarks.md (date, machine, JDK, tables), docs/footprint.png, and the README block between
# <!-- figures:begin --> and <!-- figures:end --> (FiguresBlockTest checks the two agree).
#
# Knobs (environment): FORKS, WARMUP, ITERS, WTIME, RTIME for the JIT run; XINT_FORKS, XINT_WARMUP, XINT_ITERS,
# XINT_WTIME, XINT_RTIME for the -Xint run (interpreted code is ~50-200x slower, so fewer, longer iterations);
# FILTER (a JMH regexp, default all io.tailnode.bench benchmarks); SKIP_XINT=1 to skip the interpreter run;
# LOAD_NOTE, a sentence on other work on the machine, added to the header next to the measured load average.
# --goodput runs DeviceServicesInteropTest (network namespaces with fixed names: never beside other interop
# runs) and keeps its figures in target/goodput.txt for this and later summaries.
# Machine: single-threaded benchmarks; a full run keeps one core busy for about 25 min; do not run it beside
# other builds.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

QUICK=0
GOODPUT=0
SUMMARY_ONLY=0
FOOTPRINT_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        --goodput) GOODPUT=1 ;;
        --summary-only) SUMMARY_ONLY=1 ;;
        --footprint-only) SUMMARY_ONLY=1; FOOTPRINT_ONLY=1 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $arg (--quick, --goodput, --summary-only, --footprint-only)" >&2; exit 2 ;;
    esac
done

if [ "$QUICK" = 1 ]; then
    FORKS=${FORKS:-1}; WARMUP=${WARMUP:-1}; ITERS=${ITERS:-2}; WTIME=${WTIME:-1s}; RTIME=${RTIME:-1s}
    # One interpreted warm-up iteration even here: without it the first iteration's one-off allocations
    # (class loading, JMH's own set-up) land in B/op.
    XINT_WARMUP=${XINT_WARMUP:-1}; XINT_WTIME=${XINT_WTIME:-1s}; XINT_ITERS=${XINT_ITERS:-1}; XINT_RTIME=${XINT_RTIME:-2s}
fi
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
LOAD_NOTE=${LOAD_NOTE:-}

out="$here/target"
cpfile="$out/classpath.txt"
runenv="$out/run.env"

if [ "$FOOTPRINT_ONLY" = 1 ]; then
    # No JMH here: the committed docs/benchmarks.md holds the last JMH results; only its footprint parts change.
    mvn -q -pl simulator-tests/benchmarks -am package dependency:build-classpath -DskipTests \
        -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime
    jar=$(ls "$out"/tailnode-benchmarks-*.jar | head -n 1)
    cp="$jar:$(cat "$cpfile")"
    echo "== footprint (JOL)"
    java -cp "$cp" io.tailnode.sim.footprint.Footprint "$out/footprint" "$root/platform-config/boards"
    cp "$out/footprint/footprint.png" "$root/docs/footprint.png"
    python3 "$here/summarise.py" --splice "$root/docs/benchmarks.md" --footprint "$out/footprint/footprint.tsv" \
        --footprint-boards "$out/footprint/footprint-boards.tsv" --footprint-png footprint.png --out "$root/docs/benchmarks.md"
    java -cp "$cp" io.tailnode.sim.figures.FiguresBlock "$root/docs/benchmarks.md" "$root/README.md"
    echo "wrote the footprint parts of docs/benchmarks.md, docs/footprint.png and the README figures block"
    exit 0
fi

if [ "$SUMMARY_ONLY" = 1 ]; then
    [ -f "$runenv" ] || { echo "run.sh: no earlier run in $out" >&2; exit 2; }
    # shellcheck disable=SC1090
    . "$runenv"
else
    load_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")

    # Build (with the modules it depends on) and write the runtime class path in the same reactor, so that the
    # tailnode jars resolve to the ones just built rather than to whatever is in ~/.m2.
    mvn -q -pl simulator-tests/benchmarks -am package dependency:build-classpath -DskipTests \
        -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime
    jar=$(ls "$out"/tailnode-benchmarks-*.jar | head -n 1)
    cp="$jar:$(cat "$cpfile")"

    if [ "$GOODPUT" = 1 ]; then
        echo "== goodput: DeviceServicesInteropTest (wireguard-go peer namespace)"
        # The module's second surefire execution (key canary) runs a -Dtest class again: the first figures count.
        mvn -pl simulator-tests -am verify -Dtest=DeviceServicesInteropTest -Dsurefire.failIfNoSpecifiedTests=false \
            -DtrimStackTrace=true 2>&1 | tee "$out/goodput.log"
        { echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"; grep '\[svc-interop\]' "$out/goodput.log" || true; } > "$out/goodput.txt"
    fi

    echo "== footprint (JOL)"
    java -cp "$cp" io.tailnode.sim.footprint.Footprint "$out/footprint" "$root/platform-config/boards"
    cp "$out/footprint/footprint.png" "$root/docs/footprint.png"

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
    load_end=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
    load="1-min load average $load_start at start, $load_end at end, on $(nproc) CPUs"
    if [ -n "$LOAD_NOTE" ]; then
        load="$LOAD_NOTE; $load"
    fi
    # What --summary-only needs to redo this run's summary.
    {
        printf 'jit_settings=%q\n' "$jit_settings"
        printf 'load=%q\n' "$load"
        echo "quick=(${quick[*]+$(printf '%q ' "${quick[@]}")})"
        echo "xint_args=(${xint_args[*]+$(printf '%q ' "${xint_args[@]}")})"
    } > "$runenv"
fi
jar=$(ls "$out"/tailnode-benchmarks-*.jar | head -n 1)
cp="$jar:$(cat "$cpfile")"
goodput=()
if [ -f "$out/goodput.txt" ]; then
    goodput=(--goodput "$out/goodput.txt")
fi

python3 "$here/summarise.py" --jit "$out/jmh-jit.json" --jit-settings "$jit_settings" \
    "${xint_args[@]}" "${quick[@]}" "${goodput[@]}" --footprint "$out/footprint/footprint.tsv" \
    --footprint-boards "$out/footprint/footprint-boards.tsv" --footprint-png footprint.png --load "$load" --out "$root/docs/benchmarks.md"
java -cp "$cp" io.tailnode.sim.figures.FiguresBlock "$root/docs/benchmarks.md" "$root/README.md"
echo "wrote docs/benchmarks.md, docs/footprint.png and the README figures block"
