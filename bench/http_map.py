#!/usr/bin/env python3
"""Oxford-protocol mAP through a running instance's HTTP API, one figure per search setting.

Each query is the crop of its box (PNGs made beforehand by bench/crop_queries.jsh), sent to POST /v1/search with k = the
index size and the setting's parameters; the ranking is scored with the Oxford compute_ap (good + ok positive,
junk ignored), as io.sightline.eval.AveragePrecision does. The API resizes a crop to extract.longest.side, whereas
`./sightline eval` extracts it at its full image's scale, so figures are comparable between settings of one run,
not with eval's.

  jshell -R-Dout=target/query-crops bench/crop_queries.jsh
  python3 bench/http_map.py --url http://127.0.0.1:8080 --gt ../shared/data/paris6k_subset/gt \
      --queries target/query-crops 'mode=exact' 'mode=pq' 'mode=pq&rerank=100' 'mode=ivfpq&nprobe=4'
"""
import argparse
import json
import pathlib
import urllib.request


def oxford_ap(ranking, positives, junk):
    if not positives:
        return 0.0
    old_recall, old_precision, ap, intersect, j = 0.0, 1.0, 0.0, 0, 0
    for image in ranking:
        if image in junk:
            continue
        if image in positives:
            intersect += 1
        recall = intersect / len(positives)
        precision = intersect / (j + 1)
        ap += (recall - old_recall) * (old_precision + precision) / 2.0
        old_recall, old_precision = recall, precision
        j += 1
    return ap


def lines(path):
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def search(url, setting, image, k):
    request = urllib.request.Request(f"{url}/v1/search?k={k}&{setting}", data=image.read_bytes(),
                                     headers={"Content-Type": "image/png"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    return body["modelVersion"], [r["imageId"] for r in body["results"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--gt", required=True, type=pathlib.Path)
    parser.add_argument("--queries", required=True, type=pathlib.Path, help="NAME.png crop per NAME_query.txt")
    parser.add_argument("--k", type=int, default=250, help="results per query (the index size)")
    parser.add_argument("settings", nargs="+", help="query-string parameters, e.g. 'mode=pq&rerank=100'")
    args = parser.parse_args()
    names = sorted(p.name[: -len("_query.txt")] for p in args.gt.glob("*_query.txt"))
    for setting in args.settings:
        aps = []
        model = None
        for name in names:
            positives = lines(args.gt / f"{name}_good.txt") | lines(args.gt / f"{name}_ok.txt")
            junk = lines(args.gt / f"{name}_junk.txt")
            model, ranking = search(args.url, setting, args.queries / f"{name}.png", args.k)
            aps.append(oxford_ap(ranking, positives, junk))
        print(f"{setting:40s} mAP {sum(aps) / len(aps):.4f}  ({len(aps)} queries, model {model})")


if __name__ == "__main__":
    main()
