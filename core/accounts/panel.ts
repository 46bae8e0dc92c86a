// What the admin panel (/accounts pages, serviceconfig.yml admins) shows of SIP accounts: a searchable list, and
// one account as FlexiAPI's JSON shows it, minus the one-shot secrets (confirmation key, provisioning token) and,
// as everywhere, password hashes; of its API key only when it was made and last used.
import { apiKeyOf } from "../../db/api-keys.ts";
import { searchAccounts, type Account, type AccountSearch } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { accountJson, type AccountJson } from "./view.ts";

export const PANEL_PAGE_SIZE = 20;
/** A search text longer than any username, email or SIP address matches nothing anyway. */
const MAX_SEARCH = 320;

export interface PanelRow {
  id: number;
  username: string;
  domain: string;
  display_name: string | null;
  email: string | null;
  activated: boolean;
  blocked: boolean;
  admin: boolean;
}

export type PanelAccount = Omit<AccountJson, "provisioning_token" | "confirmation_key"> & {
  passwords: { algorithm: string }[];
  /** Waiting for its one-shot provisioning (the token itself is not shown). */
  provisioning_pending: boolean;
  api_key: { created_at: string; last_used_at: string } | null;
};

/**
 * The search box's text: a username or email prefix, or a SIP address ("sip:" optional) whose domain may be cut
 * short ("alice@sip.ex"); the address is matched too only when it has a user part.
 */
export function parseAccountSearch(text: string): AccountSearch {
  const prefix = text.trim().slice(0, MAX_SEARCH).replace(/^sips?:/i, "");
  const at = prefix.lastIndexOf("@");
  return at > 0 ? { prefix, sip: { username: prefix.slice(0, at), domainPrefix: prefix.slice(at + 1) } } : { prefix };
}

const panelRow = (a: Account): PanelRow => ({
  id: a.id,
  username: a.username,
  domain: a.domain,
  display_name: a.display_name,
  email: a.email,
  activated: a.activated === 1,
  blocked: a.blocked === 1,
  admin: a.admin === 1,
});

/** One page (from 1) of the accounts the text finds, in username order. */
export function findAccountsForPanel(db: Db, text: string, page: number) {
  const { accounts, total } = searchAccounts(db, parseAccountSearch(text), (page - 1) * PANEL_PAGE_SIZE, PANEL_PAGE_SIZE);
  return { query: text, page, per_page: PANEL_PAGE_SIZE, total, last_page: Math.max(1, Math.ceil(total / PANEL_PAGE_SIZE)), accounts: accounts.map(panelRow) };
}

export function panelAccount(db: Db, s: AccountsSettings, a: Account): PanelAccount {
  const { provisioning_token, confirmation_key: _key, passwords, ...shown } = accountJson(db, s, a, { passwords: true });
  const key = apiKeyOf(db, a.id);
  return {
    ...shown,
    passwords: passwords ?? [],
    provisioning_pending: provisioning_token !== null,
    api_key: key ? { created_at: key.created_at, last_used_at: key.last_used_at } : null,
  };
}
