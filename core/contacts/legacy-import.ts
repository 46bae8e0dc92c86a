// Import of the PHP version's storage/ folder: per source key the files <key>_access_token,
// <key>_access_token_expiry and <key>_refresh_token, each a PHP-serialized value. The keys (20 hex digits)
// are kept, so phones and links that use them keep working.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createSource, saveTokens } from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import { Conflict } from "../../lib/errors.ts";
import type { OAuthProvider } from "./oauth-providers.ts";

export interface LegacyEntry {
  key: string;
  accessToken: string | null;
  expiresAt: string | null;
  refreshToken: string | null;
}

export interface LegacyResult {
  key: string;
  outcome: "imported" | "skipped";
  provider?: OAuthProvider;
  reason?: string;
}

const FILE = /^([0-9A-Za-z]+)_(access_token_expiry|access_token|refresh_token)$/;
const MAX_FILE_BYTES = 64 * 1024;

/** A PHP-serialized scalar (`s:5:"hello";`, `i:1700000000;`, `N;`) — or plain text, returned trimmed. */
export function phpUnserializeScalar(raw: string): string | null {
  const t = raw.trim();
  const str = /^s:(\d+):"([\s\S]*)";?$/.exec(t);
  if (str) {
    if (Buffer.byteLength(str[2]) !== Number(str[1])) throw new Error("a serialized string whose length does not match");
    return str[2];
  }
  const num = /^[id]:(-?[0-9.eE+]+);?$/.exec(t);
  if (num) return num[1];
  if (t === "N;") return null;
  if (/^[abO]:/.test(t)) throw new Error("a serialized array or object, not a token");
  return t || null;
}

export function readLegacyStorage(dir: string): LegacyEntry[] {
  const byKey = new Map<string, LegacyEntry>();
  for (const name of readdirSync(dir).sort()) {
    const m = FILE.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile() || statSync(path).size > MAX_FILE_BYTES) continue;
    const entry = byKey.get(m[1]) ?? { key: m[1], accessToken: null, expiresAt: null, refreshToken: null };
    byKey.set(m[1], entry);
    const value = phpUnserializeScalar(readFileSync(path, "utf8"));
    if (m[2] === "access_token") entry.accessToken = value;
    else if (m[2] === "refresh_token") entry.refreshToken = value;
    else if (value) {
      const n = Number(value);
      entry.expiresAt = Number.isFinite(n) ? new Date(n > 1e12 ? n : n * 1000).toISOString() : new Date(value).toISOString();
    }
  }
  return [...byKey.values()];
}

/** Which provider issued a token, from a JWT's issuer when it is one. */
export function providerOfToken(token: string | null): OAuthProvider | undefined {
  const payload = token?.split(".")[1];
  if (!payload) return undefined;
  try {
    const iss = String((JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: string }).iss ?? "");
    if (/sipgate/i.test(iss)) return "sipgate";
    if (/microsoft|windows\.net/i.test(iss)) return "microsoft";
  } catch {
    // not a JWT (Microsoft's consumer tokens are opaque)
  }
  return undefined;
}

export function importLegacy(db: Db, entries: LegacyEntry[], defaultProvider: OAuthProvider): LegacyResult[] {
  return entries.map((e): LegacyResult => {
    if (!/^[0-9a-f]{20,64}$/i.test(e.key)) return { key: e.key, outcome: "skipped", reason: "not a 20-hex source key" };
    if (!e.refreshToken) return { key: e.key, outcome: "skipped", reason: "no refresh token" };
    const provider = providerOfToken(e.accessToken) ?? providerOfToken(e.refreshToken) ?? defaultProvider;
    const refreshToken = e.refreshToken;
    try {
      db.transaction(() => {
        const source = createSource(db, { key: e.key, provider, label: `Imported ${e.key}` });
        saveTokens(db, source.id, { access_token: e.accessToken ?? "", access_token_expires_at: e.expiresAt ?? new Date(0).toISOString(), refresh_token: refreshToken });
      })();
    } catch (err) {
      if (err instanceof Conflict) return { key: e.key, outcome: "skipped", reason: "a source with this key exists already" };
      throw err;
    }
    return { key: e.key, outcome: "imported", provider };
  });
}
