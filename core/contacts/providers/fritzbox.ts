// FRITZ!Box phone book XML (an export file, a box's URL, or fritzco's {url}/books/{bookid}.xml):
// phonebooks/phonebook/contact/{person/realName, telephony/number[@type,@prio], services/email, uniqueid, mod_time}.
import { createHash } from "node:crypto";
import type { StoredContact } from "../../../db/contacts.ts";
import { Invalid } from "../../../lib/errors.ts";
import { checkedAddresses, FetchError, fetchText } from "../../../lib/fetch.ts";
import { AddressList, specialAddress } from "../../../lib/ip.ts";
import { localName, scanXmlInSlices, XmlParseError, type XmlScanHandlers } from "../../../lib/xml-parse.ts";
import { buildContact, TYPE_LABELS } from "../build.ts";
import type { DialPlan } from "../normalize.ts";
import { UpstreamError } from "../upstream.ts";

export const FRITZBOX_MAX_BYTES = 8 * 1024 * 1024;

/** FRITZ!Box types: home, mobile, work, fax_work, intern, memo, other and custom ones as "label:X". */
export function fritzboxNumberType(raw: string): { type: string; label: string } {
  const t = raw.trim();
  if (/^label:/i.test(t)) return { type: "other", label: t.slice(6).trim() || "Other" };
  const lower = t.toLowerCase();
  if (lower === "intern") return { type: "other", label: "Internal" };
  if (lower === "memo") return { type: "other", label: "Memo" };
  if (TYPE_LABELS[lower]) return { type: lower, label: TYPE_LABELS[lower] };
  return { type: "other", label: t || "Other" };
}

/** What a phone book may hold: far beyond a real FRITZ!Box's, and small enough to keep in memory at once. */
export const FRITZBOX_LIMITS = { maxDepth: 32, maxElements: 1_000_000, maxContacts: 50_000, maxFieldChars: 1_000 };

/** One contact while it is read: the first realName, uniqueid and mod_time; the first telephony's numbers and services' emails. */
interface ContactReading {
  book: number;
  depth: number;
  name: string;
  uniqueid: string;
  modTime: string;
  numbers: { type: string; prio: string; text: string }[];
  emails: { label: string; text: string }[];
  telephony: number;
  services: number;
}

/** The element whose own text is being read (its children's text is not its own). */
interface Capture {
  depth: number;
  into: { text: string };
}

/**
 * Reads a FRITZ!Box export as a stream (no element tree: a document of a million empty elements costs no more
 * memory than a real book), in slices with turns of the event loop between them, within FRITZBOX_LIMITS. Errors
 * are Invalid and never repeat the document's content (it may be a fetched page that is not ours to show).
 */
export async function parseFritzboxPhonebook(xml: string | Buffer, plan: DialPlan): Promise<StoredContact[]> {
  const reader = new PhonebookReader(plan);
  try {
    await scanXmlInSlices(xml, FRITZBOX_MAX_BYTES, reader, FRITZBOX_LIMITS);
  } catch (err) {
    if (!(err instanceof XmlParseError)) throw err;
    if (err.message === NOT_A_PHONEBOOK) throw new Invalid(`This is not a FRITZ!Box phone book (${NOT_A_PHONEBOOK}).`);
    const where = err.position ? `not well-formed at line ${err.position.line}, column ${err.position.column}` : err.message;
    throw new Invalid(`The phone book is not usable XML: ${where}.`);
  }
  return reader.contacts();
}

// The scan handlers, as methods: this runs for every element of a document of megabytes, so it makes no closures.
class PhonebookReader implements XmlScanHandlers {
  private readonly out: StoredContact[] = [];
  private readonly bookOf: number[] = [];
  private readonly seen = new Map<string, number>();
  private readonly path: string[] = [];
  private books = 0;
  private contact: ContactReading | undefined;
  private capture: Capture | undefined;

  constructor(private readonly plan: DialPlan) {}

  open(name: string, attrs: Record<string, string>, depth: number): void {
    const local = localName(name);
    const path = this.path;
    path.push(local);
    if (depth === 1 && local !== "phonebooks" && local !== "phonebook") throw new XmlParseError(NOT_A_PHONEBOOK);
    if (local === "phonebook" && (depth === 1 || (depth === 2 && path[0] === "phonebooks"))) {
      this.books++;
      return;
    }
    if (local === "contact" && ((depth === 2 && path[0] === "phonebook") || (depth === 3 && path[0] === "phonebooks" && path[1] === "phonebook"))) {
      this.contact = { book: this.books - 1, depth, name: "", uniqueid: "", modTime: "", numbers: [], emails: [], telephony: 0, services: 0 };
      return;
    }
    const c = this.contact;
    if (!c) return;
    const below = depth - c.depth;
    const first = path[c.depth];
    if (below === 1) {
      if (local === "telephony") c.telephony++;
      else if (local === "services") c.services++;
      else if ((local === "uniqueid" && !c.uniqueid) || (local === "mod_time" && !c.modTime)) this.capture = { depth, into: { text: "" } };
    } else if (below === 2) {
      if (first === "telephony" && local === "number" && c.telephony === 1) {
        const n = { type: String(attrs.type ?? ""), prio: String(attrs.prio ?? ""), text: "" };
        c.numbers.push(n);
        this.capture = { depth, into: n };
      } else if (first === "services" && local === "email" && c.services === 1) {
        const e = { label: String(attrs.classifier ?? ""), text: "" };
        c.emails.push(e);
        this.capture = { depth, into: e };
      } else if (first === "person" && local === "realName" && !c.name) {
        this.capture = { depth, into: { text: "" } };
      }
    }
  }

  text(value: string): void {
    const capture = this.capture;
    if (!capture || this.path.length !== capture.depth || capture.into.text.length >= FRITZBOX_LIMITS.maxFieldChars) return;
    capture.into.text += value.slice(0, FRITZBOX_LIMITS.maxFieldChars - capture.into.text.length);
  }

  close(depth: number): void {
    const local = this.path.pop();
    const c = this.contact;
    if (this.capture?.depth === depth) {
      const text = this.capture.into.text;
      this.capture = undefined;
      if (c && local === "realName") c.name = text || " ";
      else if (c && local === "uniqueid") c.uniqueid = text || " ";
      else if (c && local === "mod_time") c.modTime = text || " ";
    }
    if (c && depth === c.depth) {
      this.contact = undefined;
      this.finish(c);
    }
  }

  /** Every contact read, with ids that stay the same from one import to the next. */
  contacts(): StoredContact[] {
    // Contacts of several books in one file keep their books apart.
    if (this.books > 1) this.out.forEach((c, i) => void (c.external_id = `${this.bookOf[i]}:${c.external_id}`));
    return this.out;
  }

  private finish(c: ContactReading): void {
    if (this.out.length >= FRITZBOX_LIMITS.maxContacts) throw new XmlParseError(`The phone book has more than ${FRITZBOX_LIMITS.maxContacts} contacts`);
    const name = c.name.trim();
    const numbers = c.numbers
      .sort((a, b) => Number(b.prio === "1") - Number(a.prio === "1"))
      .map((n) => ({ ...fritzboxNumberType(n.type), number: n.text.trim() }));
    // uniqueid is per book; without one, the name and numbers identify the contact across imports.
    let id = c.uniqueid.trim() || "h" + createHash("sha1").update(name + "\n" + numbers.map((n) => n.number).join(",")).digest("hex").slice(0, 16);
    const dupKey = `${c.book}:${id}`;
    const dup = this.seen.get(dupKey) ?? 0;
    this.seen.set(dupKey, dup + 1);
    if (dup) id = `${id}#${dup}`;
    const mod = Number(c.modTime.trim());
    this.out.push(buildContact({
      external_id: id,
      display_name: name,
      emails: c.emails.map((e) => ({ address: e.text.trim(), label: e.label })),
      modified_at: mod > 0 ? new Date(mod * 1000).toISOString() : null,
      numbers,
    }, this.plan));
    this.bookOf.push(c.book);
  }
}

const NOT_A_PHONEBOOK = "the root element is not <phonebooks>";

/**
 * Why a phone book URL may not reach an address, or undefined. A FRITZ!Box lives on the LAN, so private ranges are
 * fine; what is refused is what reaches this machine or its link (loopback, link-local — cloud metadata services
 * live at 169.254.169.254 —, unspecified, this server's own addresses): a URL typed into the admin page must not
 * read the server's own services. switchboard.yml `contacts.fritzbox_allowed_addresses` lists exceptions.
 */
export function phonebookAddressPolicy(allowed: string[]): (address: string) => string | undefined {
  const exceptions = new AddressList(allowed);
  return (address) => {
    const kind = specialAddress(address);
    if (!kind || exceptions.has(address)) return undefined;
    const what = kind === "this machine's own" ? "an address of this server" : `a ${kind} address`;
    return `it is ${what} (phone book URLs may reach it only when switchboard.yml lists it under contacts.fritzbox_allowed_addresses)`;
  };
}

/**
 * Refuses (Invalid, on `url`) a phone book URL whose host is or resolves to an address it may not reach. A name
 * that does not resolve yet is let through: its fetches say so, and each fetch checks again.
 */
export async function checkPhonebookUrl(url: URL, allowed: string[]): Promise<void> {
  try {
    await checkedAddresses(url, phonebookAddressPolicy(allowed));
  } catch (err) {
    if (err instanceof FetchError) throw Invalid.field("url", err.message);
  }
}

export async function fetchFritzboxPhonebook(url: string, plan: DialPlan, allowed: string[], timeoutMs: number): Promise<StoredContact[]> {
  const res = await fetchText(url, { timeoutMs, maxBytes: FRITZBOX_MAX_BYTES, refuseAddress: phonebookAddressPolicy(allowed) }).catch((err: Error) => {
    throw new UpstreamError(err.message);
  });
  if (res.status !== 200) throw new UpstreamError(`${new URL(url).host} answered HTTP ${res.status} for the phone book`, res.status);
  try {
    return parseFritzboxPhonebook(res.body, plan);
  } catch (err) {
    throw new UpstreamError((err as Error).message);
  }
}
