// Contact sources as the admin page and the CLI see them: a view without secrets, FRITZ!Box books from
// uploads and from switchboard.yml, and syncing one or all sources.
import { createSource, getSourceByKey, listSources, replaceContacts, type ContactSource } from "../../db/contacts.ts";
import { findSourceByUrl, recordSyncSuccess } from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import { newSourceKey } from "./connect.ts";
import { isConfigured, OAUTH_PROVIDERS, PROVIDER_NAMES } from "./oauth-providers.ts";
import { parseFritzboxPhonebook } from "./providers/fritzbox.ts";
import { syncSource, type SyncOutcome } from "./sync.ts";

/** What pages and JSON may show of a source: never its tokens. */
export interface SourceView {
  key: string;
  provider: ContactSource["provider"];
  provider_name: string;
  label: string;
  account_id: string | null;
  source_url: string | null;
  status: ContactSource["status"];
  last_sync_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  contact_count: number;
  created_at: string;
}

export function sourceView(s: ContactSource): SourceView {
  return {
    key: s.key, provider: s.provider, provider_name: PROVIDER_NAMES[s.provider], label: s.label, account_id: s.account_id,
    source_url: s.source_url, status: s.status, last_sync_at: s.last_sync_at, last_success_at: s.last_success_at,
    last_error: s.last_error, contact_count: s.contact_count, created_at: s.created_at,
  };
}

export function providerList(config: SwitchboardConfig): { provider: string; name: string; configured: boolean }[] {
  return OAUTH_PROVIDERS.map((p) => ({ provider: p, name: PROVIDER_NAMES[p], configured: isConfigured(config, p) }));
}

/** The phone books switchboard.yml lists under contacts.fritzbox get a source (and key) the first time seen. */
export function ensureConfiguredPhonebooks(db: Db, config: SwitchboardConfig): void {
  for (const book of config.contacts.fritzbox ?? []) {
    if (!book?.url || findSourceByUrl(db, "fritzbox", book.url)) continue;
    createSource(db, { key: newSourceKey(), provider: "fritzbox", label: book.name ?? "FRITZ!Box", source_url: book.url });
  }
}

export class UnknownSourceError extends Error {}

/**
 * An uploaded FRITZ!Box export: a new source, or the new content of an existing FRITZ!Box source (`key`).
 * Parsed completely before anything is stored, so a broken file changes nothing.
 */
export function importPhonebook(db: Db, config: SwitchboardConfig, p: { xml: string; label?: string; key?: string }): ContactSource {
  const contacts = parseFritzboxPhonebook(p.xml, config.directory.dial);
  const existing = p.key ? getSourceByKey(db, p.key) : undefined;
  if (p.key && existing?.provider !== "fritzbox") throw new UnknownSourceError(`There is no FRITZ!Box source with the key ${p.key}.`);
  const source = existing ?? createSource(db, { key: newSourceKey(), provider: "fritzbox", label: p.label?.trim() || "FRITZ!Box" });
  replaceContacts(db, source.id, contacts);
  recordSyncSuccess(db, source.id);
  return getSourceByKey(db, source.key)!;
}

export function addPhonebookUrl(db: Db, p: { url: string; label?: string }): ContactSource {
  const u = new URL(p.url); // throws on garbage; the caller turns that into a 400
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError("only http(s) URLs");
  return findSourceByUrl(db, "fritzbox", u.toString()) ??
    createSource(db, { key: newSourceKey(), provider: "fritzbox", label: p.label?.trim() || u.host, source_url: u.toString() });
}

/** Syncs one source (by key) or every source that can be synced; needs-reconnect sources are skipped. */
export async function syncSources(db: Db, config: SwitchboardConfig, key?: string): Promise<{ key: string; outcome: SyncOutcome }[]> {
  ensureConfiguredPhonebooks(db, config);
  const sources = key ? [getSourceByKey(db, key)].filter((s): s is ContactSource => Boolean(s)) : listSources(db).filter((s) => s.status !== "needs_reconnect");
  const results = [];
  for (const s of sources) results.push({ key: s.key, outcome: await syncSource(db, config, s.id) });
  return results;
}
