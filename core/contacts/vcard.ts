// vCard export (DESIGN §5.3): 3.0 by default, 4.0 on request; CRLF line ends, escaped text values, lines
// folded at 75 octets without splitting a UTF-8 sequence, a stable UID per contact.
import type { ContactSource } from "../../db/contact-sources.ts";
import { listContacts, type ContactRow } from "../../db/contacts.ts";
import type { Db } from "../../db/open.ts";
import { nameBasedUuid } from "../../lib/name-uuid.ts";
import { contactName } from "./directory.ts";
import { withoutTrunkPrefix } from "./normalize.ts";

export type VCardVersion = "3.0" | "4.0";

const MAX_LINE_OCTETS = 75;

/** Escapes a text value: backslash, comma, semicolon and line breaks (RFC 6350 §3.4). */
export function escapeValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds one content line: no physical line over 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_LINE_OCTETS) return line;
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}

const TEL_TYPES: Record<string, string[]> = {
  mobile: ["cell", "voice"], work: ["work", "voice"], home: ["home", "voice"],
  fax_work: ["work", "fax"], fax_home: ["home", "fax"], other: ["voice"],
};

/** A UID that stays the same across exports: derived from the source and the provider's id. */
export function contactUid(sourceKey: string, externalId: string): string {
  return nameBasedUuid(sourceKey, externalId);
}

const timestamp = (iso: string): string => new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

function typeParam(types: string[], v: VCardVersion): string {
  if (types.length === 0) return "";
  return v === "3.0" ? `;TYPE=${types.map((t) => t.toUpperCase()).join(",")}` : `;TYPE="${types.join(",")}"`;
}

/**
 * N's family and given names: the source's, else read from the display name, since phones and address books sort
 * and show by N and an empty one reads "No name". "Müller, Anna" is family first; otherwise the last word is the
 * family name. One word, a company without a person or an email address is all family name.
 */
function structuredName(c: ContactRow): [family: string, given: string] {
  if (c.family_name.trim() || c.given_name.trim()) return [c.family_name, c.given_name];
  const display = c.display_name.trim().replace(/\s+/g, " ");
  if (display === c.company.trim() || display.includes("@")) return [display, ""];
  const comma = display.indexOf(",");
  if (comma > 0) return [display.slice(0, comma).trim(), display.slice(comma + 1).trim()];
  const space = display.lastIndexOf(" ");
  return space > 0 ? [display.slice(space + 1), display.slice(0, space)] : [display, ""];
}

/** FN: the name, else the first number, so no card is nameless. */
export const formattedName = (c: ContactRow): string => contactName(c) || c.numbers[0]?.number || "Unnamed";

/** A TEL value: a phone that imports "+49 (0)160 …" would dial the 0 after the country code. */
export const telValue = (number: string): string => withoutTrunkPrefix(number);

export function contactToVCard(c: ContactRow, sourceKey: string, v: VCardVersion = "3.0"): string {
  const lines: string[] = ["BEGIN:VCARD", `VERSION:${v}`];
  const uid = contactUid(sourceKey, c.external_id);
  lines.push(v === "4.0" ? `UID:urn:uuid:${uid}` : `UID:${uid}`);
  lines.push(`FN:${escapeValue(formattedName(c))}`);
  lines.push(`N:${[...structuredName(c), "", "", ""].map(escapeValue).join(";")}`);
  if (c.company) lines.push(`ORG:${escapeValue(c.company)}`);
  for (const n of c.numbers) {
    const types = TEL_TYPES[n.type] ?? ["voice"];
    const number = escapeValue(telValue(n.number));
    lines.push(v === "4.0" ? `TEL;VALUE=text${typeParam(types, v)}:${number}` : `TEL${typeParam(types, v)}:${number}`);
  }
  for (const e of c.emails) {
    const types = v === "3.0" ? ["internet", ...(e.label ? [e.label.toLowerCase()] : [])] : e.label ? [e.label.toLowerCase()] : [];
    lines.push(`EMAIL${typeParam(types.filter((t) => /^[a-z0-9-]+$/.test(t)), v)}:${escapeValue(e.address)}`);
  }
  for (const a of c.addresses) {
    const parts = ["", "", a.street ?? "", a.city ?? "", a.region ?? "", a.postal_code ?? "", a.country ?? ""];
    const label = (a.label ?? "").toLowerCase();
    lines.push(`ADR${typeParam(/^[a-z0-9-]+$/.test(label) ? [label] : [], v)}:${parts.map(escapeValue).join(";")}`);
  }
  if (c.birthday && /^\d{4}-\d{2}-\d{2}$/.test(c.birthday)) lines.push(`BDAY:${v === "4.0" ? c.birthday.replace(/-/g, "") : c.birthday}`);
  if (c.note) lines.push(`NOTE:${escapeValue(c.note)}`);
  lines.push(`REV:${timestamp(c.modified_at ?? c.updated_at)}`);
  lines.push("END:VCARD");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

const BATCH = 1000;

/** Every contact of the sources as one .vcf text, read a thousand at a time. */
export function phoneBookVCards(db: Db, sources: ContactSource[], v: VCardVersion): string {
  const cards: string[] = [];
  for (const source of sources) {
    for (let offset = 0; ; offset += BATCH) {
      const batch = listContacts(db, [source.id], offset, BATCH);
      for (const c of batch) cards.push(contactToVCard(c, source.key, v));
      if (batch.length < BATCH) break;
    }
  }
  return cards.join("");
}
