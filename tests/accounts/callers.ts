// Set-up shared by the tests of what admins attach to accounts (types, actions, contacts, contacts lists,
// dictionary, vCards): a test server per file, and fresh accounts that call the API with their own API key.
import type { Account } from "../../db/accounts.ts";
import type { TestServer } from "../helpers/server.ts";
import { call, seedAccount, seedApiKey, type ApiResponse } from "../helpers/sip-api.ts";

export const DOMAIN = "sip.example.com";
export const SETTINGS = `accounts:\n  sip_domain: ${DOMAIN}\n`;

export interface Caller {
  account: Account;
  /** The address FlexiAPI calls the account's identifier: user@domain. */
  sip: string;
  as(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

let n = 0;
/** A name no other test of the file uses. */
export const unique = (prefix: string): string => `${prefix}${++n}`;

/** An activated account with a DTMF protocol and a display name, as FlexiAPI's account factory makes them. */
export function seedCaller(server: TestServer, o: Partial<Parameters<typeof seedAccount>[1]> = {}): Caller {
  const account = seedAccount(server.app.db, { username: unique(o.admin ? "admin" : "user"), domain: DOMAIN, display_name: unique("Name "), dtmf_protocol: "sipinfo", ...o });
  const key = seedApiKey(server.app.db, account);
  return {
    account,
    sip: `${account.username}@${account.domain}`,
    as: (method, path, body) => call(server.url, method, path, { headers: { "x-api-key": key }, body }),
  };
}

export const seedAdmin = (server: TestServer, o: Partial<Parameters<typeof seedAccount>[1]> = {}): Caller => seedCaller(server, { ...o, admin: 1 });

/** Changes switchboard.yml's accounts section for one test, and puts it back after. */
export function accountSettings(server: TestServer, t: { after(fn: () => void): void }, extra: string): void {
  server.writeConfig("switchboard.yml", SETTINGS + extra);
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS));
}

/** The field names of a 422's `errors`. */
export const errorFields = (res: ApiResponse): string[] => Object.keys(res.json().errors ?? {});
