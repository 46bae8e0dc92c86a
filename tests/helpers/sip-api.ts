// A client of the FlexiAPI-compatible account API for tests: raw HTTP (so repeated WWW-Authenticate headers stay
// apart), our own RFC 7616 Digest computation (written from the RFC, not from lib/digest.ts), and accounts seeded
// straight into the database.
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { newApiKey } from "../../core/accounts/me.ts";
import { createAccount, type Account, type AccountFields } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";

export interface ApiResponse {
  status: number;
  /** Header name (lower case) → every value, in order. */
  headers: Map<string, string[]>;
  body: string;
  json<T = any>(): T;
}

export function call(base: string, method: string, path: string, o: { headers?: Record<string, string>; body?: unknown } = {}): Promise<ApiResponse> {
  const url = new URL(path, base);
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  // Content-Length set here: Node leaves it out of a DELETE with a body, and the body would read as a new request.
  const sized: Record<string, string> = payload ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(payload)) } : {};
  const headers: Record<string, string> = { Accept: "application/json", ...sized, ...o.headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const all = new Map<string, string[]>();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i].toLowerCase();
          all.set(name, [...(all.get(name) ?? []), res.rawHeaders[i + 1]]);
        }
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: all, body, json: () => JSON.parse(body) });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

export interface Challenge {
  realm: string;
  nonce: string;
  opaque: string;
  algorithm: string;
  qop: string;
}

/** The challenges of a response, one per WWW-Authenticate header. */
export function challengesOf(res: ApiResponse): Challenge[] {
  return (res.headers.get("www-authenticate") ?? []).map((h) => {
    const params = Object.fromEntries([...h.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
    return { realm: params.realm, nonce: params.nonce, opaque: params.opaque, algorithm: params.algorithm ?? "MD5", qop: params.qop };
  });
}

const H = (algorithm: string, s: string) => createHash(algorithm === "SHA-256" ? "sha256" : "md5").update(s, "utf8").digest("hex");

/** The Authorization header a Digest client sends (RFC 7616 §3.4, qop=auth). */
export function digestAuthorization(ch: Challenge, c: { username: string; password: string | { ha1: string }; method: string; uri: string; nc: number; cnonce?: string; algorithm?: string }): string {
  const algorithm = c.algorithm ?? ch.algorithm;
  const nc = c.nc.toString(16).padStart(8, "0");
  const cnonce = c.cnonce ?? randomBytes(8).toString("hex");
  // A client provisioned by Linphone XML holds only HA1, never the password.
  const ha1 = typeof c.password === "string" ? H(algorithm, `${c.username}:${ch.realm}:${c.password}`) : c.password.ha1;
  const ha2 = H(algorithm, `${c.method}:${c.uri}`);
  const response = H(algorithm, `${ha1}:${ch.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${c.username}", realm="${ch.realm}", nonce="${ch.nonce}", uri="${c.uri}", algorithm=${algorithm}, ` +
    `response="${response}", opaque="${ch.opaque}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

/** A Linphone-like client: asks, answers the challenge of its algorithm, then reuses the nonce with a growing nc. */
export class DigestClient {
  private challenge?: Challenge;
  private nc = 0;

  constructor(
    readonly base: string,
    readonly account: { username: string; domain: string },
    readonly password: string | { ha1: string },
    readonly algorithm: "MD5" | "SHA-256" = "MD5",
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const from = { From: `sip:${this.account.username}@${this.account.domain}` };
    if (!this.challenge) {
      const first = await call(this.base, method, path, { headers: from, body });
      if (first.status !== 401) return first;
      this.adopt(first);
    }
    const authorization = digestAuthorization(this.challenge!, { username: this.account.username, password: this.password, method, uri: path, nc: ++this.nc, algorithm: this.algorithm });
    const res = await call(this.base, method, path, { headers: { ...from, Authorization: authorization }, body });
    if (res.status === 401) this.challenge = undefined;
    return res;
  }

  private adopt(res: ApiResponse): void {
    this.challenge = challengesOf(res).find((c) => c.algorithm === this.algorithm);
    this.nc = 0;
    if (!this.challenge) throw new Error(`no ${this.algorithm} challenge in ${JSON.stringify([...res.headers])}`);
  }
}

/** An account stored as an admin would have created it, with its password as Digest stores it. */
export function seedAccount(db: Db, o: Partial<AccountFields> & { username: string; password?: string; algorithm?: "MD5" | "SHA-256" | "CLRTXT"; realm?: string }): Account {
  const domain = o.domain ?? "sip.example.com";
  const realm = o.realm ?? domain;
  const algorithm = o.algorithm ?? "MD5";
  const password = o.password ?? "secret-123";
  const hash = algorithm === "CLRTXT" ? password : H(algorithm, `${o.username}:${realm}:${password}`);
  const { password: _p, algorithm: _a, realm: _r, ...fields } = o;
  return createAccount(db, { activated: 1, ...fields, domain }, [{ algorithm, hash }]);
}

/** Gives the account an API key as GET /api/accounts/me/api_key does, and returns the key. */
export const seedApiKey = (db: Db, account: Account): string => newApiKey(db, account, "127.0.0.1");
