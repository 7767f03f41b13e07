// A small local HTTP server that answers from a script, to test retries without the real one.

import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type Step = { status: number; headers?: Record<string, string>; body: unknown } | "drop" | { sleepMs: number };

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export async function fake(steps: Step[]): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() });
      const step = steps.shift() ?? { status: 500, body: { error: { code: "script_ended" } } };
      if (step === "drop") {
        req.socket.destroy();
        return;
      }
      if ("sleepMs" in step) {
        setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), step.sleepMs);
        return;
      }
      res.writeHead(step.status, { "content-type": "application/json", ...(step.headers ?? {}) }).end(JSON.stringify(step.body));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
