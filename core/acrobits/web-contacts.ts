// Switchboard as an Acrobits Web Service Contacts source (the app's wsContactsUrl; README "Acrobits web services"):
// `{"contacts": [contact…]}` in Acrobits' contact JSON, for a phone-book key (the office directory: Outlook,
// sipgate, FRITZ!Box, shared devices) or for the signed-in SIP account's own synced device. The app loads the whole
// answer at every refresh (every 180 s by default), so an answer holds at most acrobits.contacts_limit contacts.
import { createHash } from "node:crypto";
import type { ContactSource } from "../../db/contact-sources.ts";
import { listContacts, type ContactRow } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { listDevicesOfUser } from "../../db/sync-devices.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";
import type { AcrobitsSettings } from "../config/acrobits-settings.ts";
import { contactName, sourcesForKeys } from "../contacts/directory.ts";
import { withoutTrunkPrefix } from "../contacts/normalize.ts";
import { contactUid } from "../contacts/vcard.ts";
import { contactsJson } from "../sync/contacts.ts";

export type AcrobitsContact = Record<string, unknown>;

export interface Page {
  offset: number;
  limit: number;
}

/**
 * GET /acrobits/contacts: with `key` (K or K1,K2) the phone book of those keys — unknown keys are 404, as on the
 * Cisco directory — else the caller's own device (`device`, `cloud_id`); `offset` and `limit` page.
 */
export function webContacts(db: Db, settings: AcrobitsSettings, sipAddress: string, params: URLSearchParams): { contacts: AcrobitsContact[] } {
  const page = pageOf(params, settings);
  const key = params.get("key");
  if (key !== null) return phoneBookContacts(db, sourcesForKeys(db, key), page);
  return ownDeviceContacts(db, sipAddress, { device: params.get("device"), cloudId: params.get("cloud_id") }, page);
}

/** `offset` and `limit` of the query; the limit is at most (and by default) acrobits.contacts_limit. */
export function pageOf(query: URLSearchParams, settings: AcrobitsSettings): Page {
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw Invalid.field(name, `${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
  return { offset: number("offset", 0, 0, 10_000_000), limit: number("limit", settings.contacts_limit, 1, settings.contacts_limit) };
}

/** The contacts of a phone book's sources, ordered by name as the directory shows them. */
export function phoneBookContacts(db: Db, sources: ContactSource[], page: Page): { contacts: AcrobitsContact[] } {
  const keys = new Map(sources.map((s) => [s.id, s.key]));
  const rows = listContacts(db, [...keys.keys()], page.offset, page.limit);
  return { contacts: rows.map((c) => acrobitsContact(c, keys.get(c.source_id)!)) };
}

/**
 * The contacts of the account's own synced device, smart contacts marked (onNet, sipUri) as Contact Sync returns
 * them. The device is `device` (its id) when given, else the one with the most contacts — the one the web viewer
 * shows first; `cloudId` keeps to devices signed in with that cloud ID. No device yet: no contacts.
 */
export function ownDeviceContacts(db: Db, sipAddress: string, w: { device: string | null; cloudId: string | null }, page: Page): { contacts: AcrobitsContact[] } {
  const devices = listDevicesOfUser(db, sipAddress).filter((d) => w.cloudId === null || d.cloud_id === w.cloudId);
  const device = w.device !== null
    ? devices.find((d) => d.device_id === w.device)
    : devices.reduce<(typeof devices)[number] | undefined>((best, d) => (!best || d.contact_count > best.contact_count ? d : best), undefined);
  if (!device) {
    if (w.device !== null) throw new NotFound(`This account has no synced device ${JSON.stringify(w.device.slice(0, 200))}.`);
    return { contacts: [] };
  }
  const { contacts } = contactsJson(db, device, device, null);
  return { contacts: contacts.slice(page.offset, page.offset + page.limit) };
}

/** Acrobits' number labels for the directory's types; other numbers keep the label they have. */
const TEL_LABELS: Record<string, string> = { mobile: "mobile", work: "work", home: "home", fax_work: "fax", fax_home: "home fax", pager: "pager" };

/** A stored contact as Acrobits' contact JSON, its contactId stable across answers (the vCard UID). */
export function acrobitsContact(c: ContactRow, sourceKey: string): AcrobitsContact {
  const entries = [
    ...c.numbers.map((n, i) => ({ entryId: `tel:${i}`, label: TEL_LABELS[n.type] ?? (n.label || "other"), type: "tel", uri: withoutTrunkPrefix(n.number) })),
    ...c.emails.map((e, i) => ({ entryId: `email:${i}`, label: e.label || "email", type: "email", uri: e.address })),
  ];
  const contact: AcrobitsContact = {
    contactId: contactUid(sourceKey, c.external_id),
    displayName: contactName(c) || c.numbers[0]?.number || "",
    fname: c.given_name,
    lname: c.family_name,
    company: c.company,
    contactEntries: entries,
  };
  const addresses = c.addresses.map((a) => present({ label: a.label, street: a.street, city: a.city, state: a.region, zip: a.postal_code, country: a.country }));
  if (addresses.length) contact.contactAddresses = addresses;
  if (c.birthday) contact.birthday = c.birthday;
  if (c.note) contact.notes = c.note;
  // The app's fingerprint of a contact: it changes exactly when the contact does.
  contact.checksum = createHash("sha1").update(JSON.stringify(contact)).digest("hex").slice(0, 16).toUpperCase();
  return contact;
}

/** The fields that have a value (Acrobits' values are strings; an absent one is left out). */
function present(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
}
