#!/usr/bin/env python3
"""Turns JMH JSON results (JIT and -Xint runs) into docs/benchmarks.md: ours vs BouncyCastle per operation.

Benchmarks pair up by name: <Class>.<op>_ours and <Class>.<op>_bc. Run by run.sh; standard library only.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess

# (class, op) -> human label, in table order. Unknown pairs are appended under their raw names.
LABELS = [
    (("AeadBenchmark", "seal1420"), "ChaCha20-Poly1305 seal 1420 B"),
    (("AeadBenchmark", "seal64"), "ChaCha20-Poly1305 seal 64 B"),
    (("AeadBenchmark", "open1420"), "ChaCha20-Poly1305 open 1420 B"),
    (("AeadBenchmark", "xseal64"), "XChaCha20-Poly1305 seal 64 B"),
    (("X25519Benchmark", "dh"), "X25519 scalarMult (variable base, DH)"),
    (("X25519Benchmark", "publicKey"), "X25519 publicKey (base point)"),
    (("Blake2sBenchmark", "hash32"), "BLAKE2s-256 of 32 B"),
    (("Blake2sBenchmark", "hash1420"), "BLAKE2s-256 of 1420 B"),
    (("Blake2sBenchmark", "mac116"), "keyed BLAKE2s-128 (mac1) over 116 B"),
    (("Blake2sBenchmark", "kdf2"), "HMAC-BLAKE2s KDF2 (32-B ck, 32-B input)"),
    (("BoxBenchmark", "seal64"), "NaCl box seal 64 B (X25519 + HSalsa20 + secretbox)"),
    (("BoxBenchmark", "sealAfternm64"), "NaCl box seal 64 B, precomputed key (afternm)"),
    (("WireGuardBenchmark", "transport1420"), "WireGuard transport 1420 B (device send + receive vs BC seal + open)"),
    (("WireGuardBenchmark", "transport64"), "WireGuard transport 64 B (device send + receive vs BC seal + open)"),
    (("WireGuardBenchmark", "handshake"), "WireGuard handshake, warm (initiation, response, keepalive; ours only)"),
    (("PacketFilterBenchmark", "synAllowed"), "Inbound filter: TCP SYN allowed by the first rule (ours only)"),
    (("PacketFilterBenchmark", "synDenied1096Sources"), "Inbound filter: TCP SYN denied after 1,096 source ranges (ours only)"),
    (("PacketFilterBenchmark", "udpReply64Flows"), "Inbound filter: UDP reply found among 64 tracked flows (ours only)"),
    (("PacketFilterBenchmark", "tcpAck"), "Inbound filter: TCP ACK (non-SYN fast path; ours only)"),
]
# Targets from the issue: ours/BC >= 0.9 under the JIT.
TARGETS = {
    ("AeadBenchmark", "seal1420"): 0.9,
    ("AeadBenchmark", "open1420"): 0.9,
    ("X25519Benchmark", "dh"): 0.9,
}
NAME = re.compile(r"^.*\.(\w+Benchmark)\.(\w+)_(ours|bc)$")


def load(path):
    """(class, op) -> {'ours'|'bc': (score, error, bytes_per_op)}, plus the first record for JVM facts."""
    with open(path) as f:
        records = json.load(f)
    pairs = {}
    for r in records:
        m = NAME.match(r["benchmark"])
        if not m:
            continue
        pm = r["primaryMetric"]
        alloc = None
        for key, metric in r.get("secondaryMetrics", {}).items():
            if key.lstrip("\u00b7") == "gc.alloc.rate.norm":
                alloc = metric["score"]
        pairs.setdefault((m.group(1), m.group(2)), {})[m.group(3)] = (
            num(pm["score"]), num(pm["scoreError"]), num(alloc))
    return pairs, (records[0] if records else {})


def num(v):
    """JMH writes NaN as the string "NaN"; None and NaN both mean "no value"."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def ops(score, err):
    if score is None:
        return "–"
    err = num(err)
    e = "n/a" if err is None else f"{err:,.0f}"
    return f"{score:,.0f} ± {e}"


def bop(v):
    return "–" if v is None else f"{v:,.0f}"


def table(pairs, with_target):
    keys = [k for k, _ in LABELS if k in pairs] + sorted(k for k in pairs if k not in dict(LABELS))
    labels = dict(LABELS)
    head = "| operation | ours ops/s | BC ops/s | ours/BC | ours B/op | BC B/op |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if with_target:
        head += " target (ours/BC ≥ 0.9) |"
        rule += "---|"
    lines = [head, rule]
    for k in keys:
        o = pairs[k].get("ours", (None, None, None))
        b = pairs[k].get("bc", (None, None, None))
        ratio = o[0] / b[0] if o[0] and b[0] else None
        row = (f"| {labels.get(k, k[0] + '.' + k[1])} | {ops(o[0], o[1])} | {ops(b[0], b[1])} | "
               f"{'–' if ratio is None else f'{ratio:.2f}'} | {bop(o[2])} | {bop(b[2])} |")
        if with_target:
            t = TARGETS.get(k)
            if t is None or ratio is None:
                row += " |"
            else:
                row += f" **{'met' if ratio >= t else 'not met'}** |"
        lines.append(row)
    return lines


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def code_version(cwd):
    """Short HEAD, "+local changes" if anything but docs/benchmarks.md (rewritten by every run) differs from it."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=cwd).stdout.strip()
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             cwd=cwd).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":(exclude)docs/benchmarks.md"], capture_output=True, text=True,
                               cwd=top).stdout.strip()
    except OSError:
        return "unknown"
    if not sha:
        return "unknown"
    return sha + (" + local changes" if dirty else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jit", required=True)
    ap.add_argument("--jit-settings", default="")
    ap.add_argument("--xint")
    ap.add_argument("--xint-settings", default="")
    ap.add_argument("--quick", help="settings of a quick run; marks the file as not a measurement")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    jit, first = load(a.jit)
    xint = load(a.xint)[0] if a.xint else None
    try:
        jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
        jdk = "; ".join(jdk)
    except OSError:
        jdk = f"{first.get('vmName', '?')} {first.get('vmVersion', '?')}"

    head = code_version(os.path.dirname(os.path.abspath(__file__)))

    md = ["# Crypto benchmarks: ours vs BouncyCastle", ""]
    if a.quick:
        md += [f"> **Quick run ({a.quick}) — a smoke test of the harness, not a measurement.** "
               "Run `simulator-tests/benchmarks/run.sh` with its defaults (5 forks) to replace this file.", ""]
    md += [
        "Generated by `simulator-tests/benchmarks/run.sh` (JMH, `simulator-tests/benchmarks`); do not edit by hand.",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}",
        f"- JDK: {jdk}",
        f"- Code: `{head}` (HEAD when the summary was written)",
        f"- JMH {first.get('jmhVersion', '?')}, BouncyCastle bcprov-jdk18on (lightweight API, version from the root pom), "
        "single thread, mode thrpt.",
        "",
        "Scores are JMH's: the mean over all measurement iterations of all forks, ± the half-width of its 99.9 % "
        "confidence interval (`scoreError`; n/a when there are too few iterations). B/op is "
        "`gc.alloc.rate.norm` from `-prof gc`, rounded; a B/op of 1–20 on our side is JMH's own per-iteration "
        "bookkeeping divided by the operation count (the crypto module's `*AllocationTest`s assert 0 B per call), "
        "so it is largest for the slowest operations. Inputs are fixed in `@Setup`, where each benchmark also checks that "
        "ours and BC produce the same bytes. How BC is driven (one `ChaCha20Poly1305` per direction, "
        "`init(enc, new ParametersWithIV(null, nonce))` per packet, separate in/out arrays, as in "
        "test-environment.md §7.1) is documented on each benchmark class.",
        "",
        f"## JIT (C2) — `{a.jit_settings}`",
        "",
    ]
    md += table(jit, True)
    md += ["", "Targets (from the issue) are judged on the JIT run only. X25519 publicKey has no target: BC uses a "
           "precomputed fixed-base table there, ours runs the variable-base ladder on u = 9.", ""]
    if xint is not None:
        md += [f"## Interpreter (`-Xint`) — `{a.xint_settings}`", "",
               "The closest host stand-in for a bytecode-interpreting device VM: no JIT, no escape analysis.", ""]
        md += table(xint, False)
        md.append("")
    else:
        md += ["## Interpreter (`-Xint`)", "", "Not run (SKIP_XINT=1).", ""]
    missing = [label for k, label in LABELS if k not in jit]
    if missing:
        md += ["Not measured in this run (no benchmark in the module yet): " + ", ".join(missing) + ".", ""]
    with open(a.out, "w") as f:
        f.write("\n".join(md))


if __name__ == "__main__":
    main()
