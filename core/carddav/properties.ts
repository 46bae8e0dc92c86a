// The WebDAV properties of the three kinds of resource (DESIGN §5.3): the home (/carddav/, also the principal),
// an address book (/carddav/<key>/) and a card (/carddav/<key>/<uid>.vcf), and what a PROPFIND body asks for.
import type { ContactChange } from "../../db/contact-changes.ts";
import type { Db } from "../../db/open.ts";
import { childOf, DAV, el, qname, sameName, type DavElement, type DavNode, type PropResult, type QName } from "../../lib/webdav.ts";
import { CALENDARSERVER, CARDDAV, etagOf, HOME_PATH } from "./protocol.ts";
import { syncToken, type AddressBook } from "./books.ts";

const d = (local: string) => qname(DAV, local);
const card = (local: string) => qname(CARDDAV, local);
const href = (path: string) => el(d("href"), path);
const privileges = [el(d("privilege"), el(d("read")))];

/** A property's value for one resource; undefined when the resource has none. */
type Property<R> = (resource: R) => DavNode[] | undefined;
type PropertyTable<R> = [QName, Property<R>][];

const HOME: PropertyTable<{ displayName: string }> = [
  [d("resourcetype"), () => [el(d("collection")), el(d("principal"))]],
  [d("displayname"), (h) => [h.displayName]],
  [d("current-user-principal"), () => [href(HOME_PATH)]],
  [d("principal-URL"), () => [href(HOME_PATH)]],
  [card("addressbook-home-set"), () => [href(HOME_PATH)]],
  [d("current-user-privilege-set"), () => privileges],
  [d("supported-report-set"), () => []],
];

const REPORTS = [card("addressbook-multiget"), card("addressbook-query"), d("sync-collection")];

const BOOK: PropertyTable<{ book: AddressBook; token: string }> = [
  [d("resourcetype"), () => [el(d("collection")), el(card("addressbook"))]],
  [d("displayname"), (b) => [b.book.label]],
  [card("addressbook-description"), (b) => [b.book.label]],
  [d("current-user-principal"), () => [href(HOME_PATH)]],
  [d("owner"), () => [href(HOME_PATH)]],
  [d("current-user-privilege-set"), () => privileges],
  [card("supported-address-data"), () => ["3.0", "4.0"].map((version) => ({ name: card("address-data-type"), attrs: { "content-type": "text/vcard", version } }))],
  [d("supported-report-set"), () => REPORTS.map((r) => el(d("supported-report"), el(d("report"), el(r))))],
  [d("sync-token"), (b) => [b.token]],
  [qname(CALENDARSERVER, "getctag"), (b) => [b.token]],
];

const CARD: PropertyTable<ContactChange> = [
  [d("resourcetype"), () => []],
  [d("getetag"), (c) => [etagOf(c.seq)]],
  [d("getcontenttype"), () => ["text/vcard; charset=utf-8"]],
  [d("current-user-privilege-set"), () => privileges],
];

/** What a PROPFIND (or a REPORT's <prop>) asks for: named properties, every property, or only their names. */
export type PropRequest = { kind: "names"; names: QName[] } | { kind: "all" } | { kind: "propname" };

/** From the body's <propfind> (or a REPORT's root, which holds a <prop> the same way); no body is allprop. */
export function propRequestOf(root: DavElement | undefined): PropRequest {
  if (!root) return { kind: "all" };
  const prop = childOf(root, d("prop"));
  if (prop) return { kind: "names", names: prop.children.map((c) => qname(c.ns, c.local)) };
  if (childOf(root, d("propname"))) return { kind: "propname" };
  return { kind: "all" };
}

// allprop is RFC 4918's own properties (and getctag): the RFCs that define the others say allprop must not (or
// should not) include them, and a big book's listing stays small.
const ALLPROP = new Set(["DAV: resourcetype", "DAV: displayname", "DAV: getetag", "DAV: getcontenttype", `${CALENDARSERVER} getctag`]);

function answer<R>(table: PropertyTable<R>, resource: R, request: PropRequest, extra: PropertyTable<R> = []): PropResult[] {
  const all = [...table, ...extra];
  if (request.kind === "all") {
    const listed = [...table.filter(([name]) => ALLPROP.has(`${name.ns} ${name.local}`)), ...extra];
    return listed.map(([name, value]) => ({ name, value: value(resource) })).filter((p) => p.value !== undefined);
  }
  if (request.kind === "propname") return all.map(([name]) => ({ name, value: [] }));
  return request.names.map((name) => ({ name, value: all.find(([n]) => sameName(n, name))?.[1](resource) }));
}

export const homeProperties = (displayName: string, request: PropRequest) => answer(HOME, { displayName }, request);

export const bookProperties = (db: Db, book: AddressBook, request: PropRequest) => answer(BOOK, { book, token: syncToken(db, book) }, request);

/** A card's properties; `addressData` adds card:address-data (the vCard) for REPORTs. */
export function cardProperties(change: ContactChange, request: PropRequest, addressData?: (c: ContactChange) => string | undefined): PropResult[] {
  return answer(CARD, change, request, addressData ? [[card("address-data"), (c) => { const v = addressData(c); return v === undefined ? undefined : [v]; }]] : []);
}
