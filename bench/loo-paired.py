#!/usr/bin/env python3
"""Paired loo comparison of two `./sightline eval --protocol loo --views --report DIR` runs.

Usage: bench/loo-paired.py A/loo.json B/loo.json
Prints the mean AP difference A - B over the (query image, view) pairs both scored, with a 95% bootstrap interval
that resamples query images (10,000 resamples, seeded), as LooReport.pairedDifference does, overall and per view.
"""
import json
import random
import sys
from collections import defaultdict


def load(path):
    with open(path) as f:
        doc = json.load(f)
    return doc.get("setting", path), {(r["image"], r["view"]): r["ap"] for r in doc["results"]}


def paired(a, b, keep=lambda view: True, resamples=10000, seed=42):
    by_image = defaultdict(list)
    for (image, view), ap in a.items():
        if (image, view) in b and keep(view):
            by_image[image].append(ap - b[(image, view)])
    clusters = [(sum(d), len(d)) for d in by_image.values()]
    total = sum(s for s, _ in clusters) / sum(n for _, n in clusters)
    rng = random.Random(seed)
    means = []
    for _ in range(resamples):
        s = n = 0
        for _ in clusters:
            cs, cn = clusters[rng.randrange(len(clusters))]
            s += cs
            n += cn
        means.append(s / n)
    means.sort()
    return total, means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1], len(by_image)


def main():
    name_a, a = load(sys.argv[1])
    name_b, b = load(sys.argv[2])
    print(f"A = {name_a}\nB = {name_b}")
    d, lo, hi, n = paired(a, b)
    print(f"all views   A - B = {d:+.4f} [{lo:+.4f}, {hi:+.4f}] over {n} query images")
    for view in sorted({v for _, v in a}):
        d, lo, hi, _ = paired(a, b, keep=lambda v, view=view: v == view)
        print(f"{view:<11} A - B = {d:+.4f} [{lo:+.4f}, {hi:+.4f}]")


if __name__ == "__main__":
    main()
