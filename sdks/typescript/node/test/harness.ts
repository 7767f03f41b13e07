// A real `klarefi serve` on a fresh SQLite database, with an organization, a key and a webhook
// endpoint made with the CLI, and a loopback listener that receives the deliveries.
//
// The binary is $KLAREFI_BIN, else $CARGO_TARGET_DIR/debug/klarefi, else the repository's
// target/debug/klarefi. Without one the live tests skip, unless KLAREFI_REQUIRE_SDK_SERVER=1
// (set by CI) makes that a failure.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { type IncomingHttpHeaders, type Server as HttpServer, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// dist-test/test/harness.js → the repository root is five folders up.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");

export function binary(): string | undefined {
  const candidates = [
    process.env.KLAREFI_BIN,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "debug", "klarefi"),
    join(REPO, "target", "debug", "klarefi"),
  ].filter((c): c is string => Boolean(c));
  return candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface Delivery {
  body: Buffer;
  signature: string | undefined;
  headers: IncomingHttpHeaders;
}

/** Deliveries the server posted to the loopback listener. */
export class Hooks {
  readonly received: Delivery[] = [];
  #waiters: Array<() => void> = [];
  url = "";

  push(d: Delivery): void {
    this.received.push(d);
    for (const w of this.#waiters.splice(0)) w();
  }

  /** The first delivery (old or new) that `predicate` accepts. */
  async nextWhere(predicate: (d: Delivery) => boolean, timeoutMs = 20_000): Promise<Delivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no matching webhook delivery arrived");
      await new Promise<void>((resolveWait) => {
        const timer = setTimeout(resolveWait, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolveWait();
        });
      });
    }
  }
}

export interface Started {
  baseUrl: string;
  apiKey: string;
  orgId: string;
  webhookSecret: string;
  hooks: Hooks;
  stop(): Promise<void>;
}

async function listen(server: HttpServer): Promise<number> {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

export async function startServer(bin: string): Promise<Started> {
  const tmp = mkdtempSync(join(tmpdir(), "klarefi-sdk-ts-"));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? tmp,
    // sdks/check --postgres runs the suite again on a PostgreSQL database of its own.
    KLAREFI_DATABASE_URL: process.env.KLAREFI_SDK_DATABASE_URL || `sqlite://${tmp}/klarefi.db?mode=rwc`,
    KLAREFI_DATA_DIR: tmp,
    KLAREFI_BIND: `127.0.0.1:${port}`,
    KLAREFI_DEMO: "true", // serves /demo/claim-form.pdf for the processing test
    KLAREFI_ALLOW_PRIVATE_URLS: "true", // webhooks and documents on loopback
    KLAREFI_WEBHOOK_BACKOFF_SCALE: "0.01",
    KLAREFI_RATE_LIMIT: "10000",
    RUST_LOG: "warn",
  };
  const log = openSync(join(tmp, "server.log"), "w");
  const child: ChildProcess = spawn(bin, ["serve"], { env, stdio: ["ignore", log, log] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`klarefi serve did not start: ${readFileSync(join(tmp, "server.log"), "utf8").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const hooks = new Hooks();
  const listener = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const signature = req.headers["x-klarefi-signature"];
      hooks.push({ body: Buffer.concat(chunks), signature: Array.isArray(signature) ? signature[0] : signature, headers: req.headers });
      res.writeHead(200, { "content-length": "0" }).end();
    });
  });
  hooks.url = `http://127.0.0.1:${await listen(listener)}/hooks`;

  const cli = (...args: string[]) =>
    JSON.parse(execFileSync(bin, args, { env, encoding: "utf8", timeout: 60_000 })) as Record<string, string>;
  const org = cli("orgs", "create", "--name", "SDK tests", "--enable-processing");
  const key = cli("keys", "create", "--org", org.org_id!, "--env", "test");
  const endpoint = cli("webhooks", "add", "--org", org.org_id!, "--url", hooks.url, "--env", "test");

  return {
    baseUrl,
    apiKey: key.api_key!,
    orgId: org.org_id!,
    webhookSecret: endpoint.signing_secret!,
    hooks,
    async stop() {
      listener.closeAllConnections();
      await new Promise<void>((ok) => listener.close(() => ok()));
      const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(killer);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
