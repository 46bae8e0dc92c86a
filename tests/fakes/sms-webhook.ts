// An SMS gateway's HTTP API for tests: records each request as sent (method, path and query, headers, body) and
// answers with the status a test sets, or never ("hang").
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SmsWebhook {
  url: string;
  received: WebhookRequest[];
  /** What the next requests get: an HTTP status, or "hang". */
  answer: number | "hang";
  close(): Promise<void>;
}

export async function startSmsWebhook(): Promise<SmsWebhook> {
  const received: WebhookRequest[] = [];
  const state = { answer: 200 as number | "hang" };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    if (state.answer === "hang") return;
    res.writeHead(state.answer, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: state.answer < 300 ? "queued" : "error" }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get answer() {
      return state.answer;
    },
    set answer(v) {
      state.answer = v;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
