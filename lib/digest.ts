// HTTP Digest access authentication (RFC 7616, qop=auth, MD5 and SHA-256): challenges, a linear-time parser for
// the client's Authorization header, and the response a client must have computed.
import { createHash, timingSafeEqual } from "node:crypto";

export type DigestAlgorithm = "MD5" | "SHA-256";
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ["MD5", "SHA-256"];

/** Longer Authorization headers are not parsed at all. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const NODE_HASH: Record<DigestAlgorithm, string> = { MD5: "md5", "SHA-256": "sha256" };

export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(NODE_HASH[algorithm]).update(data, "utf8").digest("hex");
}

/** H(username:realm:password), what a server may store instead of the password. */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestCredentials {
  username?: string;
  realm?: string;
  nonce?: string;
  uri?: string;
  response?: string;
  algorithm?: string;
  cnonce?: string;
  opaque?: string;
  qop?: string;
  nc?: string;
}

/** The response for qop=auth: H(HA1:nonce:nc:cnonce:qop:H(method:uri)). */
export function digestResponse(algorithm: DigestAlgorithm, ha1: string, c: { method: string; uri: string; nonce: string; nc: string; cnonce: string; qop: string }): string {
  const ha2 = digestHash(algorithm, `${c.method}:${c.uri}`);
  return digestHash(algorithm, `${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:${c.qop}:${ha2}`);
}

/** Compares two hex digests without revealing where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), "utf8");
  const y = Buffer.from(b.toLowerCase(), "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

const quote = (s: string) => `"${s.replace(/[\\"]/g, "\\$&")}"`;

/** One WWW-Authenticate value. */
export function digestChallenge(c: { realm: string; algorithm: DigestAlgorithm; nonce: string; opaque: string }): string {
  return `Digest realm=${quote(c.realm)},qop="auth",algorithm=${c.algorithm},nonce=${quote(c.nonce)},opaque=${quote(c.opaque)}`;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/**
 * The parameters of `Authorization: Digest …` (RFC 7235 auth-params: token=token or token="quoted"), undefined
 * when the header is not Digest or does not parse. One pass over the header; a repeated parameter is an error.
 */
export function parseDigestAuthorization(header: string | undefined): DigestCredentials | undefined {
  if (!header || header.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  const m = /^Digest\s+/i.exec(header);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  let i = m[0].length;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  while (i < n) {
    skipSpace();
    const nameStart = i;
    while (i < n && TOKEN_CHAR.test(header[i])) i++;
    const name = header.slice(nameStart, i).toLowerCase();
    skipSpace();
    if (!name || header[i] !== "=") return undefined;
    i++;
    skipSpace();
    let value = "";
    if (header[i] === '"') {
      i++;
      for (; i < n && header[i] !== '"'; i++) {
        if (header[i] === "\\" && i + 1 < n) i++;
        value += header[i];
      }
      if (header[i] !== '"') return undefined;
      i++;
    } else {
      const start = i;
      while (i < n && TOKEN_CHAR.test(header[i])) i++;
      value = header.slice(start, i);
    }
    if (Object.hasOwn(out, name)) return undefined;
    out[name] = value;
    skipSpace();
    if (i < n && header[i] !== ",") return undefined;
    i++;
  }
  return out as DigestCredentials;
}

/**
 * The client's side: the `Authorization` value answering a server's `WWW-Authenticate: Digest …` challenge
 * (qop=auth, or none for RFC 2069 servers; MD5 or SHA-256), undefined when the challenge offers no usable Digest.
 */
export function answerDigestChallenge(challenge: string, c: { username: string; password: string; method: string; uri: string; cnonce: string }): string | undefined {
  const start = challenge.length > MAX_AUTHORIZATION_LENGTH ? -1 : challenge.search(/Digest\s/i);
  if (start < 0) return undefined;
  // Several challenges may arrive joined by commas: parse only the first Digest one.
  const next = challenge.slice(start + 7).search(/,\s*[A-Za-z-]+\s+[A-Za-z-]+=/);
  const params = parseDigestAuthorization(next < 0 ? challenge.slice(start) : challenge.slice(start, start + 7 + next));
  const algorithm = (params?.algorithm ?? "MD5").toUpperCase() as DigestAlgorithm;
  if (!params?.nonce || params.realm === undefined || !DIGEST_ALGORITHMS.includes(algorithm)) return undefined;
  const qops = (params.qop ?? "").split(",").map((q) => q.trim());
  if (params.qop !== undefined && !qops.includes("auth")) return undefined;
  const ha1 = digestHa1(algorithm, c.username, params.realm, c.password);
  const nc = "00000001";
  const response = params.qop === undefined
    ? digestHash(algorithm, `${ha1}:${params.nonce}:${digestHash(algorithm, `${c.method}:${c.uri}`)}`)
    : digestResponse(algorithm, ha1, { method: c.method, uri: c.uri, nonce: params.nonce, nc, cnonce: c.cnonce, qop: "auth" });
  const fields = [`username=${quote(c.username)}`, `realm=${quote(params.realm)}`, `nonce=${quote(params.nonce)}`, `uri=${quote(c.uri)}`, `algorithm=${algorithm}`, `response=${quote(response)}`];
  if (params.qop !== undefined) fields.push(`qop=auth`, `nc=${nc}`, `cnonce=${quote(c.cnonce)}`);
  if (params.opaque !== undefined) fields.push(`opaque=${quote(params.opaque)}`);
  return `Digest ${fields.join(", ")}`;
}
