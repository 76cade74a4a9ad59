#!/usr/bin/env python3
"""A flame graph (SVG) of a JFR recording's samples, with the thread group at the root.

Usage: bench/flamegraph.py RECORDING.jfr OUT.svg [--cpu-time] [--title TEXT] [--jfr PATH_TO_JFR_TOOL]

Reads `jfr print --json --events jdk.ExecutionSample` (the JDK's own tool), folds each sample's stack from the root
(outermost frame) to the leaf, and draws one box per frame whose width is its share of the samples. The bottom row
is the thread group as `bench ingest` names them (broker, extract, index, clients, harness, other), so the broker's
share and the pipeline's own are told apart at a glance. Hover a box for its frame, samples and share.

Execution samples see Java frames only: time in native inference, decoding and system calls is missed. With
--cpu-time it reads JDK 25's `jdk.CPUTimeSample` instead (which `bench ingest --jfr` records where the JDK has it):
samples taken per CPU time spent, native calls included, so a box's width is its share of the CPU.
No dependency beyond Python 3 and a JDK.
"""
import argparse
import collections
import html
import json
import os
import re
import subprocess
import sys

BROKER = re.compile(r"^(data-plane-kafka|kafka-\d|kafka-scheduler|kafka-log-cleaner|group-coordinator|share-coordinator"
                    r"|quorum-controller|TxnMarkerSenderThread|AddPartitionsToTxnSender|broker-\d|controller-\d"
                    r"|log-closing|executor-|PersisterStateManager|ExpirationReaper|LogDirFailureHandler"
                    r"|ReplicaFetcher|ReplicaAlterLogDirs|transaction-log-manager)")
EXTRACT = re.compile(r"^(sightline-extract-.*-StreamThread-\d+|ingest-loader-\d+|descriptor-\d+)$")
INDEX = re.compile(r"^(sightline-index-.*-StreamThread-\d+|shard-reopen-.*|Lucene Merge Thread.*)$")
CLIENTS = re.compile(r"^(kafka-producer-network-thread|kafka-admin-client-thread|consumer_background)")
HARNESS = re.compile(r"^(main|bench-publisher)$")


def group(thread):
    """The same grouping as benchmarks' ThreadCpu."""
    for name, pattern in (("broker", BROKER), ("extract", EXTRACT), ("index", INDEX), ("clients", CLIENTS),
                          ("harness", HARNESS)):
        if pattern.search(thread):
            return name
    return "other"


def jfr_tool(explicit):
    if explicit:
        return explicit
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    for d in sorted(os.listdir("/usr/lib/jvm"), reverse=True) if os.path.isdir("/usr/lib/jvm") else []:
        candidate = os.path.join("/usr/lib/jvm", d, "bin", "jfr")
        if os.path.exists(candidate):
            return candidate
    return "jfr"


def folded(recording, tool, event="jdk.ExecutionSample"):
    out = subprocess.run([tool, "print", "--json", "--stack-depth", "64", "--events", event, recording],
                         check=True, capture_output=True, text=True).stdout
    counts = collections.Counter()
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        sampled = values.get("sampledThread") or values.get("eventThread") or {}
        thread = sampled.get("javaName") or sampled.get("osName") or "?"
        trace = values["stackTrace"]
        frames = trace["frames"] if trace else []
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
        if trace and trace.get("truncated"):
            names.append("[truncated]")
        counts[tuple([group(thread)] + list(reversed(names)))] += 1
    return counts


def tree(counts):
    root = {"n": 0, "kids": {}}
    for stack, n in counts.items():
        node = root
        node["n"] += n
        for frame in stack:
            node = node["kids"].setdefault(frame, {"n": 0, "kids": {}})
            node["n"] += n
    return root


def colour(name, depth):
    if depth == 0:
        return "rgb(200,200,200)"
    h = sum(map(ord, name)) % 60
    if name.startswith("io.sightline"):
        return f"rgb({90 + h},{170 + h // 2},{90})"
    if name.startswith(("org.apache.lucene",)):
        return f"rgb({90},{140 + h},{200})"
    if name.startswith(("org.apache.kafka", "kafka.", "scala.")):
        return f"rgb({220},{120 + h},{60})"
    return f"rgb({230},{180 + h // 2},{80 + h})"


def svg(root, title, width=1400, row=16):
    total = root["n"]
    boxes = []
    depth_max = [0]

    def walk(node, name, x, depth):
        w = node["n"] / total * (width - 20)
        if w < 0.3:
            return
        depth_max[0] = max(depth_max[0], depth)
        boxes.append((x, depth, w, name, node["n"]))
        cx = x
        for kid_name, kid in sorted(node["kids"].items(), key=lambda kv: kv[0]):
            walk(kid, kid_name, cx, depth + 1)
            cx += kid["n"] / total * (width - 20)

    x = 10.0
    for name, kid in sorted(root["kids"].items()):
        walk(kid, name, x, 0)
        x += kid["n"] / total * (width - 20)
    height = (depth_max[0] + 1) * row + 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" '
             f'font-size="11">',
             f'<text x="10" y="20" font-size="14">{html.escape(title)} ({total} samples)</text>']
    for bx, depth, w, name, n in boxes:
        y = height - (depth + 1) * row - 10
        label = name.rsplit(".", 2)
        short = ".".join(label[-2:]) if len(label) > 1 else name
        fits = int(w / 6.5)
        text = short if len(short) <= fits else (short[:max(0, fits - 2)] + ".." if fits > 3 else "")
        parts.append(f'<g><title>{html.escape(name)}: {n} samples, {100.0 * n / total:.1f}%</title>'
                     f'<rect x="{bx:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="{colour(name, depth)}"/>'
                     f'<text x="{bx + 2:.1f}" y="{y + row - 4}">{html.escape(text)}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording")
    parser.add_argument("out")
    parser.add_argument("--title", default=None)
    parser.add_argument("--cpu-time", action="store_true", help="read jdk.CPUTimeSample (JDK 25+), native time included")
    parser.add_argument("--jfr", default=None, help="the JDK's jfr tool (default: $JAVA_HOME/bin/jfr)")
    args = parser.parse_args()
    counts = folded(args.recording, jfr_tool(args.jfr), "jdk.CPUTimeSample" if args.cpu_time else "jdk.ExecutionSample")
    if not counts:
        sys.exit(f"no {'CPU-time' if args.cpu_time else 'execution'} samples in {args.recording}")
    with open(args.out, "w") as f:
        f.write(svg(tree(counts), args.title or os.path.basename(args.recording)))
    by_group = collections.Counter()
    for stack, n in counts.items():
        by_group[stack[0]] += n
    total = sum(by_group.values())
    print(", ".join(f"{g} {100.0 * n / total:.1f}%" for g, n in by_group.most_common()), f"of {total} samples")


if __name__ == "__main__":
    main()
