"""A real ``klarefi serve`` on a fresh SQLite database, with an organization, a key and a
webhook endpoint made with the CLI, and a loopback listener that receives the deliveries.

The binary is ``$KLAREFI_BIN``, else ``$CARGO_TARGET_DIR/debug/klarefi``, else the repository's
``target/debug/klarefi``. Without one the tests skip, unless ``KLAREFI_REQUIRE_SDK_SERVER=1``
(set by CI) makes that a failure.
"""

from __future__ import annotations

import http.server
import json
import os
import queue
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _binary() -> Path | None:
    candidates = []
    if os.environ.get("KLAREFI_BIN"):
        candidates.append(Path(os.environ["KLAREFI_BIN"]))
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(Path(os.environ["CARGO_TARGET_DIR"]) / "debug" / "klarefi")
    candidates.append(REPO / "target" / "debug" / "klarefi")
    return next((c for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Delivery:
    body: bytes
    signature: str | None
    headers: dict[str, str]


@dataclass
class Hooks:
    """Deliveries the server posted to the loopback listener, in arrival order."""

    url: str
    received: queue.Queue[Delivery] = field(default_factory=queue.Queue)
    every: list[Delivery] = field(default_factory=list)

    def next_where(self, predicate, timeout: float = 20.0) -> Delivery:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching webhook delivery arrived")
            try:
                d = self.received.get(timeout=left)
            except queue.Empty as e:
                raise AssertionError("no matching webhook delivery arrived") from e
            if predicate(d):
                return d


def start_listener() -> tuple[http.server.ThreadingHTTPServer, Hooks]:
    hooks = Hooks(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            delivery = Delivery(body=body, signature=self.headers.get("x-klarefi-signature"), headers=dict(self.headers))
            hooks.every.append(delivery)
            hooks.received.put(delivery)
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hooks.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hooks


@dataclass
class Server:
    base_url: str
    api_key: str
    org_id: str
    webhook_secret: str
    hooks: Hooks
    binary: Path
    env: dict[str, str]

    def cli(self, *args: str) -> dict:
        out = subprocess.run(
            [str(self.binary), *args], env=self.env, capture_output=True, text=True, timeout=60, check=False
        )
        assert out.returncode == 0, f"klarefi {' '.join(args[:2])} failed: {out.stderr[-2000:]}"
        return json.loads(out.stdout)


@pytest.fixture(scope="session")
def server():
    binary = _binary()
    if binary is None:
        message = "no klarefi binary (set KLAREFI_BIN or build with cargo build)"
        if os.environ.get("KLAREFI_REQUIRE_SDK_SERVER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    tmp = Path(tempfile.mkdtemp(prefix="klarefi-sdk-py-"))
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp)),
        # sdks/check --postgres runs the suite again on a PostgreSQL database of its own.
        "KLAREFI_DATABASE_URL": os.environ.get("KLAREFI_SDK_DATABASE_URL") or f"sqlite://{tmp}/klarefi.db?mode=rwc",
        "KLAREFI_DATA_DIR": str(tmp),
        "KLAREFI_BIND": f"127.0.0.1:{port}",
        "KLAREFI_DEMO": "true",  # serves /demo/claim-form.pdf for the processing test
        "KLAREFI_ALLOW_PRIVATE_URLS": "true",  # webhooks and documents on loopback
        "KLAREFI_WEBHOOK_BACKOFF_SCALE": "0.01",
        "KLAREFI_RATE_LIMIT": "10000",
        "RUST_LOG": "warn",
    }
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen([str(binary), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    listener = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"klarefi serve did not start: {(tmp / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        listener, hooks = start_listener()
        probe = Server(base_url, "", "", "", hooks, binary, env)
        org = probe.cli("orgs", "create", "--name", "SDK tests", "--enable-processing")
        key = probe.cli("keys", "create", "--org", org["org_id"], "--env", "test")
        endpoint = probe.cli("webhooks", "add", "--org", org["org_id"], "--url", hooks.url, "--env", "test")
        yield Server(
            base_url=base_url,
            api_key=key["api_key"],
            org_id=org["org_id"],
            webhook_secret=endpoint["signing_secret"],
            hooks=hooks,
            binary=binary,
            env=env,
        )
    finally:
        if listener is not None:
            listener.shutdown()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
