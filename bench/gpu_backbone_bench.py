"""The bare backbone on a GPU machine without a JVM: TorchScript MobileNetV2 (../shared/models/mobilenetv2-float-features.pt
copied into gpu-carry/) in PyTorch, images/s at batch 1, 8, 32 and longest side 512/1024, CUDA and CPU.
Usage: python3 bench/gpu_backbone_bench.py [MODEL.pt]"""
import sys, time, json
print("python", sys.version.split()[0])
try:
    import torch
except Exception as e:
    print("no torch:", e); sys.exit(0)
print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.version.cuda)
m = torch.jit.load(sys.argv[1] if len(sys.argv) > 1 else "gpu-carry/mobilenetv2-float-features.pt")
m.eval()
res = {}
for dev in (["cuda"] if torch.cuda.is_available() else []) + ["cpu"]:
    mm = m.to(dev)
    for side, (h, w) in (("512", (384, 512)), ("1024", (768, 1024))):
        for b in (1, 8, 32):
            if dev == "cpu" and b > 8: continue
            x = torch.randn(b, 3, h, w, device=dev)
            with torch.inference_mode():
                for _ in range(3): mm(x)
                if dev == "cuda": torch.cuda.synchronize()
                n = 0; t0 = time.perf_counter()
                while time.perf_counter() - t0 < (3.0 if dev == "cuda" else 6.0):
                    mm(x); n += b
                if dev == "cuda": torch.cuda.synchronize()
                dt = time.perf_counter() - t0
            res[f"{dev} side {side} batch {b}"] = round(n / dt, 1)
            print(dev, "side", side, "batch", b, "images/s", round(n / dt, 1), flush=True)
    if dev == "cuda":
        with torch.inference_mode(), torch.autocast("cuda", dtype=torch.float16):
            for side, (h, w) in (("512", (384, 512)), ("1024", (768, 1024))):
                for b in (1, 8, 32):
                    x = torch.randn(b, 3, h, w, device=dev)
                    for _ in range(3): mm(x)
                    torch.cuda.synchronize(); n = 0; t0 = time.perf_counter()
                    while time.perf_counter() - t0 < 3.0: mm(x); n += b
                    torch.cuda.synchronize(); dt = time.perf_counter() - t0
                    print(dev, "fp16 side", side, "batch", b, "images/s", round(n / dt, 1), flush=True)
import os
print("cpus", os.cpu_count())
