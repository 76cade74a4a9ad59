#!/usr/bin/python3
"""Faiss side of `sightline bench index`: the same vectors, ground truth and parameters as IndexBench.

Reads base/query vectors (.fvecs) and the exact top-k ids (.ivecs) written by IndexBench, builds IndexFlatIP,
IndexPQ, IndexIVFPQ and IndexHNSWFlat (inner product), and prints one JSON row per configuration on stdout.
Run with Debian's python3 (python3-faiss 1.7.3): /usr/bin/python3 bench/faiss_bench.py --dir DIR ...
"""
import argparse
import json
import os
import time

import faiss
import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = raw[0]
    return raw.reshape(-1, dim + 1)[:, 1:].copy().view(dtype)


def recall(found, truth, k):
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth)]))


def measure(index, queries, truth, k, threads2):
    """Per-query latency single-threaded (as IndexBench does), then batched queries/s on 2 threads."""
    faiss.omp_set_num_threads(1)
    index.search(queries[:20], k)  # warm up
    lat = []
    found = []
    for q in queries:
        t0 = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), k)
        lat.append(time.perf_counter() - t0)
        found.append(ids[0])
    faiss.omp_set_num_threads(threads2)
    t0 = time.perf_counter()
    index.search(queries, k)
    t2 = time.perf_counter() - t0
    lat = np.array(lat)
    return {
        "recall_at_1": recall(found, truth, 1),
        "recall_at_10": recall(found, truth, 10),
        "recall_at_100": recall(found, truth, 100),
        "qps_1t": len(queries) / lat.sum(),
        "qps_2t": len(queries) / t2,
        "p50_ms": float(np.percentile(lat, 50) * 1000),
        "p99_ms": float(np.percentile(lat, 99) * 1000),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--m", type=int, default=32)
    p.add_argument("--nlist", type=int, default=256)
    p.add_argument("--nprobe", default="4,16,64")
    p.add_argument("--k", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--hnsw-m", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=100)
    p.add_argument("--ef-search", type=int, default=100)
    p.add_argument("--coarse", choices=["l2", "ip"], default="l2", help="IVF coarse quantizer metric")
    p.add_argument("--coarse-niter", type=int, default=25,
                   help="k-means iterations of the IVF coarse quantizer (Faiss's default is 10; IvfPq.train runs 25)")
    p.add_argument("--opq-niter", type=int, default=10, help="OPQ alternations (Opq.train runs 10)")
    p.add_argument("--only", default="exact,pq,ivfpq,hnsw",
                   help="comma-separated subset of modes to run: exact, pq, opq, ivfpq, ivfpq-spherical (Faiss's default "
                        "unit-norm coarse centroids for an inner-product IVF, with its 10 coarse iterations), hnsw")
    a = p.parse_args()
    base = read_vecs(os.path.join(a.dir, "base.fvecs"), np.float32)
    queries = read_vecs(os.path.join(a.dir, "queries.fvecs"), np.float32)
    truth = read_vecs(os.path.join(a.dir, "truth.ivecs"), np.int32)
    n, d = base.shape
    faiss.omp_set_num_threads(a.threads)
    ip = faiss.METRIC_INNER_PRODUCT

    def row(mode, index, build_s, bytes_per_vector, **extra):
        r = {"system": "faiss", "mode": mode, "m": extra.get("m"), "nlist": extra.get("nlist"),
             "nprobe": extra.get("nprobe"), "rerank": None, "bytes_per_vector": bytes_per_vector,
             "build_s": build_s}
        r.update(measure(index, queries, truth, a.k, a.threads))
        print(json.dumps(r), flush=True)

    only = set(a.only.split(","))
    if "exact" in only:
        run_exact(a, base, row, d)
    if "pq" in only:
        run_pq(a, base, row, d, ip)
    if "opq" in only:
        run_opq(a, base, row, d, ip)
    if "ivfpq" in only:
        run_ivfpq(a, base, row, d, ip, spherical=False)
    if "ivfpq-spherical" in only:
        run_ivfpq(a, base, row, d, ip, spherical=True)
    if "hnsw" in only:
        run_hnsw(a, base, row, d, ip)


def run_exact(a, base, row, d):
    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(d)
    flat.add(base)
    row("exact", flat, time.perf_counter() - t0, 4 * d)


def run_pq(a, base, row, d, ip):
    faiss.omp_set_num_threads(a.threads)
    t0 = time.perf_counter()
    pq = faiss.IndexPQ(d, a.m, 8, ip)
    pq.train(base)
    pq.add(base)
    row("pq", pq, time.perf_counter() - t0, pq.sa_code_size(), m=a.m)


def run_opq(a, base, row, d, ip):
    # OPQMatrix (Ge et al.'s non-parametric OPQ) in front of the same IndexPQ, with as many alternations as
    # Opq.train (Faiss's default is 50; --opq-niter).
    faiss.omp_set_num_threads(a.threads)
    t0 = time.perf_counter()
    opq = faiss.OPQMatrix(d, a.m)
    opq.niter = a.opq_niter
    index = faiss.IndexPreTransform(opq, faiss.IndexPQ(d, a.m, 8, ip))
    index.train(base)
    index.add(base)
    row("opq", index, time.perf_counter() - t0, a.m, m=a.m)


def run_ivfpq(a, base, row, d, ip, spherical):
    faiss.omp_set_num_threads(a.threads)
    t0 = time.perf_counter()
    # L2 coarse quantizer, as the Java IvfQuantizer assigns and probes by L2 (same ranking as IP on unit vectors
    # for the data, smaller residuals); IVFPQ's IP scanner adds q.c itself.
    coarse = faiss.IndexFlatL2(d) if a.coarse == "l2" else faiss.IndexFlatIP(d)
    ivf = faiss.IndexIVFPQ(coarse, d, a.nlist, a.m, 8, ip)
    # An inner-product IndexIVF trains spherical coarse centroids by default (cp.spherical = True): on unit data
    # the centroids are pushed out to the sphere, every residual gains the radial gap |c| - |mean| and the
    # residual PQ spends its bits on that, which is what cost Faiss recall against IvfPq (decision 018). IvfPq
    # trains plain k-means means (25 iterations), as the L2 assignment here implies; "ivfpq" trains Faiss the same
    # way, "ivfpq-spherical" keeps Faiss's defaults.
    ivf.cp.spherical = spherical
    if not spherical:
        ivf.cp.niter = a.coarse_niter
    ivf.train(base)
    ivf.add(base)
    build = time.perf_counter() - t0
    for nprobe in [int(x) for x in a.nprobe.split(",")]:
        ivf.nprobe = nprobe
        mode = ("ivfpq" if a.coarse == "l2" else "ivfpq-ipcoarse") + ("-spherical" if spherical else "")
        row(mode, ivf, build, a.m + 8, m=a.m, nlist=a.nlist, nprobe=nprobe)  # code + 8-byte id in the lists


def run_hnsw(a, base, row, d, ip):
    faiss.omp_set_num_threads(a.threads)
    t0 = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(d, a.hnsw_m, ip)
    hnsw.hnsw.efConstruction = a.ef_construction
    hnsw.add(base)
    build = time.perf_counter() - t0
    hnsw.hnsw.efSearch = a.ef_search
    row("hnsw", hnsw, build, 4 * d + 2 * a.hnsw_m * 4)


if __name__ == "__main__":
    main()
