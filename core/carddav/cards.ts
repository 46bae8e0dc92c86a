// A card of an address book as a vCard (GET /carddav/<key>/<uid>.vcf and REPORTs' address-data), built by the one
// vCard builder (core/contacts/vcard.ts).
import type { BookContact } from "../../db/contacts.ts";
import { bookContactByUid } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { NotFound } from "../../lib/errors.ts";
import { contactToVCard, type VCardVersion } from "../contacts/vcard.ts";
import { openBook, type AddressBook, type AddressBookReader } from "./books.ts";
import { etagOf } from "./protocol.ts";

export function vcardOf(book: AddressBook, contact: BookContact, version: VCardVersion): string {
  const source = book.sources.find((s) => s.id === contact.source_id);
  return contactToVCard(contact, source?.key ?? book.key, version);
}

/** The card's vCard 3.0 and ETag. */
export function getCard(db: Db, reader: AddressBookReader, key: string, uid: string): { vcard: string; etag: string; lastModified: string } {
  const book = openBook(db, reader, key);
  const contact = bookContactByUid(db, book.sources.map((s) => s.id), uid);
  if (!contact) throw new NotFound("There is no such contact in this address book.");
  return { vcard: vcardOf(book, contact, "3.0"), etag: etagOf(contact.seq), lastModified: new Date(contact.updated_at).toUTCString() };
}
