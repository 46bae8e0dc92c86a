// The address books (DESIGN §5.3): one per phone-book key, a contact source's or a phone book's. Who reads which:
// a key holder only their key's book, a serviceconfig user every book. A book's sync token (and CTag) names its
// sources and the last change among them, so it moves exactly when one of its contacts changes or goes.
import { getSourceByKey, listSources, type ContactSource } from "../../db/contact-sources.ts";
import { latestContactChange } from "../../db/contact-changes.ts";
import type { Db } from "../../db/open.ts";
import { getPhoneBook, listPhoneBooks } from "../../db/phone-books.ts";
import { NotFound } from "../../lib/errors.ts";
import { DAV, el, qname } from "../../lib/webdav.ts";
import { sourcesOfKey } from "../contacts/phone-books.ts";
import { DavPrecondition } from "./protocol.ts";

/** Who the CardDAV guard let in: a phone-book key (the Basic password) or a serviceconfig user. */
export type AddressBookReader = { kind: "key"; key: string } | { kind: "user"; username: string };

export interface AddressBook {
  key: string;
  label: string;
  sources: ContactSource[];
}

function bookOfKey(db: Db, key: string): AddressBook | undefined {
  const source = getSourceByKey(db, key);
  if (source) return { key, label: source.label || "Contacts", sources: [source] };
  const book = getPhoneBook(db, key);
  return book && { key, label: book.label || "Contacts", sources: sourcesOfKey(db, key) ?? [] };
}

export function readableBooks(db: Db, reader: AddressBookReader): AddressBook[] {
  if (reader.kind === "key") return [bookOfKey(db, reader.key)].filter((b): b is AddressBook => b !== undefined);
  const sources = listSources(db).map((s): AddressBook => ({ key: s.key, label: s.label || s.key, sources: [s] }));
  return [...sources, ...listPhoneBooks(db).map((b) => bookOfKey(db, b.key)!)];
}

/** The book at /carddav/<key>/ if the reader may read it; another key's book is as unknown as a missing one. */
export function openBook(db: Db, reader: AddressBookReader, key: string): AddressBook {
  const book = reader.kind === "user" || key === reader.key ? bookOfKey(db, key) : undefined;
  if (!book) throw new NotFound("There is no address book here.");
  return book;
}

const TOKEN_PREFIX = "urn:x-switchboard:sync:";
const sourceTag = (book: AddressBook) => book.sources.map((s) => s.id).sort((a, b) => a - b).join(".");

/** The book's sync token (also its CTag). */
export function syncToken(db: Db, book: AddressBook): string {
  return `${TOKEN_PREFIX}${sourceTag(book)}:${latestContactChange(db, book.sources.map((s) => s.id))}`;
}

/**
 * The change seq a client's token stands for: 0 for none (an initial sync). A token of another book, of this book
 * before its sources changed, or from the future is refused with valid-sync-token (RFC 6578 §3.2): the client then
 * syncs afresh.
 */
export function seqOfToken(db: Db, book: AddressBook, token: string): number {
  if (token.trim() === "") return 0;
  const invalid = new DavPrecondition("The sync token is not one of this address book's; sync again without a token.", el(qname(DAV, "valid-sync-token")));
  const prefix = `${TOKEN_PREFIX}${sourceTag(book)}:`;
  const rest = token.trim();
  if (!rest.startsWith(prefix) || !/^\d{1,15}$/.test(rest.slice(prefix.length))) throw invalid;
  const seq = Number(rest.slice(prefix.length));
  if (seq > latestContactChange(db, book.sources.map((s) => s.id))) throw invalid;
  return seq;
}
