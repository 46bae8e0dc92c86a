// A synced contact (Acrobits' contact JSON, as a device uploaded it and core/sync/contact-batch.ts checked it) as
// a provider's contact for the directory: what core/contacts/build.ts buildContact stores for every source.
import type { ContactDraft } from "../contacts/build.ts";
import { TYPE_LABELS } from "../contacts/build.ts";
import { isTelEntry } from "./contact-batch.ts";

type Entry = Record<string, string>;

/** An app's label → the directory's number type (what the phone shows as "Name (Mobile)"). */
function numberType(label: string): string {
  const l = label.toLowerCase();
  const fax = l.includes("fax");
  if (/mobile|cell|handy|iphone/.test(l)) return "mobile";
  if (/home|private|privat/.test(l)) return fax ? "fax_home" : "home";
  if (fax) return "fax_work";
  if (/work|business|office|main|geschäft/.test(l)) return "work";
  if (l.includes("pager")) return "pager";
  return "other";
}

/** A label the directory shows: the app's own when it is one of its words, else the type's. */
function numberLabel(label: string, type: string): string {
  const known = TYPE_LABELS[type];
  if (type !== "other" || !label.trim()) return known;
  return label.trim().slice(0, 40);
}

const isEmail = (e: Entry): boolean => (e.type ?? "").toLowerCase() === "email" || Boolean(e.entryId?.startsWith("email:"));

/** `contact` is one stored synced contact (its values checked strings and lists of objects of strings). */
export function draftOfSyncedContact(contact: Record<string, unknown>, updatedAt: string): ContactDraft {
  const text = (key: string): string => (typeof contact[key] === "string" ? (contact[key] as string).trim() : "");
  const list = (key: string): Entry[] => (Array.isArray(contact[key]) ? (contact[key] as Entry[]) : []);
  const entries = list("contactEntries");
  const birthday = text("birthday");
  return {
    external_id: text("contactId"),
    display_name: text("displayName"),
    given_name: [text("fname"), text("mname")].filter(Boolean).join(" "),
    family_name: text("lname"),
    company: text("company"),
    numbers: entries.filter((e) => isTelEntry(e) && e.uri).map((e) => {
      const type = numberType(e.label ?? "");
      return { type, label: numberLabel(e.label ?? "", type), number: e.uri.replace(/^tel:/i, "") };
    }),
    emails: entries.filter((e) => isEmail(e) && e.uri).map((e) => ({ address: e.uri.replace(/^mailto:/i, ""), label: e.label ?? "" })),
    addresses: list("contactAddresses").map((a) => ({ label: a.label ?? "", street: a.street, city: a.city, region: a.state, postal_code: a.zip, country: a.country })),
    birthday: /^\d{4}-\d{2}-\d{2}$/.test(birthday) ? birthday : null,
    note: text("notes"),
    modified_at: updatedAt,
  };
}
