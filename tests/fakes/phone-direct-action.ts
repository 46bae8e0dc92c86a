// A Cisco MPP phone's web server, as far as its direct action URLs go: GET /admin/resync?<profile URL> and
// /admin/reboot, answered only with the user `admin` and the right password — by HTTP Digest (qop=auth, MD5,
// checked here with node:crypto, not with our lib/digest.ts) or, in "basic" mode, by Basic. Several phones share
// one fake: `passwords` says which password each profile URL's MAC must use.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface DirectActionRequest {
  path: string;
  authorized: boolean;
}

export interface FakePhoneWeb {
  port: number;
  /** "digest" (8800/7800 MPP firmware), "basic" (older firmware), "hang" (never answers). */
  mode: "digest" | "basic" | "hang";
  /** ms before each answer (to see requests overlap). */
  delayMs: number;
  received: DirectActionRequest[];
  /** The most requests in progress at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** `password(path)`: the Admin_Password the phone a request is for expects. */
export async function startFakePhoneWeb(password: (path: string) => string): Promise<FakePhoneWeb> {
  const nonce = randomBytes(8).toString("hex");
  let inFlight = 0;
  const state: Omit<FakePhoneWeb, "port" | "close"> = { mode: "digest", delayMs: 0, received: [], maxInFlight: 0 };
  const digestOk = (header: string, path: string) => {
    const p = Object.fromEntries([...header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
    const ha1 = md5(`admin:Cisco:${password(path)}`);
    const expected = md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${md5(`GET:${path}`)}`);
    return header.startsWith("Digest ") && p.username === "admin" && p.nonce === nonce && p.uri === path && p.qop === "auth" && p.response === expected;
  };
  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? "";
    if (state.mode === "hang") return;
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    await new Promise((ok) => setTimeout(ok, state.delayMs));
    inFlight--;
    const auth = req.headers.authorization ?? "";
    const authorized = state.mode === "basic" ? auth === `Basic ${Buffer.from(`admin:${password(path)}`).toString("base64")}` : digestOk(auth, path);
    if (!/^\/admin\/(resync\?http:\/\/\S+\.xml|reboot)$/.test(path)) return res.writeHead(404).end("Not Found");
    state.received.push({ path, authorized });
    if (!authorized) {
      const challenge = state.mode === "basic" ? 'Basic realm="Cisco"' : `Digest realm="Cisco", nonce="${nonce}", qop="auth", algorithm=MD5`;
      return res.writeHead(401, { "WWW-Authenticate": challenge, "Content-Type": "text/html" }).end("<html><body>401 Unauthorized</body></html>");
    }
    res.writeHead(200, { "Content-Type": "text/html" }).end(`<html><body>${path.startsWith("/admin/reboot") ? "Rebooting" : "Resyncing"}...</body></html>`);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return Object.assign(state, {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  });
}
