// An account as FlexiAPI's JSON shows it (its Account model serialised): flags as booleans, realm, the pending
// confirmation and provisioning, types, actions (only with a DTMF protocol), dictionary; never a password hash.
import { actionsOfAccount, type AccountAction } from "../../db/account-actions.ts";
import { dictionaryOf } from "../../db/account-dictionary.ts";
import { typesOfAccount, type AccountType } from "../../db/account-types.ts";
import { passwordsOf, type Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { pendingChangeJson, type PendingChangeJson } from "./change-codes.ts";

export interface AccountJson {
  id: number;
  username: string;
  domain: string;
  email: string | null;
  display_name: string | null;
  activated: boolean;
  admin: boolean;
  blocked: boolean;
  phone: string | null;
  dtmf_protocol: string | null;
  ip_address: string | null;
  user_agent: string | null;
  created_at: string;
  updated_at: string;
  realm: string | null;
  confirmation_key_expires: string | null;
  provisioning_token: string | null;
  confirmation_key?: string | null;
  passwords?: { algorithm: string }[];
  /** A new email address waiting for its code (FlexiAPI 1.5), null when none. */
  email_change_code: PendingChangeJson | null;
  /** A new phone number waiting for its code: only in admins' views. */
  phone_change_code?: PendingChangeJson | null;
  types: AccountType[];
  actions: AccountAction[];
  dictionary: Record<string, string>;
}

export interface ViewOptions {
  /** The algorithms of the stored passwords (FlexiAPI shows them on /me and in searches, not in lists). */
  passwords?: boolean;
  /** Only to admins, right after they created, edited or provisioned the account. */
  confirmationKey?: boolean;
  /** Admins' views (FlexiAPI 1.5): pending phone changes too and, with "with-codes" (one account), the codes. */
  pendingChanges?: "without-codes" | "with-codes";
}

export function accountJson(db: Db, settings: AccountsSettings, a: Account, o: ViewOptions = {}): AccountJson {
  const json: AccountJson = {
    id: a.id,
    username: a.username,
    domain: a.domain,
    email: a.email,
    display_name: a.display_name,
    activated: a.activated === 1,
    admin: a.admin === 1,
    blocked: a.blocked === 1,
    phone: a.phone,
    dtmf_protocol: a.dtmf_protocol,
    ip_address: a.ip_address,
    user_agent: a.user_agent,
    created_at: a.created_at,
    updated_at: a.updated_at,
    realm: settings.realm,
    confirmation_key_expires: a.confirmation_key_expires,
    provisioning_token: a.provisioning_token,
    email_change_code: pendingChangeJson(db, "email", a.id, o.pendingChanges === "with-codes"),
    types: typesOfAccount(db, a.id),
    actions: a.dtmf_protocol ? actionsOfAccount(db, a.id) : [],
    dictionary: dictionaryOf(db, a.id),
  };
  if (o.confirmationKey) json.confirmation_key = a.confirmation_key;
  if (o.pendingChanges) json.phone_change_code = pendingChangeJson(db, "phone", a.id, o.pendingChanges === "with-codes");
  if (o.passwords) json.passwords = passwordsOf(db, a.id).map((p) => ({ algorithm: p.algorithm }));
  return json;
}

/** Laravel's LengthAwarePaginator JSON, which FlexiAPI clients page through. */
export function paginated<T>(data: T[], total: number, page: number, perPage: number, path: string) {
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const url = (p: number) => `${path}?page=${p}`;
  const from = data.length ? (page - 1) * perPage + 1 : null;
  const window = [];
  for (let p = Math.max(1, page - 3); p <= Math.min(lastPage, page + 3); p++) window.push({ url: url(p), label: String(p), active: p === page });
  return {
    current_page: page,
    data,
    first_page_url: url(1),
    from,
    last_page: lastPage,
    last_page_url: url(lastPage),
    links: [
      { url: page > 1 ? url(page - 1) : null, label: "&laquo; Previous", active: false },
      ...window,
      { url: page < lastPage ? url(page + 1) : null, label: "Next &raquo;", active: false },
    ],
    next_page_url: page < lastPage ? url(page + 1) : null,
    path,
    per_page: perPage,
    prev_page_url: page > 1 ? url(page - 1) : null,
    to: from === null ? null : from + data.length - 1,
    total,
  };
}
