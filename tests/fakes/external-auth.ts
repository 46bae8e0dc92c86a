// An External Authentication web service as Acrobits' SSO server calls it: a form POST with username, host,
// password and cloud_id; 200 with the verified numbers when the credentials are those of a known user, 401
// otherwise. `answer` picks how a valid sign-in is answered (JSON under either key, XML), or how the service
// misbehaves (garbage, a redirect, never answering).
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type ExternalAnswer = "json" | "phoneNumbers" | "xml" | "garbage" | "redirect" | "hang";

export interface FakeExternalAuth {
  url: string;
  /** `username@host` → password and verified numbers. */
  users: Map<string, { password: string; numbers: string[] }>;
  answer: ExternalAnswer;
  /** Every form received, with its Content-Type. */
  received: { contentType: string; form: URLSearchParams }[];
  close(): Promise<void>;
}

export async function startExternalAuth(): Promise<FakeExternalAuth> {
  const sockets = new Set<Socket>();
  const fake: FakeExternalAuth = {
    url: "",
    users: new Map(),
    answer: "json",
    received: [],
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    fake.received.push({ contentType: String(req.headers["content-type"] ?? ""), form });
    const user = fake.users.get(`${form.get("username")}@${form.get("host")}`);
    if (req.method !== "POST" || !user || user.password !== form.get("password") || !form.get("cloud_id")) return send(res, 401, "text/plain", "Unauthorized");
    switch (fake.answer) {
      case "json":
        return send(res, 200, "application/json", JSON.stringify({ verified_numbers: user.numbers }));
      case "phoneNumbers":
        return send(res, 200, "application/json", JSON.stringify({ phoneNumbers: user.numbers }));
      case "xml":
        return send(res, 200, "text/xml; charset=utf-8", `<?xml version="1.0" encoding="UTF-8"?>\n<account><phoneNumbers>${user.numbers.map((n) => `<phoneNumber>${n}</phoneNumber>`).join("")}</phoneNumbers></account>`);
      case "garbage":
        return send(res, 200, "text/plain", "OK?! %%% not an answer");
      case "redirect":
        res.writeHead(307, { Location: "https://elsewhere.example/login" });
        return res.end();
      case "hang":
        return; // never answers
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ext-auth`;
  return fake;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type });
  res.end(body);
}
