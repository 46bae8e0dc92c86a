// Set-up shared by the Contact Sync tests: a server whose sign-in failures are counted per test (each test signs in
// from its own client address, believed from X-Forwarded-For because 127.0.0.1 is a trusted proxy), SIP accounts to
// sign in with, and a client that speaks the sync API with its Bearer token as an Acrobits app would.
import type { Account } from "../../db/accounts.ts";
import type { TestServer } from "../helpers/server.ts";
import { call, seedAccount, type ApiResponse } from "../helpers/sip-api.ts";

export const DOMAIN = "sip.example.com";
export const SETTINGS = `accounts:\n  sip_domain: ${DOMAIN}\ntrusted_proxies: [127.0.0.1]\n`;

let n = 0;
/** A name no other test of the file uses. */
export const unique = (prefix: string): string => `${prefix}${++n}`;
/** A client address no other test of the file uses (sign-in failures are counted per address). */
export const uniqueAddress = (): string => `198.51.100.${++n % 250}`;

export interface SignIn {
  username: string;
  password: string;
  cloud_id: string;
}

export function requestToken(server: TestServer, body: Partial<SignIn> | Record<string, unknown>, from = uniqueAddress()): Promise<ApiResponse> {
  return call(server.url, "POST", "/sso/token", { headers: { "X-Forwarded-For": from }, body });
}

export class SyncClient {
  constructor(
    readonly server: TestServer,
    readonly token: string,
  ) {}

  as(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return call(this.server.url, method, path, { headers: { Authorization: `Bearer ${this.token}`, ...headers }, body });
  }

  devices = () => this.as("GET", "/sync/devices");
  putDevice = (id: string, body: Record<string, unknown> = { name: `Phone ${id}`, platform: "ios" }) => this.as("PUT", `/sync/devices/${encodeURIComponent(id)}`, body);
  deleteDevice = (id: string) => this.as("DELETE", `/sync/devices/${encodeURIComponent(id)}`);
  checksums = (id: string) => this.as("GET", `/sync/devices/${encodeURIComponent(id)}/checksums`);
  contacts = (id: string, since?: string) => this.as("GET", `/sync/devices/${encodeURIComponent(id)}/contacts${since ? `?since=${encodeURIComponent(since)}` : ""}`);

  /** POST …/contacts; `sentBytes` is the size of the request body as sent. */
  async upload(id: string, batch: { upsert?: unknown[]; delete?: unknown[] }): Promise<ApiResponse & { sentBytes: number }> {
    const res = await this.as("POST", `/sync/devices/${encodeURIComponent(id)}/contacts`, batch);
    return { ...res, sentBytes: Buffer.byteLength(JSON.stringify(batch)) };
  }
}

/** A SIP account and a signed-in sync client of it (cloud ID `cloud-1` unless given). */
export async function syncUser(server: TestServer, o: { account?: Partial<Parameters<typeof seedAccount>[1]>; cloud_id?: string } = {}): Promise<{ account: Account; client: SyncClient; signIn: SignIn }> {
  const account = seedAccount(server.app.db, { username: unique("user"), domain: DOMAIN, password: "pw-sync-1", ...o.account });
  const signIn = { username: `${account.username}@${account.domain}`, password: o.account?.password ?? "pw-sync-1", cloud_id: o.cloud_id ?? "cloud-1" };
  const res = await requestToken(server, signIn);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.body}`);
  return { account, client: new SyncClient(server, res.json().token), signIn };
}
