// PROPFIND on the home, a book and a card (RFC 4918 §9.1): Depth 0 is the resource, Depth 1 adds its members.
// Depth infinity is refused on collections (propfind-finite-depth); on a card it means the card.
import { presentContacts } from "../../db/contact-changes.ts";
import { bookContactByUid } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { NotFound } from "../../lib/errors.ts";
import { Multistatus, type DavElement, type Depth } from "../../lib/webdav.ts";
import { openBook, readableBooks, type AddressBookReader } from "./books.ts";
import { bookProperties, cardProperties, homeProperties, propRequestOf } from "./properties.ts";
import { bookPath, cardPath, finiteDepthOnly, HOME_PATH, PREFIXES } from "./protocol.ts";

const readerName = (reader: AddressBookReader) => (reader.kind === "user" ? reader.username : "Phone book");

export function propfindHome(db: Db, reader: AddressBookReader, depth: Depth, body: DavElement | undefined): string {
  if (depth === "infinity") throw finiteDepthOnly();
  const request = propRequestOf(body);
  const out = new Multistatus(PREFIXES).response(HOME_PATH, homeProperties(readerName(reader), request));
  if (depth === "1") for (const book of readableBooks(db, reader)) out.response(bookPath(book.key), bookProperties(db, book, request));
  return out.toString();
}

export function propfindBook(db: Db, reader: AddressBookReader, key: string, depth: Depth, body: DavElement | undefined): string {
  const book = openBook(db, reader, key);
  if (depth === "infinity") throw finiteDepthOnly();
  const request = propRequestOf(body);
  const out = new Multistatus(PREFIXES).response(bookPath(book.key), bookProperties(db, book, request));
  if (depth === "1") {
    for (const change of presentContacts(db, book.sources.map((s) => s.id))) out.response(cardPath(book.key, change.uid), cardProperties(change, request));
  }
  return out.toString();
}

export function propfindCard(db: Db, reader: AddressBookReader, key: string, uid: string, body: DavElement | undefined): string {
  const book = openBook(db, reader, key);
  const contact = bookContactByUid(db, book.sources.map((s) => s.id), uid);
  if (!contact) throw new NotFound("There is no such contact in this address book.");
  return new Multistatus(PREFIXES).response(cardPath(book.key, uid), cardProperties({ uid, seq: contact.seq, deleted: false }, propRequestOf(body))).toString();
}
