// Microsoft Graph contacts: the default folder and every contact folder, read through delta rounds so the next
// sync fetches only changes. A round follows @odata.nextLink and ends with @odata.deltaLink; an expired delta
// link (HTTP 410) means a full re-sync. The delta state is JSON {folderId: deltaLink} ("" = default folder).
import type { StoredContact } from "../../../db/contacts.ts";
import { buildContact } from "../build.ts";
import type { DialPlan } from "../normalize.ts";
import { getJson, UpstreamError, type UpstreamOptions } from "../upstream.ts";

interface GraphPage<T> {
  value?: T[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}

interface GraphAddress { street?: string; city?: string; state?: string; postalCode?: string; countryOrRegion?: string }

export interface GraphContact {
  id: string;
  "@removed"?: unknown;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  companyName?: string | null;
  businessPhones?: string[] | null;
  homePhones?: string[] | null;
  mobilePhone?: string | null;
  emailAddresses?: { name?: string; address?: string }[] | null;
  homeAddress?: GraphAddress | null;
  businessAddress?: GraphAddress | null;
  birthday?: string | null;
  personalNotes?: string | null;
  lastModifiedDateTime?: string | null;
}

export type GraphSync =
  | { kind: "full"; contacts: StoredContact[]; deltaState: string | null }
  | { kind: "delta"; upserts: StoredContact[]; deleted: string[]; deltaState: string };

const SELECT = "displayName,givenName,surname,companyName,businessPhones,homePhones,mobilePhone,emailAddresses," +
  "homeAddress,businessAddress,birthday,personalNotes,lastModifiedDateTime";
const MAX_PAGES = 100_000; // a guard against a provider that links a page to itself

/** `meUrl` is {api_url}/me. */
export async function graphIdentity(meUrl: string, token: string, limits: UpstreamOptions = {}): Promise<{ accountId: string; label: string }> {
  const me = await getJson<{ id?: string; displayName?: string; mail?: string; userPrincipalName?: string }>(meUrl, token, limits);
  return { accountId: me.id ?? "", label: me.mail || me.userPrincipalName || me.displayName || "Microsoft 365" };
}

async function folderIds(apiUrl: string, token: string, limits: UpstreamOptions): Promise<string[]> {
  const ids = [""];
  let url: string | undefined = `${apiUrl}/me/contactFolders?$select=id`;
  for (let n = 0; url && n < MAX_PAGES; n++) {
    const page: GraphPage<{ id: string }> = await getJson(url, token, limits);
    for (const f of page.value ?? []) ids.push(f.id);
    url = page["@odata.nextLink"];
  }
  return ids;
}

function initialDeltaUrl(apiUrl: string, folderId: string): string {
  const base = folderId ? `${apiUrl}/me/contactFolders/${encodeURIComponent(folderId)}/contacts/delta` : `${apiUrl}/me/contacts/delta`;
  return `${base}?$select=${SELECT}`;
}

/** One delta round from `url`: every row until the deltaLink. */
async function deltaRound(url: string, token: string, limits: UpstreamOptions): Promise<{ rows: GraphContact[]; deltaLink: string }> {
  const rows: GraphContact[] = [];
  let next: string | undefined = url;
  for (let n = 0; next && n < MAX_PAGES; n++) {
    const page: GraphPage<GraphContact> = await getJson(next, token, limits);
    rows.push(...(page.value ?? []));
    if (page["@odata.deltaLink"]) return { rows, deltaLink: page["@odata.deltaLink"] };
    next = page["@odata.nextLink"];
  }
  throw new UpstreamError("Microsoft Graph ended a delta round without a delta link");
}

export async function syncGraph(apiUrl: string, token: string, plan: DialPlan, previous: string | null, limits: UpstreamOptions = {}): Promise<GraphSync> {
  const folders = await folderIds(apiUrl, token, limits);
  // A stored link for another host (api_url changed) is dropped rather than sent our token.
  const state = parseState(previous, new URL(apiUrl).origin);
  // A folder added or removed since the last round changes what the book holds: start over.
  if (state && sameKeys(Object.keys(state), folders)) {
    try {
      return await incremental(token, plan, state, limits);
    } catch (err) {
      if (!(err instanceof UpstreamError && err.status === 410)) throw err;
      // The delta token expired (Graph keeps them for a limited time): fall through to a full re-sync.
    }
  }
  const contacts = new Map<string, StoredContact>();
  const next: Record<string, string> = {};
  try {
    for (const folder of folders) {
      const { rows, deltaLink } = await deltaRound(initialDeltaUrl(apiUrl, folder), token, limits);
      for (const row of rows) if (!row["@removed"]) contacts.set(row.id, mapGraphContact(row, plan));
      next[folder] = deltaLink;
    }
  } catch (err) {
    // /me/contacts/delta is not in Graph's documentation; should it be refused, list everything plainly.
    if (!(err instanceof UpstreamError && (err.status === 400 || err.status === 404 || err.status === 501))) throw err;
    return { kind: "full", contacts: await plainListing(apiUrl, token, plan, folders, limits), deltaState: null };
  }
  return { kind: "full", contacts: [...contacts.values()], deltaState: JSON.stringify(next) };
}

/** Every contact of every folder through the documented list endpoints (no delta state). */
async function plainListing(apiUrl: string, token: string, plan: DialPlan, folders: string[], limits: UpstreamOptions): Promise<StoredContact[]> {
  const contacts = new Map<string, StoredContact>();
  for (const folder of folders) {
    let url: string | undefined = folder
      ? `${apiUrl}/me/contactFolders/${encodeURIComponent(folder)}/contacts?$select=${SELECT}&$top=500`
      : `${apiUrl}/me/contacts?$select=${SELECT}&$top=500`;
    for (let n = 0; url && n < MAX_PAGES; n++) {
      const page: GraphPage<GraphContact> = await getJson(url, token, limits);
      for (const row of page.value ?? []) contacts.set(row.id, mapGraphContact(row, plan));
      url = page["@odata.nextLink"];
    }
  }
  return [...contacts.values()];
}

async function incremental(token: string, plan: DialPlan, state: Record<string, string>, limits: UpstreamOptions): Promise<GraphSync> {
  const upserts = new Map<string, StoredContact>();
  const deleted = new Set<string>();
  const next: Record<string, string> = {};
  for (const [folder, link] of Object.entries(state)) {
    const { rows, deltaLink } = await deltaRound(link, token, limits);
    for (const row of rows) {
      if (row["@removed"]) {
        upserts.delete(row.id);
        deleted.add(row.id);
      } else {
        deleted.delete(row.id);
        upserts.set(row.id, mapGraphContact(row, plan));
      }
    }
    next[folder] = deltaLink;
  }
  return { kind: "delta", upserts: [...upserts.values()], deleted: [...deleted], deltaState: JSON.stringify(next) };
}

function parseState(s: string | null, origin: string): Record<string, string> | undefined {
  if (!s) return undefined;
  try {
    const v = JSON.parse(s) as unknown;
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    const links = v as Record<string, string>;
    return Object.values(links).every((link) => typeof link === "string" && new URL(link).origin === origin) ? links : undefined;
  } catch {
    return undefined; // an old plain link: start over
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

export function mapGraphContact(c: GraphContact, plan: DialPlan): StoredContact {
  const address = (label: string, a?: GraphAddress | null) =>
    a && (a.street || a.city || a.postalCode || a.countryOrRegion)
      ? [{ label, street: a.street, city: a.city, region: a.state, postal_code: a.postalCode, country: a.countryOrRegion }]
      : [];
  return buildContact({
    external_id: c.id,
    display_name: c.displayName ?? "",
    given_name: c.givenName ?? "",
    family_name: c.surname ?? "",
    company: c.companyName ?? "",
    emails: (c.emailAddresses ?? []).map((e) => ({ address: e.address ?? "", label: "" })),
    addresses: [...address("Home", c.homeAddress), ...address("Work", c.businessAddress)],
    birthday: c.birthday ? c.birthday.slice(0, 10) : null,
    note: c.personalNotes ?? "",
    modified_at: c.lastModifiedDateTime ?? null,
    numbers: [
      ...(c.mobilePhone ? [{ type: "mobile", label: "Mobile", number: c.mobilePhone }] : []),
      ...(c.businessPhones ?? []).map((number) => ({ type: "work", label: "Work", number })),
      ...(c.homePhones ?? []).map((number) => ({ type: "home", label: "Home", number })),
    ],
  }, plan);
}
