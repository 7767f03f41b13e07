#!/usr/bin/env python3
"""Half-sent requests against a fresh `klarefi serve` (SQLite, its own data directory).

Opens CONNECTIONS (6,000) connections at once, each sending part of a request and then
nothing, while a probe asks /api/v1/health every 50 ms on its own connection. The probe runs
in a process of its own (blocking sockets), so its timings are the server's and not this
process's event loop, which is busy opening the flood (PROBE=inline measures as the first
runs did, from the flood's own loop). Reports the
server's resident memory before, at its peak, 2 s after (the probe still asking) and 10 s after
(idle), how many half-sent requests were
answered or closed and how long that took, and the health latency throughout.

PROBE_AT=ops starts the server with an operations address (KLAREFI_OPS_BIND) and probes
that instead of the flooded public address.

KIND selects the request:
  form   a 63 KiB cookie-less form post to /s/{id}/step/consent, 1 KiB of it sent
  head   a request head without its end (no blank line)
  body   an authenticated JSON post announcing 1,000 bytes, 6 of them sent

Usage: benches/slow_clients.py            (KIND=form CONNECTIONS=6000 KLAREFI_BIN=...)
The binary defaults to the release build under $CARGO_TARGET_DIR; settings such as
KLAREFI_HEADER_TIMEOUT_MS pass through to the server.
"""

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

CONNECTIONS = int(os.environ.get("CONNECTIONS", "6000"))
KIND = os.environ.get("KIND", "form")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/klarefi-target"))
BIN = os.environ.get("KLAREFI_BIN", os.path.join(TARGET, "release", "klarefi"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def health(port):
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    await writer.drain()
    head = await reader.read(12)
    writer.close()
    return head == b"HTTP/1.1 200", (time.monotonic() - started) * 1000


def probe_process(port, stop_file):
    """The probe's own process: GET /api/v1/health every 50 ms until `stop_file` exists;
    prints the samples as JSON."""
    samples = []
    while not os.path.exists(stop_file):
        started = time.monotonic()
        ok = False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                ok = s.recv(12) == b"HTTP/1.1 200"
        except OSError:
            pass
        samples.append((ok, (time.monotonic() - started) * 1000))
        time.sleep(0.05)
    print(json.dumps(samples))


async def probe(port, stop, samples):
    while not stop.is_set():
        try:
            ok, ms = await asyncio.wait_for(health(port), 5)
        except (OSError, asyncio.TimeoutError):
            ok, ms = False, 5000.0
        samples.append((ok, ms))
        await asyncio.sleep(0.05)


def request(kind, key):
    if kind == "form":
        body = b"csrf=x&value=" + b"a" * (63 * 1024)
        head = (
            f"POST /s/{uuid.uuid4()}/step/consent HTTP/1.1\r\nHost: localhost\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        return head + body[:1024]
    if kind == "head":
        return b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
    if kind == "body":
        return (
            "POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\n"
            f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n"
            'Content-Length: 1000\r\n\r\n{"case'
        ).encode()
    sys.exit(f"unknown KIND {kind}")


async def half_sent(port, payload, outcomes):
    started = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        await writer.drain()
        first = await asyncio.wait_for(reader.read(12), 120)
        while await asyncio.wait_for(reader.read(65536), 120):
            pass
        outcomes.append((first[9:12].decode() if first else "closed", time.monotonic() - started))
        writer.close()
    except (OSError, asyncio.TimeoutError) as e:
        outcomes.append((type(e).__name__, time.monotonic() - started))


async def main():
    port = free_port()
    data = tempfile.mkdtemp(prefix="klarefi-slow-")
    env = dict(os.environ, KLAREFI_DATA_DIR=data, KLAREFI_BIND=f"127.0.0.1:{port}", KLAREFI_DEMO="true", KLAREFI_LOG="warn")
    probe_port = port
    if os.environ.get("PROBE_AT") == "ops":
        probe_port = free_port()
        env["KLAREFI_OPS_BIND"] = f"127.0.0.1:{probe_port}"
    env.pop("KLAREFI_DATABASE_URL", None)
    server = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    key = None
    for _ in range(600):
        try:
            if (await health(port))[0]:
                break
        except OSError:
            await asyncio.sleep(0.05)
    for _ in range(20):
        line = server.stdout.readline()
        if "sk_test_" in line:
            key = line.split()[-1]
            break
    await asyncio.sleep(1)
    before = rss_mib(server.pid)

    stop, samples, outcomes = asyncio.Event(), [], []
    inline = os.environ.get("PROBE", "process") == "inline"
    stop_file = os.path.join(data, "probe.stop")
    if inline:
        prober = asyncio.create_task(probe(probe_port, stop, samples))
    else:
        prober = subprocess.Popen([sys.executable, __file__, "--probe", str(probe_port), stop_file], stdout=subprocess.PIPE, text=True)
        await asyncio.sleep(0.2)
    peak = before
    payload = request(KIND, key)
    flood_started = time.monotonic()
    tasks = [asyncio.create_task(half_sent(port, payload, outcomes)) for _ in range(CONNECTIONS)]
    while not all(t.done() for t in tasks):
        peak = max(peak, rss_mib(server.pid))
        await asyncio.sleep(0.05)
    flood_took = time.monotonic() - flood_started
    await asyncio.sleep(2)
    stop.set()
    if inline:
        await prober
    else:
        open(stop_file, "w").close()
        samples = [tuple(x) for x in json.loads(prober.communicate()[0])]
    after = rss_mib(server.pid)
    # And once the server has sat idle a while longer (nothing asks it anything now).
    await asyncio.sleep(8)
    after_idle = rss_mib(server.pid)
    server.terminate()
    server.wait()

    by_outcome = {}
    for outcome, took in outcomes:
        by_outcome.setdefault(outcome, []).append(took)
    latencies = sorted(ms for _, ms in samples)
    failed = sum(1 for ok, _ in samples if not ok)
    print(json.dumps({
        "kind": KIND,
        "probe": ("inline" if inline else "process") + (" at the operations address" if probe_port != port else ""),
        "connections": CONNECTIONS,
        "settings": {k: v for k, v in os.environ.items() if k.startswith("KLAREFI_") and k != "KLAREFI_BIN"},
        "rss_mib": {"before": round(before, 1), "peak": round(peak, 1), "after_2s": round(after, 1), "after_10s": round(after_idle, 1)},
        "all_closed_after_s": round(flood_took, 2),
        "outcomes": {k: {"count": len(v), "max_s": round(max(v), 2), "median_s": round(statistics.median(v), 2)} for k, v in by_outcome.items()},
        "health": {
            "probes": len(latencies),
            "failed": failed,
            "p50_ms": round(statistics.median(latencies), 1),
            "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
            "max_ms": round(latencies[-1], 1),
        },
    }, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--probe":
        probe_process(int(sys.argv[2]), sys.argv[3])
    else:
        asyncio.run(main())
