// The phone directory service (DESIGN §5.2): the menu, the search form, result pages with softkey paging and
// the reverse lookup, as Cisco XML objects plus the headers enterprise phones need. No HTTP here.
import type { Db } from "../../db/open.ts";
import type { ContactSource } from "../../db/contact-sources.ts";
import type { DirectorySearchCache, EntryFilter } from "../../db/contact-search.ts";
import { dialableNumber, entryName, entryPage, lookupCaller, decodeCursor, type EntryPage } from "../contacts/directory.ts";
import type { DialPlan } from "../contacts/normalize.ts";
import { ciscoDirectory, ciscoInput, ciscoMenu, ciscoText, clip, MAX_DIRECTORY_ENTRIES, MAX_DIRECTORY_NAME, type DirectoryItem, type SoftKey } from "./objects.ts";
import { shownLabel, type PhoneTexts } from "./phone-texts.ts";

export interface DirectoryView {
  body: string;
  headers: Record<string, string>;
}

export interface DirectoryContext {
  db: Db;
  search: DirectorySearchCache;
  /** Absolute URL of the directory service, e.g. http://pbx:8080/cisco/directory */
  baseUrl: string;
  keys: string;
  sources: ContactSource[];
  plan: DialPlan;
  /** The words of directory.language. */
  texts: PhoneTexts;
  /** 7900-series (enterprise) phones: plain ASCII text, which their fonts show reliably. */
  legacyPhone: boolean;
}

/** x-CiscoIPPhoneModelName "CP-7941G", "CP-7960" … → the 7900-series quirks apply. */
export function isLegacyModel(model: string | undefined): boolean {
  return /^(CP-|Cisco[ -]?)?79\d\d/i.test((model ?? "").trim());
}

function link(c: DirectoryContext, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams({ key: c.keys });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  return `${c.baseUrl}?${q}`;
}

// German umlauts are written out, as Germans do without them ("Müller" → "Mueller", "Wählen" → "Waehlen").
const UMLAUTS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", Ä: "Ae", Ö: "Oe", Ü: "Ue" };

/** Text for 7900-series phones: umlauts written out, other accents dropped, anything else outside printable ASCII "?". */
function forPhone(c: DirectoryContext, text: string): string {
  if (!c.legacyPhone) return text;
  return text.normalize("NFC").replace(/[äöüÄÖÜ]/g, (u) => UMLAUTS[u]).normalize("NFKD").replace(/\p{M}+/gu, "").replace(/ß/g, "ss").replace(/[–—]/g, "-").replace(/…/g, "...")
    .replace(/[\u{10000}-\u{10FFFF}]/gu, "?").replace(/[^\x20-\x7E]/g, "?");
}

const titleOf = (c: DirectoryContext): string => (c.sources.length === 1 ? c.sources[0].label || c.texts.contacts : c.texts.contacts);

export function directoryMenu(c: DirectoryContext): DirectoryView {
  const items = [
    { name: forPhone(c, c.texts.search), url: link(c, { action: "search" }) },
    { name: forPhone(c, c.texts.allContacts), url: link(c, { list: "all" }) },
  ];
  if (c.sources.length > 1) {
    for (const s of c.sources) items.push({ name: forPhone(c, s.label || s.key), url: `${c.baseUrl}?${new URLSearchParams({ key: s.key, list: "all" })}` });
  }
  return { body: ciscoMenu(forPhone(c, titleOf(c)), forPhone(c, c.texts.menuPrompt), items), headers: {} };
}

export function searchForm(c: DirectoryContext): DirectoryView {
  const body = ciscoInput(forPhone(c, titleOf(c)), forPhone(c, c.texts.searchPrompt), link(c, {}), [
    { displayName: forPhone(c, c.texts.nameField), param: "q", flags: "A" },
    { displayName: forPhone(c, c.texts.numberField), param: "qn", flags: "T" },
  ]);
  return { body, headers: {} };
}

export interface PageQuery {
  filter: EntryFilter;
  /** What the person searched for, carried in page links; empty for "All contacts". */
  search: { q?: string; qn?: string };
  after?: string | null;
  before?: string | null;
  start?: string | null;
}

export function resultPage(c: DirectoryContext, p: PageQuery): DirectoryView {
  const after = decodeCursor(p.after ?? null);
  const before = after ? undefined : decodeCursor(p.before ?? null);
  const start = Math.max(1, Math.min(Number.parseInt(p.start ?? "1", 10) || 1, 10_000_000));
  const page = entryPage(c.db, c.search, c.sources, p.filter, { after, before, start, limit: MAX_DIRECTORY_ENTRIES });
  const entries = toItems(c, page);
  const keys: SoftKey[] = entries.length ? [dialKey(c)] : [];
  const common = { list: p.search.q || p.search.qn ? undefined : "all", q: p.search.q, qn: p.search.qn };
  const prevUrl = page.prev && link(c, { ...common, before: page.prev.before, start: page.prev.start });
  const nextUrl = page.next && link(c, { ...common, after: page.next.after, start: page.next.start });
  if (prevUrl) keys.push({ name: forPhone(c, c.texts.softKeys.prev), url: prevUrl });
  if (nextUrl) keys.push({ name: forPhone(c, c.texts.softKeys.next), url: nextUrl });
  if (keys.length < 3) keys.push({ name: forPhone(c, c.texts.search), url: link(c, { action: "search" }) });
  keys.push(exitKey(c));
  const searched = p.search.q || p.search.qn;
  const title = searched ? c.texts.searchTitle(searched) : titleOf(c);
  const body = ciscoDirectory(forPhone(c, title), forPhone(c, prompt(c.texts, page, Boolean(searched))), entries, keys);
  // Enterprise phones page with this header (a "Next" key of their own); MPP phones use the softkeys.
  return { body, headers: nextUrl ? { Refresh: `0; url=${nextUrl}` } : {} };
}

// Nothing to dial on an empty page: Dial would only make the phone complain.
const dialKey = (c: DirectoryContext): SoftKey => ({ name: forPhone(c, c.texts.softKeys.dial), url: "SoftKey:Dial" });
const exitKey = (c: DirectoryContext): SoftKey => ({ name: forPhone(c, c.texts.softKeys.exit), url: "SoftKey:Exit" });

function prompt(t: PhoneTexts, page: EntryPage, searched: boolean): string {
  if (page.entries.length === 0) return searched ? t.nothingFound : t.noContacts;
  const end = page.start + page.entries.length - 1;
  return t.range(page.start, end, `${page.total}${page.capped ? "+" : ""}`);
}

function toItems(c: DirectoryContext, page: Pick<EntryPage, "entries">): DirectoryItem[] {
  return page.entries
    .map((e) => ({ name: clip(forPhone(c, entryName({ ...e, label: shownLabel(c.texts, e.label) })), MAX_DIRECTORY_NAME), telephone: dialableNumber(e.number, c.plan) }))
    .filter((e) => e.telephone !== "");
}

/** Reverse lookup for an incoming call: the matching entries (the phone shows the first name), or none. */
export function callerLookup(c: DirectoryContext, number: string): DirectoryView {
  const entries = toItems(c, { entries: lookupCaller(c.db, c.sources, number, c.plan, MAX_DIRECTORY_ENTRIES) });
  const prompt = entries.length ? c.texts.found(entries.length) : c.texts.unknownCaller;
  const keys = entries.length ? [dialKey(c), exitKey(c)] : [exitKey(c)];
  return { body: ciscoDirectory(forPhone(c, titleOf(c)), forPhone(c, prompt), entries, keys), headers: {} };
}

/** A search with nothing to search for (no letter, fewer than three digits): say what to type. */
export function searchTooShort(c: DirectoryContext): DirectoryView {
  return { body: ciscoText(forPhone(c, c.texts.search), forPhone(c, c.texts.tooShort), forPhone(c, c.texts.tooShortPrompt)), headers: {} };
}
