#!/usr/bin/env python3
"""Metadata benchmark for glintd: image-create rate and list latency with many images.

    python Benchmarks/metadata.py --bin PATH/glintd          # starts its own glintd on a temp data dir
    python Benchmarks/metadata.py --url http://127.0.0.1:9292  # uses a running glintd (auth mode none)

1. N (default 10,000) `POST /v2/images` over one keep-alive requests.Session -> creates/s.
2. With the images present, 50 timed requests each of:
     GET /v2/images?limit=25, GET /v2/images?limit=1000, GET /v2/images?name=<one>, GET /v2/images?tag=<t>
   -> median and p95 latency.
All loops are bounded by count and by wall time (--max-seconds per phase); traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary: str):
        self.dir = tempfile.mkdtemp(prefix="glint-metadata-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(self.dir, "glintd.log"), "wb")
        os.makedirs(os.path.join(self.dir, "data"))
        self.proc = subprocess.Popen([binary, "--bind", f"127.0.0.1:{self.port}", "--data-dir",
                                      os.path.join(self.dir, "data")], stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        needle = f"listening on {self.url}".encode()
        while time.monotonic() < deadline:
            if needle in open(self.log.name, "rb").read():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.close()
        raise SystemExit(f"glintd did not start: {open(self.log.name, 'rb').read()[-2000:].decode(errors='replace')}")

    def close(self) -> int | None:
        rc = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                print("warning: glintd did not stop within 10 s of SIGTERM", file=sys.stderr)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--bin", help="glintd binary to start on a temp data dir")
    g.add_argument("--url", help="base URL of a running glintd (127.0.0.1 only)")
    ap.add_argument("--images", type=int, default=10_000)
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--tags", type=int, default=100, help="distinct tags, assigned round-robin")
    ap.add_argument("--max-seconds", type=float, default=900.0, help="wall-time bound per phase")
    ap.add_argument("--token", default="bench")
    args = ap.parse_args()

    server = None
    if args.bin:
        server = Server(args.bin)
        url = server.url
    else:
        url = args.url.rstrip("/")
        host = urlparse(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("refusing a non-loopback target")
    try:
        return run(url, args)
    finally:
        if server is not None:
            rc = server.close()
            if rc not in (0, None):
                print(f"warning: glintd exited with {rc} after SIGTERM", file=sys.stderr)


class ConnectionCounter(logging.Handler):
    """Counts new TCP connections opened by urllib3 (to show whether keep-alive was honoured)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        if record.getMessage().startswith("Starting new HTTP connection"):
            self.count += 1


def run(url: str, args) -> int:
    conns = ConnectionCounter()
    pool_log = logging.getLogger("urllib3.connectionpool")
    pool_log.setLevel(logging.DEBUG)
    pool_log.addHandler(conns)
    pool_log.propagate = False
    s = requests.Session()
    s.headers.update({"X-Auth-Token": args.token})
    run_id = f"{int(time.time())}"
    names = []

    # ---- phase 1: creates ----------------------------------------------------------------
    t_start = time.perf_counter()
    created = 0
    for i in range(args.images):
        if time.perf_counter() - t_start > args.max_seconds:
            print(f"create phase stopped at the time bound after {created} images", file=sys.stderr)
            break
        name = f"bench-{run_id}-{i:05d}"
        r = s.post(f"{url}/v2/images", json={"name": name, "disk_format": "raw", "container_format": "bare",
                                             "tags": [f"t{run_id}-{i % args.tags}"]}, timeout=30)
        if r.status_code != 201:
            raise SystemExit(f"POST /v2/images -> {r.status_code} {r.text[:500]}")
        names.append(name)
        created += 1
        if created % 1000 == 0:
            print(f"  created {created}", file=sys.stderr)
    t_create = time.perf_counter() - t_start
    create_conns = conns.count
    if not created:
        raise SystemExit("no image created")

    # ---- phase 2: list latency -------------------------------------------------------------
    mid = names[len(names) // 2]
    queries = [
        ("GET /v2/images?limit=25", {"limit": 25}, 25),
        ("GET /v2/images?limit=1000", {"limit": 1000}, min(1000, created)),
        ("GET /v2/images?name=<one>", {"name": mid}, 1),
        ("GET /v2/images?tag=<t> (limit 25)", {"tag": f"t{run_id}-7"}, None),
    ]
    rows = []
    for label, params, want in queries:
        lat: list[float] = []
        t_phase = time.perf_counter()
        n_images = None
        for _ in range(args.samples):
            if time.perf_counter() - t_phase > args.max_seconds:
                break
            t0 = time.perf_counter()
            r = s.get(f"{url}/v2/images", params=params, timeout=60)
            body = r.content
            lat.append(time.perf_counter() - t0)
            if r.status_code != 200:
                raise SystemExit(f"{label} -> {r.status_code} {body[:300]!r}")
            n_images = len(r.json()["images"])
        if want is not None and n_images != want:
            print(f"warning: {label} returned {n_images} images, expected {want}", file=sys.stderr)
        rows.append((label, len(lat), n_images, statistics.median(lat) * 1e3, pct(lat, 95) * 1e3))

    print()
    print(f"glintd metadata benchmark ({url})")
    print(f"creates: {created} POST /v2/images in {t_create:.2f} s = {created / t_create:.0f} creates/s "
          f"(one requests.Session; {create_conns} TCP connection(s) opened)")
    print(f"list latency with {created} images present:")
    print(f"  {'request':<36} {'n':>4} {'images':>7} {'median ms':>10} {'p95 ms':>9}")
    for label, n, imgs, med, p95 in rows:
        print(f"  {label:<36} {n:>4} {imgs if imgs is not None else '-':>7} {med:>10.2f} {p95:>9.2f}")
    print(f"TCP connections opened in total: {conns.count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
