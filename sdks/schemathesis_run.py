"""schemathesis with every check against a ``klarefi serve`` it starts on a scratch SQLite
database (an organization with the processing API and a key with every scope, made with the
CLI). Exits with schemathesis's status: 0 only with zero failures.

    python sdks/schemathesis_run.py path/to/klarefi [extra st arguments]

Run with the venv of sdks/check (schemathesis pinned in sdks/python/requirements-dev.txt).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

MAX_EXAMPLES = os.environ.get("KLAREFI_SCHEMATHESIS_EXAMPLES", "50")


def main() -> int:
    binary = sys.argv[1]
    tmp = Path(tempfile.mkdtemp(prefix="klarefi-schemathesis-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp)),
        "KLAREFI_DATABASE_URL": f"sqlite://{tmp}/klarefi.db?mode=rwc",
        "KLAREFI_DATA_DIR": str(tmp),
        "KLAREFI_BIND": f"127.0.0.1:{port}",
        "KLAREFI_DEMO": "false",
        "KLAREFI_RATE_LIMIT": "1000000",
        "RUST_LOG": "warn",
    }
    base = f"http://127.0.0.1:{port}"
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print((tmp / "server.log").read_text()[-3000:], file=sys.stderr)
                    return 1
                time.sleep(0.2)

        def cli(*args: str) -> dict:
            out = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=60, check=True)
            return json.loads(out.stdout)

        org = cli("orgs", "create", "--name", "schemathesis", "--enable-processing")
        key = cli("keys", "create", "--org", org["org_id"], "--env", "test")["api_key"]
        st = Path(sys.executable).with_name("st")
        command = [
            str(st), "--config-file", str(Path(__file__).with_name("schemathesis.toml")),
            "run", f"{base}/api/v1/openapi.json",
            "--header", f"Authorization: Bearer {key}",
            "--checks", "all",
            "--max-examples", MAX_EXAMPLES,
            "--workers", "1",
            "--seed", os.environ.get("KLAREFI_SCHEMATHESIS_SEED", "1"),
            "--no-color",
            *sys.argv[2:],
        ]  # fmt: skip
        # The key is a throwaway on a scratch database; still, it is not printed.
        print("st run", f"{base}/api/v1/openapi.json", "--checks all --max-examples", MAX_EXAMPLES, flush=True)
        hooks_env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
            "PYTHONPATH": str(Path(__file__).parent),
            "KLAREFI_ST_BASE": base,
            "KLAREFI_ST_KEY": key,
        }
        return subprocess.run(command, check=False, timeout=1800, env=hooks_env, cwd=tmp).returncode
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
