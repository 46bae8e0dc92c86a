// A FRITZ!Box (or fritzco) serving phone books over HTTP: each path answers what a test put there — a body, a
// status, or a redirect — and every request is recorded, so a test can tell whether Switchboard came at all.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type BoxAnswer = { body: string; status?: number } | { redirect: string; status?: number };

export interface FakeFritzbox {
  /** http://<host>:<port> */
  base: string;
  /** What each path answers (query ignored); a path not listed is a 404. */
  answers: Map<string, BoxAnswer>;
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeFritzbox(host = "127.0.0.1"): Promise<FakeFritzbox> {
  const answers = new Map<string, BoxAnswer>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const answer = answers.get(new URL(req.url ?? "/", "http://box").pathname);
    if (!answer) return void res.writeHead(404).end("not here");
    if ("redirect" in answer) return void res.writeHead(answer.status ?? 302, { Location: answer.redirect }).end();
    res.writeHead(answer.status ?? 200, { "Content-Type": "text/xml" }).end(answer.body);
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  return {
    base: `http://${host}:${(server.address() as AddressInfo).port}`,
    answers,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}
