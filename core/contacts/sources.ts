// Contact sources as the admin page and the CLI see them: a view without secrets, FRITZ!Box books from
// uploads and from switchboard.yml, and syncing one or all sources.
import { replaceContacts } from "../../db/contacts.ts";
import {
  createSource, deleteSource, findSourceByUrl, getSourceById, getSourceByKey, listSources, recordSyncSuccess, renameSource,
  type ContactSource,
} from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import { newSourceKey } from "./connect.ts";
import { isConfigured, OAUTH_PROVIDERS, PROVIDER_NAMES } from "./oauth-providers.ts";
import { checkPhonebookUrl, parseFritzboxPhonebook } from "./providers/fritzbox.ts";
import type { ContactSync, SyncOutcome } from "./sync.ts";

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

/**
 * An uploaded FRITZ!Box export: a new source, or the new content of an existing FRITZ!Box source (`key`).
 * Parsed completely before anything is stored, so a broken file changes nothing.
 */
export async function importPhonebook(db: Db, config: SwitchboardConfig, p: { xml: string; label?: string; key?: string }): Promise<ContactSource> {
  const contacts = await parseFritzboxPhonebook(p.xml, config.directory.dial);
  const existing = p.key ? getSourceByKey(db, p.key) : undefined;
  if (p.key && existing?.provider !== "fritzbox") throw new NotFound(`There is no FRITZ!Box source with the key ${p.key}.`);
  const source = existing ?? createSource(db, { key: newSourceKey(), provider: "fritzbox", label: p.label?.trim() || "FRITZ!Box" });
  replaceContacts(db, source.id, contacts);
  recordSyncSuccess(db, source.id);
  return getSourceByKey(db, source.key)!;
}

/** A phone book fetched on schedule: an http(s) URL whose host this server may reach (checkPhonebookUrl). */
export async function addPhonebookUrl(db: Db, config: SwitchboardConfig, p: { url: string; label?: string }): Promise<ContactSource> {
  const u = URL.canParse(p.url) ? new URL(p.url) : undefined;
  if (u?.protocol !== "http:" && u?.protocol !== "https:") {
    throw Invalid.field("url", "The phone book URL must be an http(s) URL, e.g. http://fritz.box:8080/books/0.xml.");
  }
  await checkPhonebookUrl(u, config.contacts.fritzbox_allowed_addresses);
  return findSourceByUrl(db, "fritzbox", u.toString()) ??
    createSource(db, { key: newSourceKey(), provider: "fritzbox", label: p.label?.trim() || u.host, source_url: u.toString() });
}

/** Syncs one source (by key) or every source that can be synced; needs-reconnect sources are skipped. */
export async function syncSources(sync: ContactSync, config: SwitchboardConfig, key?: string): Promise<{ key: string; outcome: SyncOutcome }[]> {
  const { db } = sync;
  ensureConfiguredPhonebooks(db, config);
  const sources = key ? [getSourceByKey(db, key)].filter((s): s is ContactSource => Boolean(s)) : listSources(db).filter((s) => s.status !== "needs_reconnect");
  const results = [];
  for (const s of sources) results.push({ key: s.key, outcome: await sync.source(s.id) });
  return results;
}

/** The source of a key, or NotFound. */
export function requireSource(db: Db, key: string): ContactSource {
  const source = getSourceByKey(db, key);
  if (!source) throw new NotFound("There is no contact source with this key.");
  return source;
}

/**
 * A FRITZ!Box phone book from the admin page: uploaded ({xml, label?, key?}) or fetched on schedule
 * ({url, label?}, fetched once now; a failed first fetch is shown on the source, not refused).
 */
export async function addPhonebook(sync: ContactSync, config: SwitchboardConfig, body: Record<string, unknown>): Promise<ContactSource> {
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  if (typeof body.xml === "string") return importPhonebook(sync.db, config, { xml: body.xml, label: str(body.label), key: str(body.key) });
  if (typeof body.url === "string") {
    const source = await addPhonebookUrl(sync.db, config, { url: body.url, label: str(body.label) });
    await sync.source(source.id);
    return getSourceById(sync.db, source.id)!;
  }
  throw new Invalid('Send {xml: "<phonebooks>…"} to upload a FRITZ!Box export or {url: "http://…"} to fetch one on schedule.');
}

export function renameSourceByKey(db: Db, key: string, label: unknown): ContactSource {
  const source = requireSource(db, key);
  const name = typeof label === "string" ? label.trim() : "";
  if (!name || name.length > 100) throw Invalid.field("label", "A name is 1 to 100 characters.");
  renameSource(db, source.id, name);
  return getSourceById(db, source.id)!;
}

/** Disconnects a source: its tokens and contacts are deleted. */
export function removeSource(db: Db, key: string): void {
  deleteSource(db, requireSource(db, key).id);
}

/** "Sync now": the source's state after the sync, and whether it succeeded. */
export async function syncSourceNow(sync: ContactSync, key: string): Promise<SourceView & { ok: boolean }> {
  const source = requireSource(sync.db, key);
  const outcome = await sync.source(source.id);
  return { ...sourceView(getSourceById(sync.db, source.id)!), ok: outcome.ok };
}
