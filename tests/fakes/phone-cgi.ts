// A Cisco phone's CGI Execute endpoint: checks Basic auth and the XML form field, then answers as a phone does.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface PhoneCgi {
  url: string;
  host: string;
  /** What the next request gets: "ok", a CiscoIPPhoneError number, or "hang" (never answers). */
  next: "ok" | "1" | "2" | "3" | "4" | "status-5" | "garbage";
  received: { authorization?: string; xml?: string; path: string }[];
  close(): Promise<void>;
}

export async function startPhoneCgi(username: string, password: string): Promise<PhoneCgi> {
  const received: PhoneCgi["received"] = [];
  const state = { next: "ok" as PhoneCgi["next"] };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    received.push({ authorization: req.headers.authorization, xml: form.get("XML") ?? undefined, path: req.url ?? "" });
    const send = (body: string, status = 200) => {
      res.writeHead(status, { "Content-Type": "text/xml" });
      res.end(body);
    };
    const expected = "Basic " + Buffer.from(`${username}:${password}`).toString("base64");
    if (req.method !== "POST" || req.url !== "/CGI/Execute") return send("<CiscoIPPhoneError Number=\"1\"/>", 404);
    if (req.headers.authorization !== expected) return send('<CiscoIPPhoneError Number="4"/>');
    if (!/^<CiscoIPPhoneExecute><ExecuteItem Priority="0" URL="Dial:[\d*#]+"\/><\/CiscoIPPhoneExecute>$/.test(form.get("XML") ?? "")) {
      return send('<CiscoIPPhoneError Number="1"/>');
    }
    const next = state.next;
    if (next === "ok") return send('<?xml version="1.0" encoding="utf-8"?><CiscoIPPhoneResponse><ResponseItem Status="0" Data="Success" URL="Dial:x"/></CiscoIPPhoneResponse>');
    if (next === "status-5") return send('<CiscoIPPhoneResponse><ResponseItem Status="5" Data="Busy" URL=""/></CiscoIPPhoneResponse>');
    if (next === "garbage") return send("<html>oops</html>", 500);
    return send(`<CiscoIPPhoneError Number="${next}"/>`);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    get next() { return state.next; },
    set next(v) { state.next = v; },
    received,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
