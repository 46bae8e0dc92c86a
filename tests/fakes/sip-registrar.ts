// A SIP registrar on 127.0.0.1 over TCP (RFC 3261 §10, Digest of RFC 2617/8760 with qop=auth), for a real Linphone
// client to register with what provisioning gave it: a REGISTER without credentials gets 401 with a challenge,
// one whose Digest response fits the account's HA1 gets 200. Only what a REGISTER needs, nothing more.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";

export interface RegistrarAccount {
  username: string;
  realm: string;
  algorithm: "MD5" | "SHA-256";
  /** H(username:realm:password): what the registrar knows, as Flexisip does. */
  ha1: string;
}

export interface Registrar {
  port: number;
  /** username → how many REGISTERs with a correct Digest response it accepted. */
  registered: Map<string, number>;
  close(): Promise<void>;
}

const H = (algorithm: string, s: string) => createHash(algorithm === "SHA-256" ? "sha256" : "md5").update(s).digest("hex");

/** `lookup` answers the account of a username (read when it registers, as Flexisip reads its database). */
export async function startRegistrar(lookup: (username: string) => RegistrarAccount | undefined): Promise<Registrar> {
  const registered = new Map<string, number>();
  const nonces = new Set<string>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > 64 * 1024) return socket.destroy();
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString("utf8");
        const length = Number(/^(?:content-length|l)\s*:\s*(\d+)/im.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        // Keep-alives (CRLF pings) and responses are not requests.
        const lines = head.replace(/^(\r\n)+/, "").split("\r\n");
        if (!lines[0] || lines[0].startsWith("SIP/2.0")) continue;
        socket.write(answer(lines));
      }
    });
  });

  function answer(lines: string[]): string {
    const [method] = lines[0].split(" ");
    const headers = lines.slice(1);
    const all = (name: string) => headers.filter((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    const one = (name: string) => all(name)[0]?.slice(name.length + 1).trim() ?? "";
    const reply = (status: string, extra: string[] = []) => {
      const to = one("To");
      const out = [`SIP/2.0 ${status}`, ...all("Via"), `From: ${one("From")}`, `To: ${/;tag=/.test(to) ? to : `${to};tag=${randomBytes(4).toString("hex")}`}`,
        `Call-ID: ${one("Call-ID")}`, `CSeq: ${one("CSeq")}`, ...extra, "Content-Length: 0", "", ""];
      return out.join("\r\n");
    };
    if (method !== "REGISTER") return reply("405 Method Not Allowed", ["Allow: REGISTER"]);
    const user = /sips?:([^@>;]+)@/.exec(one("To"))?.[1] ?? "";
    const account = lookup(decodeURIComponent(user));
    if (!account) return reply("404 Not Found");
    const auth = one("Authorization");
    const p = Object.fromEntries([...auth.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
    if (auth.startsWith("Digest ") && nonces.has(p.nonce) && p.username === account.username && p.realm === account.realm) {
      const ha2 = H(account.algorithm, `REGISTER:${p.uri}`);
      const expected = H(account.algorithm, `${account.ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
      if (p.response === expected) {
        registered.set(account.username, (registered.get(account.username) ?? 0) + 1);
        return reply("200 OK", [...all("Contact").map((c) => (/expires=/i.test(c) ? c : `${c};expires=600`)), "Expires: 600"]);
      }
    }
    const nonce = randomBytes(12).toString("hex");
    nonces.add(nonce);
    return reply("401 Unauthorized", [`WWW-Authenticate: Digest realm="${account.realm}", nonce="${nonce}", algorithm=${account.algorithm}, qop="auth"`]);
  }

  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    registered,
    close: () => new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}
