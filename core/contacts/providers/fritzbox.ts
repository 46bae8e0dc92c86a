// FRITZ!Box phone book XML (an export file, a box's URL, or fritzco's {url}/books/{bookid}.xml):
// phonebooks/phonebook/contact/{person/realName, telephony/number[@type,@prio], services/email, uniqueid, mod_time}.
import { createHash } from "node:crypto";
import type { StoredContact } from "../../../db/contacts.ts";
import { Invalid } from "../../../lib/errors.ts";
import { fetchText } from "../../../lib/fetch.ts";
import { childrenNamed, parseXml, XmlParseError, type XmlElement } from "../../../lib/xml-parse.ts";
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

const text = (el: XmlElement | undefined): string => (el?.text ?? "").trim();
const child = (el: XmlElement, ...path: string[]): XmlElement | undefined =>
  path.reduce<XmlElement | undefined>((e, name) => (e ? childrenNamed(e, name)[0] : undefined), el);

export function parseFritzboxPhonebook(xml: string | Buffer, plan: DialPlan): StoredContact[] {
  let root: XmlElement;
  try {
    root = parseXml(xml, FRITZBOX_MAX_BYTES);
  } catch (err) {
    throw new Invalid(err instanceof XmlParseError ? `The phone book is not usable XML: ${err.message}` : String(err));
  }
  if (root.local !== "phonebooks" && root.local !== "phonebook") {
    throw new Invalid(`This is not a FRITZ!Box phone book (the root element is <${root.name}>, expected <phonebooks>).`);
  }
  const books = root.local === "phonebooks" ? childrenNamed(root, "phonebook") : [root];
  const seen = new Map<string, number>();
  const out: StoredContact[] = [];
  for (const book of books) {
    for (const c of childrenNamed(book, "contact")) {
      const name = text(child(c, "person", "realName"));
      const telephony = child(c, "telephony");
      const numbers = (telephony ? childrenNamed(telephony, "number") : [])
        .sort((a, b) => Number(b.attrs.prio === "1") - Number(a.attrs.prio === "1"))
        .map((n) => ({ ...fritzboxNumberType(n.attrs.type ?? ""), number: text(n) }));
      const services = child(c, "services");
      const emails = (services ? childrenNamed(services, "email") : []).map((e) => ({ address: text(e), label: e.attrs.classifier ?? "" }));
      // uniqueid is per book; without one, the name and numbers identify the contact across imports.
      let id = text(child(c, "uniqueid")) || "h" + createHash("sha1").update(name + "\n" + numbers.map((n) => n.number).join(",")).digest("hex").slice(0, 16);
      if (books.length > 1) id = `${books.indexOf(book)}:${id}`;
      const dup = seen.get(id) ?? 0;
      seen.set(id, dup + 1);
      if (dup) id = `${id}#${dup}`;
      const mod = Number(text(child(c, "mod_time")));
      out.push(buildContact({
        external_id: id,
        display_name: name,
        emails,
        modified_at: mod > 0 ? new Date(mod * 1000).toISOString() : null,
        numbers,
      }, plan));
    }
  }
  return out;
}

export async function fetchFritzboxPhonebook(url: string, plan: DialPlan): Promise<StoredContact[]> {
  const res = await fetchText(url, { timeoutMs: 30_000, maxBytes: FRITZBOX_MAX_BYTES }).catch((err: Error) => {
    throw new UpstreamError(err.message);
  });
  if (res.status !== 200) throw new UpstreamError(`${new URL(url).host} answered HTTP ${res.status} for the phone book`, res.status);
  try {
    return parseFritzboxPhonebook(res.body, plan);
  } catch (err) {
    throw new UpstreamError((err as Error).message);
  }
}
