"""The harness for the MCP suite: a real `klarefi` binary serving a fresh database, organizations
and keys made with its own admin commands, and MCP clients (the official Python SDK) over stdio
(`klarefi mcp`, a child process) and over Streamable HTTP (`/mcp` on the running server).

Settings (all optional):
  KLAREFI_BIN                 the binary (default: $CARGO_TARGET_DIR/debug/klarefi, then target/debug/klarefi)
  KLAREFI_TEST_POSTGRES_URL   run on a fresh PostgreSQL database made on this server instead of SQLite
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

try:
    import httpx2
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters
    from mcp.client.streamable_http import streamable_http_client
except ImportError as missing:  # pragma: no cover - only outside CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(
        f"the MCP suite needs the pinned Python packages (pip install -r tests/mcp/requirements.txt): {missing}",
        allow_module_level=True,
    )

ROOT = Path(__file__).resolve().parents[2]


def binary() -> Path | None:
    candidates = []
    if os.environ.get("KLAREFI_BIN"):
        candidates.append(Path(os.environ["KLAREFI_BIN"]))
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(Path(os.environ["CARGO_TARGET_DIR"]) / "debug" / "klarefi")
    candidates.append(ROOT / "target" / "debug" / "klarefi")
    return next((c for c in candidates if c.is_file()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- documents ----------------------------------------------------------------------------------


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica (WinAnsi) text, one line per entry, written here by hand."""

    def escape(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 11 Tf 16 TL 60 780 Td\n" + "".join(f"({escape(line)}) Tj T*\n" for line in lines) + "ET"
    content = body.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def full_claim_form() -> bytes:
    """A claim form that states every fact of motor_claim, in English."""
    return text_pdf(
        [
            "Motor claim form",
            "Name of insured: Jan de Vries",
            "Email address: jan.devries@example.nl",
            "Phone number: 06 12345678",
            "Policy number: AUTO-2023-44871",
            "Licence plate: AB-123-C",
            "Date of the accident: 4 July 2025",
            "Place of accident: Utrecht",
            "Type of accident: collision with another vehicle",
            "What happened: While reversing, the other party hit my rear bumper.",
            "Other party involved: no",
            "Total claimed: \u20ac 697.00",
            "IBAN: NL91 ABNA 0417 1643 00",
        ]
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---- the server -----------------------------------------------------------------------------------


@dataclass
class Klarefi:
    bin: Path
    env: dict[str, str]
    base_url: str
    process: subprocess.Popen
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def admin(self, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [str(self.bin), *args], env=self.env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, f"klarefi {' '.join(args)}: {done.stdout} {done.stderr}"
        return json.loads(done.stdout)

    def api(self, method: str, path: str, key: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {key}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
            return response.read()

    def org(self, name: str, *, env: str = "test", scopes: tuple[str, ...] = ()) -> str:
        """An API key of organization `name` (made once), with `scopes` (default: all)."""
        if name not in self.orgs:
            self.orgs[name] = self.admin("orgs", "create", "--name", name)
        args = ["keys", "create", "--org", self.orgs[name]["org_id"], "--env", env]
        for scope in scopes:
            args += ["--scope", scope]
        return self.admin(*args)["api_key"]

    def create_session(self, key: str, **body: Any) -> dict[str, Any]:
        body.setdefault("case_type_id", "motor_claim")
        body.setdefault("idempotency_key", f"py_{uuid.uuid4().hex}")
        status, created = self.api("POST", "/api/v1/sessions", key, body)
        assert status == 201, created
        return created

    # -- MCP clients --

    def stdio(self, *, api_key: str | None = None, link: str | None = None) -> Client:
        env = dict(self.env)
        env.pop("KLAREFI_API_KEY", None)
        if api_key:
            env["KLAREFI_API_KEY"] = api_key
        if link:
            env["KLAREFI_INTAKE_LINK"] = link
        return Client(StdioServerParameters(command=str(self.bin), args=["mcp"], env=env), read_timeout_seconds=120)

    @asynccontextmanager
    async def http(self, *, api_key: str | None = None):
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(120.0)) as http_client:
            transport = streamable_http_client(f"{self.base_url}/mcp", http_client=http_client)
            async with Client(transport, read_timeout_seconds=120) as client:
                yield client

    @asynccontextmanager
    async def client(self, transport: str, *, api_key: str | None = None):
        if transport == "stdio":
            async with self.stdio(api_key=api_key) as client:
                yield client
        else:
            async with self.http(api_key=api_key) as client:
                yield client


def _database(tmp: Path) -> tuple[str, str | None]:
    """The database URL for this run, and the PostgreSQL database to drop after it."""
    admin_url = os.environ.get("KLAREFI_TEST_POSTGRES_URL")
    if not admin_url:
        return f"sqlite:{tmp / 'klarefi.db'}?mode=rwc", None
    name = f"klarefi_mcp_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", admin_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True, timeout=60)
    return admin_url.rsplit("/", 1)[0] + f"/{name}", name


@pytest.fixture(scope="session")
def klarefi():
    bin_path = binary()
    if bin_path is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError("no klarefi binary: build it (cargo build) or set KLAREFI_BIN")
        pytest.skip("no klarefi binary: run `cargo build` first, or set KLAREFI_BIN")
    tmp = Path(tempfile.mkdtemp(prefix="klarefi-mcp-"))
    database_url, pg_name = _database(tmp)
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp)),
        "KLAREFI_DATA_DIR": str(tmp / "data"),
        "KLAREFI_DATABASE_URL": database_url,
        "KLAREFI_BIND": f"127.0.0.1:{port}",
        "KLAREFI_DEMO": "true",
        "KLAREFI_LOG": "warn",
    }
    log = open(tmp / "server.log", "wb")
    process = subprocess.Popen([str(bin_path), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/api/v1/health", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError((tmp / "server.log").read_text(errors="replace"))
            time.sleep(0.2)
    try:
        yield Klarefi(bin=bin_path, env=env, base_url=base_url, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if pg_name:
            admin_url = os.environ["KLAREFI_TEST_POSTGRES_URL"]
            subprocess.run(
                ["psql", admin_url, "-q", "-c", f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"],
                check=False,
                timeout=60,
            )
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def anyio_backend():
    return "asyncio"
