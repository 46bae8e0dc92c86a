// REPORTs on an address book: addressbook-multiget and addressbook-query (RFC 6352 §8.6, §8.7) and sync-collection
// (RFC 6578): changes and deletions since the client's token, and a new token.
import { contactChangesSince, presentContacts } from "../../db/contact-changes.ts";
import { bookContactByUid, bookContactsPage, type BookContact } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { Malformed } from "../../lib/errors.ts";
import { childOf, childrenOf, DAV, el, Multistatus, qname, type DavElement } from "../../lib/webdav.ts";
import type { VCardVersion } from "../contacts/vcard.ts";
import { openBook, seqOfToken, syncToken, type AddressBook, type AddressBookReader } from "./books.ts";
import { vcardOf } from "./cards.ts";
import { cardProperties, propRequestOf } from "./properties.ts";
import { contactFilter } from "./query-filter.ts";
import { bookPath, CARDDAV, cardPath, DavPrecondition, PREFIXES } from "./protocol.ts";

const card = (local: string) => qname(CARDDAV, local);
const PAGE = 500;

/** The vCard version a REPORT's <address-data version="…"> asks for (3.0 unless 4.0). */
function versionAsked(report: DavElement): VCardVersion {
  const data = childOf(childOf(report, qname(DAV, "prop")), card("address-data"));
  return data?.attrs.version === "4.0" ? "4.0" : "3.0";
}

export function report(db: Db, reader: AddressBookReader, key: string, body: DavElement | undefined): string {
  const book = openBook(db, reader, key);
  if (!body) throw new Malformed("A REPORT needs a body naming the report.");
  if (body.ns === CARDDAV && body.local === "addressbook-multiget") return multiget(db, book, body);
  if (body.ns === CARDDAV && body.local === "addressbook-query") return query(db, book, body);
  if (body.ns === DAV && body.local === "sync-collection") return syncCollection(db, book, body);
  throw new DavPrecondition(`The report ${body.local} is not supported here; use addressbook-multiget, addressbook-query or sync-collection.`, el(qname(DAV, "supported-report")));
}

function cardResponse(out: Multistatus, book: AddressBook, body: DavElement, contact: BookContact): void {
  const version = versionAsked(body);
  out.response(cardPath(book.key, contact.uid), cardProperties({ uid: contact.uid, seq: contact.seq, deleted: false }, propRequestOf(body), () => vcardOf(book, contact, version)));
}

/** The UID an href names in this book (absolute URLs and percent-escapes as clients send them), else undefined. */
function uidOfHref(book: AddressBook, href: string): string | undefined {
  let path = href.trim();
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const prefix = `/carddav/${book.key}/`;
  if (!path.startsWith(prefix) || !path.endsWith(".vcf")) return undefined;
  const uid = path.slice(prefix.length, -4);
  return uid && !uid.includes("/") ? uid : undefined;
}

function multiget(db: Db, book: AddressBook, body: DavElement): string {
  const ids = book.sources.map((s) => s.id);
  const out = new Multistatus(PREFIXES);
  for (const href of childrenOf(body, qname(DAV, "href"))) {
    const uid = uidOfHref(book, href.text);
    const contact = uid === undefined ? undefined : bookContactByUid(db, ids, uid);
    if (contact) cardResponse(out, book, body, contact);
    else out.status(href.text.trim(), 404);
  }
  return out.toString();
}

function query(db: Db, book: AddressBook, body: DavElement): string {
  const matches = contactFilter(body);
  const limitText = childOf(childOf(body, card("limit")), card("nresults"))?.text.trim();
  const limit = limitText && /^\d{1,9}$/.test(limitText) ? Number(limitText) : Infinity;
  const out = new Multistatus(PREFIXES);
  let found = 0;
  // Source by source: one source's contacts are a walk along its index in seq order, page after page.
  for (const source of book.sources) {
    for (let after = 0; ;) {
      const page = bookContactsPage(db, [source.id], after, PAGE);
      for (const contact of page) {
        if (!matches(contact)) continue;
        if (found === limit) return out.status(bookPath(book.key), 507).toString(); // truncated (RFC 6352 §8.6.1)
        found++;
        cardResponse(out, book, body, contact);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].seq;
    }
  }
  return out.toString();
}

function syncCollection(db: Db, book: AddressBook, body: DavElement): string {
  const ids = book.sources.map((s) => s.id);
  const since = seqOfToken(db, book, childOf(body, qname(DAV, "sync-token"))?.text ?? "");
  // Read in one go with the token below: SQLite reads are synchronous, so no sync can slip in between.
  const token = syncToken(db, book);
  const changes = since === 0 ? presentContacts(db, ids) : contactChangesSince(db, ids, since);
  const request = propRequestOf(body);
  const wantsData = request.kind === "names" && request.names.some((n) => n.ns === CARDDAV && n.local === "address-data");
  const out = new Multistatus(PREFIXES);
  for (const change of changes) {
    if (change.deleted) {
      out.status(cardPath(book.key, change.uid), 404);
      continue;
    }
    const contact = wantsData ? bookContactByUid(db, ids, change.uid) : undefined;
    if (wantsData && contact) cardResponse(out, book, body, contact);
    else out.response(cardPath(book.key, change.uid), cardProperties(change, request));
  }
  return out.syncToken(token).toString();
}
