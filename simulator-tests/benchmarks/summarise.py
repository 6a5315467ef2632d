#!/usr/bin/env python3
"""Turns JMH JSON results (JIT and -Xint runs), the footprint table and the last goodput run into
docs/benchmarks.md: the retained heap per component, the device paths with the bytes they allocate, ours vs
BouncyCastle per operation, and the tunnel goodput. Ends with a machine-readable figures comment that
FiguresBlock (simulator-tests) turns into the README's figures block.

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
        if not m or r.get("params"):
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
    # Unlabelled benchmarks join the table only with a BC counterpart (ours-only paths have their own table).
    keys = [k for k, _ in LABELS if k in pairs] + sorted(
        k for k in pairs if k not in dict(LABELS) and "bc" in pairs[k])
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
    """Short HEAD, "+local changes" if anything but the files every run rewrites differs from it."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=cwd).stdout.strip()
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             cwd=cwd).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":(exclude)docs/benchmarks.md", ":(exclude)docs/footprint.png", ":(exclude)README.md"], capture_output=True, text=True,
                               cwd=top).stdout.strip()
    except OSError:
        return "unknown"
    if not sha:
        return "unknown"
    return sha + (" + local changes" if dirty else "")


def records(path):
    """Every record as (class, op, side, params, score, error, bytes_per_op); params may be {}."""
    if not path:
        return []
    with open(path) as f:
        data = json.load(f)
    out = []
    for r in data:
        m = NAME.match(r["benchmark"])
        if not m:
            continue
        pm = r["primaryMetric"]
        alloc = None
        for key, metric in r.get("secondaryMetrics", {}).items():
            if key.lstrip("\u00b7") == "gc.alloc.rate.norm":
                alloc = num(metric["score"])
        out.append((m.group(1), m.group(2), m.group(3), r.get("params") or {}, num(pm["score"]),
                    num(pm["scoreError"]), alloc))
    return out


def find(recs, cls, op, side="ours", **params):
    for c, o, sd, p, score, err, alloc in recs:
        if c == cls and o == op and sd == side and all(p.get(k) == str(v) for k, v in params.items()):
            return score, err, alloc
    return None


def duration(ops_per_s):
    """Time per operation from a throughput, in a readable unit."""
    if not ops_per_s:
        return "–"
    t = 1.0 / ops_per_s
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.2f} ms"
    return f"{t * 1e6:.2f} µs"


def kib(b):
    return f"{b / 1024:,.1f} KiB"


# Device paths: (class, op, params, label, unit of one operation, divisor for "per unit" B)
PATHS = [
    ("WireGuardBenchmark", "transport1420", {}, "WireGuard packet 1420 B, device A send + device B receive", "packet", 1),
    ("WireGuardBenchmark", "transport64", {}, "WireGuard packet 64 B, device A send + device B receive", "packet", 1),
    ("WireGuardBenchmark", "handshake", {}, "WireGuard handshake (initiation, response, keepalive; 4 X25519 a side)",
     "handshake", 1),
    ("TcpBenchmark", "segment1240", {}, "TCP segment 1240 B (write, segment, read, ACK)", "segment", 1),
    ("NetmapBenchmark", "fullMap", {"peers": 1000}, "netmap: full map of 1,000 peers into a 16-peer table", "peer",
     1000),
    ("NetmapBenchmark", "fullMap", {"peers": 10000}, "netmap: full map of 10,000 peers into a 16-peer table",
     "peer", 10000),
]


def paths_table(recs, xrecs):
    lines = ["| path | ops/s | time per op | B/op | B per unit | `-Xint` time per op | `-Xint` B per unit |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for cls, op, params, label, unit, div in PATHS:
        r = find(recs, cls, op, **params)
        x = find(xrecs, cls, op, **params)
        if r is None:
            lines.append(f"| {label} | not run | | | | | |")
            continue
        score, err, alloc = r
        lines.append(f"| {label} | {ops(score, err)} | {duration(score)} | {bop(alloc)} | {per_unit(alloc, div, unit)} | "
                     f"{duration(x[0]) if x else '–'} | {per_unit(x[2], div, unit) if x else '–'} |")
    return lines


def per_unit(alloc, div, unit):
    if alloc is None:
        return "–"
    return f"{alloc / div:,.2f} per {unit}" if div > 1 else f"{alloc:,.0f} per {unit}"


def read_footprint(path):
    """(peer counts, [(component, [bytes or None])]) from footprint.tsv."""
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    counts = [int(c) for c in rows[0][1:]]
    comps = [(r[0], [None if v == "-" else int(v) for v in r[1:]]) for r in rows[1:]]
    return counts, comps


def footprint_table(counts, comps):
    head = "| component | " + " | ".join(f"{c} peer{'s' if c != 1 else ''}" for c in counts) + " |"
    lines = [head, "|---|" + "---:|" * len(counts)]
    for name, vals in comps:
        if vals[0] is None:
            lines.append(f"| {name} | " + " | ".join("not yet measured" for _ in vals) + " |")
        else:
            lines.append(f"| {name} | " + " | ".join(kib(v) for v in vals) + " |")
    totals = [sum(v[i] for _, v in comps if v[i] is not None) for i in range(len(counts))]
    lines.append("| **total** | " + " | ".join(f"**{kib(t)}**" for t in totals) + " |")
    return lines, totals


def board_table(path):
    """Markdown lines and README figures for footprint-boards.tsv (Footprint class doc), or ([], {})."""
    if not path or not os.path.exists(path):
        return [], {}
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    boards = rows[0][1:]
    comps = [r for r in rows[1:] if not r[0].startswith("@")]
    extra = {r[0][1:]: [int(v) for v in r[1:]] for r in rows[1:] if r[0].startswith("@")}
    lines = ["| component | " + " | ".join(boards) + " |", "|---|" + "---:|" * len(boards)]
    totals = [0] * len(boards)
    for r in comps:
        if r[1] == "-":
            continue  # not built: counted below as a named allowance
        vals = [int(v) for v in r[1:]]
        totals = [t + v for t, v in zip(totals, vals)]
        lines.append(f"| {r[0]} | " + " | ".join(kib(v) for v in vals) + " |")
    lines.append("| **retained total** | " + " | ".join(f"**{kib(t)}**" for t in totals) + " |")
    need = list(totals)
    for k, vals in extra.items():
        if k.startswith("allowance: "):
            need = [n + v for n, v in zip(need, vals)]
            lines.append(f"| + {k} | " + " | ".join(kib(v) for v in vals) + " |")
    budget = extra.get("java.heap + java.immortal", [0] * len(boards))
    lines.append("| needed | " + " | ".join(kib(n) for n in need) + " |")
    lines.append("| java.heap + java.immortal (ram-budget.properties) | " + " | ".join(kib(b) for b in budget) + " |")
    lines.append("| **fits** | " + " | ".join(
        f"**yes, {kib(b - n)} spare**" if n <= b else f"**no, short by {kib(n - b)}**" for n, b in zip(need, budget)) + " |")
    if "one more peer slot" in extra:
        lines.append("| one more peer slot adds | " + " | ".join(kib(v) for v in extra["one more peer slot"]) + " |")
    if "one more DERP connection" in extra:
        lines.append("| one more DERP connection adds (Java heap) | "
                     + " | ".join(kib(v) for v in extra["one more DERP connection"]) + " |")
    if "one more DERP region" in extra:
        lines.append("| one more DERP region adds | " + " | ".join(kib(v) for v in extra["one more DERP region"]) + " |")
    if "c.heap.mbedtls" in extra and "DERP connections" in extra:
        # TLS records: C heap, not Java heap (RamBudget.TLS_RECORD_BYTES_PER_CONNECTION: 16 KiB in + 4 KiB out).
        lines.append("| platform TLS records, C heap (not Java heap): 16 KiB in + 4 KiB out per DERP connection, "
                     "in c.heap.mbedtls | " + " | ".join(
                         f"{n} × 20.0 KiB of {kib(c)}" for n, c in zip(extra["DERP connections"], extra["c.heap.mbedtls"]))
                     + " |")
    figs = {"footprint.boards": "; ".join(
        f"{b.split(' (')[0]} {kib(t)} + allowances = {kib(n)} of {kib(bu)} ({'fits' if n <= bu else 'short by ' + kib(n - bu)})"
        for b, t, n, bu in zip(boards, totals, need, budget))}
    return lines, figs


def footprint_part(a):
    """The two footprint sections (markdown lines) and their figures, from the Footprint tool files."""
    md = []
    figures = {}
    counts, comps = read_footprint(a.footprint)
    lines, totals = footprint_table(counts, comps)
    md += ["## Footprint: retained heap per component (JOL)", "",
           f"![retained heap per component and peer count]({a.footprint_png})", "",
           "A client assembled as the firmware boots it (`ConfiguredClient`: DeviceConfig capacities with "
           "max_peers = N and tcp_sockets = 4, key store, logger, DRBG, clock, WireGuard device, IP stack, TCP, "
           "HTTP services, socket API, tunnel loop, the control client's Noise channel, HTTP/2 client, map stream "
           "and netmap, and DERP, disco and STUN (`RelayParts`: region table, DERP connections, DERP driver, disco "
           "keys, a path selector per peer slot, STUN client, disco driver), with the build defaults otherwise "
           "(2 DERP connections), with a full map of N peers applied. Each figure is the bytes of "
           "every object reachable from the component that no component above it already reaches "
           "(`GraphLayout.parseInstance(...).totalSize()` differences); host HALs (flash array, entropy, clock) "
           "and flash-resident constant tables are excluded. Layout of this JVM (64-bit, compressed "
           "references, 12-byte headers): an upper bound for the board VM's smaller headers.", ""]
    md += lines
    md.append("")
    for i, c in enumerate(counts):
        figures[f"footprint.total.{c}"] = kib(totals[i])
    if len(counts) > 1 and counts[-1] > counts[-2]:
        slope = (totals[-1] - totals[-2]) / (counts[-1] - counts[-2])
        figures["footprint.per_peer"] = kib(slope)
        md += [f"Each peer slot beyond {counts[-2]} adds {kib(slope)} (the WireGuard device's per-peer state, "
               "held-packet buffers and sessions, the netmap's live and staged table entries, and disco's path "
               "selector, key and per-slot state).", ""]
    if 16 in counts:
        i = counts.index(16)
        top = sorted((v[i], n) for n, v in comps if v[i] is not None)[::-1][:3]
        figures["footprint.top.16"] = ", ".join(f"{n.split(' (')[0]} {kib(b)}" for b, n in top)
    missing = [n for n, v in comps if v[0] is None]
    figures["footprint.missing"] = ", ".join(missing)
    blines, bfigs = board_table(a.footprint_boards)
    if blines:
        md += ["## Footprint: board profiles", "",
               "The client each board boots: its `platform-config/boards/<board>/tailnode.properties` (DeviceConfig "
               "keys, mapped to the cores by `io.tailnode.firmware.CoreSizing`) with a full 16-peer map, measured "
               "as above, against the board's `ram-budget.properties`. Parts coming from other branches would count as "
               "named allowances (none now: the DERP certificate pins are held by DerpRegions and measured with it). The TLS records of each DERP connection are C heap "
               "(c.heap.mbedtls), listed apart and never counted as Java heap. `RamBudgetTest` makes the same checks "
               "and fails the build if any board does not fit (no board is exempt). The nRF9151-DK fits through its "
               "profile's cuts (disco_paths, derp_regions, replay_window, held_packets_shared, control_window; each "
               "with its reason and bytes in the profile and platform-config/README.md).", ""]
        md += blines
        md.append("")
        figures.update(bfigs)
    return md, figures


GOODPUT = [
    ("down", re.compile(r"download sha256 ok .*goodput ([0-9.]+) Mbit/s")),
    ("ref", re.compile(r"from a wireguard-go peer serving it .*: ([0-9.]+|nan|NaN) Mbit/s")),
    ("up", re.compile(r"upload sha256 ok in [0-9.]+ s, ([0-9.]+) Mbit/s")),
]


def read_goodput(path):
    """Figures of the last `run.sh --goodput` (first match of each line), with its date line."""
    if not path or not os.path.exists(path):
        return None
    got = {}
    with open(path) as f:
        for line in f:
            if line.startswith("date="):
                got.setdefault("date", line.split("=", 1)[1].strip())
            for key, rx in GOODPUT:
                m = rx.search(line)
                if m and key not in got:
                    got[key] = m.group(1)
    return got if "down" in got else None


FOOTPRINT_HEAD = "## Footprint: retained heap per component (JOL)"
REMEASURED = "- Footprint re-measured: "


def splice(a):
    """--splice: the footprint sections and footprint.* figures of an existing benchmarks file replaced by new
    measurements (run.sh --footprint-only); the JMH sections, their date and their figures stay as they are."""
    with open(a.splice) as f:
        text = f.read()
    fmd, ffig = footprint_part(a)
    start = text.index(FOOTPRINT_HEAD)
    # the footprint sections end at the first heading after them that is not a footprint one
    end = next(m.start() + 1 for m in re.finditer(r"\n## ", text) if m.start() > start
               and not text.startswith("## Footprint", m.start() + 1))
    text = text[:start] + "\n".join(fmd) + "\n" + text[end:]
    when = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    head = code_version(os.path.dirname(os.path.abspath(__file__)))
    note = f"{REMEASURED}{when}, code `{head}` (`run.sh --footprint-only`; the JMH figures are from the date above)"
    out = []
    for line in text.split("\n"):
        if line.startswith(REMEASURED):
            continue
        out.append(line)
        if line.startswith("- Date: "):
            out.append(note)
    text = "\n".join(out)
    ffig["footprint.date"] = when
    fstart = text.index("<!-- figures ")
    fend = text.index("-->", fstart)
    kept = [l for l in text[fstart:fend].split("\n") if l and not l.startswith("footprint.")]
    text = text[:fstart] + "\n".join(kept + [f"{k}={v}" for k, v in ffig.items()]) + "\n" + text[fend:]
    with open(a.out, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jit")
    ap.add_argument("--splice", help="an existing benchmarks file: replace only its footprint parts (needs --footprint)")
    ap.add_argument("--jit-settings", default="")
    ap.add_argument("--xint")
    ap.add_argument("--xint-settings", default="")
    ap.add_argument("--quick", help="settings of a quick run; marks the file as not a measurement")
    ap.add_argument("--footprint", help="footprint.tsv from the Footprint tool")
    ap.add_argument("--footprint-boards", help="footprint-boards.tsv from the Footprint tool (board profiles)")
    ap.add_argument("--footprint-png", default="footprint.png", help="plot path relative to the output file")
    ap.add_argument("--goodput", help="output of the last `run.sh --goodput` (optional)")
    ap.add_argument("--load", help="note on other load on the machine during the run")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.splice:
        if not a.footprint:
            ap.error("--splice needs --footprint")
        splice(a)
        return
    if not a.jit:
        ap.error("--jit is required (or --splice)")

    jit, first = load(a.jit)
    xint = load(a.xint)[0] if a.xint else None
    recs = records(a.jit)
    try:
        jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
        jdk = "; ".join(jdk)
    except OSError:
        jdk = f"{first.get('vmName', '?')} {first.get('vmVersion', '?')}"

    head = code_version(os.path.dirname(os.path.abspath(__file__)))

    # When the JIT results were written: the measurement's date, even if the summary is redone later.
    date = datetime.datetime.fromtimestamp(os.path.getmtime(a.jit), datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    machine = f"{os.cpu_count()} CPUs (nproc), {cpu_model()}"
    md = ["# Benchmarks and footprint", ""]
    if a.quick:
        md += [f"> **Quick run ({a.quick}) — short iterations, wide error bars; figures are indicative.** "
               "Run `simulator-tests/benchmarks/run.sh` without `--quick` (5 forks) for a measurement.", ""]
    if a.load:
        md += [f"> **Machine load:** {a.load}", ""]
    md += [
        "Generated by `simulator-tests/benchmarks/run.sh` (JMH, `simulator-tests/benchmarks`; footprint: "
        "`io.tailnode.sim.footprint.Footprint`); do not edit by hand.",
        "",
        f"- Date: {date}",
        f"- Machine: {machine}",
        f"- JDK: {jdk}",
        f"- Code: `{head}` (HEAD when the summary was written)",
        f"- JMH {first.get('jmhVersion', '?')}, BouncyCastle bcprov-jdk18on (lightweight API, version from the root pom), "
        "single thread, mode thrpt.",
        "",
    ]
    figures = {"date": date, "machine": machine, "jdk": jdk.split(";")[0].strip(),
               "quick": "yes" if a.quick else "no", "load": a.load or ""}

    if a.footprint:
        fmd, ffig = footprint_part(a)
        md += fmd
        figures.update(ffig)

    md += ["## Device paths (ours, JIT)", "",
           "B/op is `gc.alloc.rate.norm` (JMH `-prof gc`): bytes allocated per operation, JMH's own per-iteration "
           "bookkeeping included (a few bytes spread over the operations of an iteration). The `-Xint` columns "
           "come from the interpreter run (settings below), the closest host stand-in for the board's VM.", ""]
    md += paths_table(recs, records(a.xint))
    md.append("")

    def put(key, r, fmt):
        figures[key] = "–" if r is None or r[fmt[0]] is None else fmt[1](r[fmt[0]])

    t1420 = find(recs, "WireGuardBenchmark", "transport1420")
    b1420 = find(recs, "WireGuardBenchmark", "transport1420", side="bc")
    hs = find(recs, "WireGuardBenchmark", "handshake")
    seg = find(recs, "TcpBenchmark", "segment1240")
    n1k = find(recs, "NetmapBenchmark", "fullMap", peers=1000)
    n10k = find(recs, "NetmapBenchmark", "fullMap", peers=10000)
    put("alloc.packet", t1420, (2, lambda v: f"{v:,.0f}"))
    put("alloc.handshake", hs, (2, lambda v: f"{v:,.0f}"))
    put("alloc.segment", seg, (2, lambda v: f"{v:,.0f}"))
    put("alloc.peer", n10k, (2, lambda v: f"{v / 10000:,.2f}"))
    put("transport.ours", t1420, (0, lambda v: f"{v:,.0f}"))
    put("transport.bc", b1420, (0, lambda v: f"{v:,.0f}"))
    figures["transport.ratio"] = (f"{t1420[0] / b1420[0]:.2f}" if t1420 and b1420 and t1420[0] and b1420[0]
                                  else "–")
    put("handshake.time", hs, (0, duration))
    put("tcp.segments", seg, (0, lambda v: f"{v:,.0f}"))
    put("netmap.1k.time", n1k, (0, duration))
    put("netmap.10k.time", n10k, (0, duration))
    put("netmap.1k.bop", n1k, (2, lambda v: f"{v:,.0f}"))
    put("netmap.10k.bop", n10k, (2, lambda v: f"{v:,.0f}"))

    md += ["## Crypto and transport: ours vs BouncyCastle", "",
           "Scores are JMH's: the mean over all measurement iterations of all forks, ± the half-width of its 99.9 % "
        "confidence interval (`scoreError`; n/a when there are too few iterations). B/op is "
        "`gc.alloc.rate.norm` from `-prof gc`, rounded; a B/op of 1–20 on our side is JMH's own per-iteration "
        "bookkeeping divided by the operation count (the crypto module's `*AllocationTest`s assert 0 B per call), "
        "so it is largest for the slowest operations. Inputs are fixed in `@Setup`, where each benchmark also checks that "
        "ours and BC produce the same bytes. How BC is driven (one `ChaCha20Poly1305` per direction, "
        "`init(enc, new ParametersWithIV(null, nonce))` per packet, separate in/out arrays, as in "
        "test-environment.md §7.1) is documented on each benchmark class.",
        "",
        f"### JIT (C2) — `{a.jit_settings}`",
        "",
    ]
    md += table(jit, True)
    md += ["", "Targets (from the issue) are judged on the JIT run only. X25519 publicKey has no target: BC uses a "
           "precomputed fixed-base table there, ours runs the variable-base ladder on u = 9.", ""]
    if xint is not None:
        md += [f"### Interpreter (`-Xint`) — `{a.xint_settings}`", "",
               "The closest host stand-in for a bytecode-interpreting device VM: no JIT, no escape analysis.", ""]
        md += table(xint, False)
        md.append("")
    else:
        md += ["### Interpreter (`-Xint`)", "", "Not run (SKIP_XINT=1).", ""]
    missing = [label for k, label in LABELS if k not in jit]
    if missing:
        md += ["Not measured in this run: " + ", ".join(missing) + ".", ""]

    md += ["## Tunnel goodput: wireguard-go peer and our device", ""]
    g = read_goodput(a.goodput)
    if g is None:
        md += ["Not measured in this run. `simulator-tests/benchmarks/run.sh --goodput` runs the kernel-peer interop "
               "test (`DeviceServicesInteropTest`: root, `/dev/net/tun`, wireguard-go, curl, python3; network "
               "namespaces, so not beside other interop runs) and keeps its figures for the next summary.", ""]
        figures["goodput"] = "not measured"
    else:
        md += [f"From `run.sh --goodput` ({g.get('date', 'date unknown')}), `DeviceServicesInteropTest`, one run, "
               "both figures from the same curl in the same wireguard-go peer namespace:", "",
               "| transfer (10 MB, SHA-256 checked) | Mbit/s |", "|---|---:|",
               f"| our device → wireguard-go peer (curl GET /bytes) | {g['down']} |",
               f"| wireguard-go → wireguard-go (same bytes from python3 http.server) | {g.get('ref', '–')} |",
               f"| wireguard-go peer → our device (curl POST /sink) | {g.get('up', '–')} |", ""]
        try:
            ratio = f"{float(g['down']) / float(g['ref']):.2f}"
        except (KeyError, ValueError, ZeroDivisionError):
            ratio = "–"
        figures["goodput"] = (f"device → wireguard-go {g['down']} Mbit/s vs wireguard-go → wireguard-go "
                              f"{g.get('ref', '–')} Mbit/s ({ratio}); wireguard-go → device {g.get('up', '–')} Mbit/s "
                              f"({g.get('date', '')})")

    md += ["<!-- figures (generated; FiguresBlock renders the README block from these lines)"]
    md += [f"{k}={v}" for k, v in figures.items()]
    md += ["-->", ""]
    with open(a.out, "w") as f:
        f.write("\n".join(md))


if __name__ == "__main__":
    main()
