// sipgate REST API v2: userinfo for the account, /contacts paged with offset/limit until totalCount.
// Private (PRIVATE) and company-wide (SHARED) contacts both arrive from the same list.
import type { StoredContact } from "../../../db/contacts.ts";
import { buildContact, TYPE_LABELS } from "../build.ts";
import type { DialPlan } from "../normalize.ts";
import { getJson, UpstreamError, type UpstreamOptions } from "../upstream.ts";

export interface SipgateContact {
  id: string;
  name?: string;
  emails?: { email?: string; type?: string[] }[];
  numbers?: { number?: string; type?: string[] }[];
  organization?: string | string[] | string[][];
  scope?: string;
}

const PAGE = 1000;

export async function sipgateIdentity(userinfoUrl: string, token: string, limits: UpstreamOptions = {}): Promise<{ accountId: string; label: string }> {
  const u = await getJson<{ sub?: string; domain?: string; masterSipId?: string }>(userinfoUrl, token, limits);
  return { accountId: u.sub ?? "", label: `sipgate ${u.masterSipId || u.sub || ""}`.trim() };
}

export async function fetchSipgateContacts(apiUrl: string, token: string, plan: DialPlan, limits: UpstreamOptions = {}): Promise<StoredContact[]> {
  const out: StoredContact[] = [];
  // The server may send fewer than asked for (it caps limit), so the next offset is what actually arrived.
  for (let offset = 0; ; ) {
    const page = await getJson<{ items?: SipgateContact[]; totalCount?: number }>(`${apiUrl}/contacts?offset=${offset}&limit=${PAGE}`, token, limits);
    const items = page.items ?? [];
    for (const c of items) out.push(mapSipgateContact(c, plan));
    offset += items.length;
    const total = Number(page.totalCount ?? 0);
    if (items.length === 0 || offset >= total) {
      if (out.length < total) throw new UpstreamError(`sipgate listed ${total} contacts but sent ${out.length}`);
      return out;
    }
  }
}

/** sipgate number types: ["cell"], ["work"], ["home"], ["fax","work"], ["fax","home"], ["pager"], ["other"]. */
export function sipgateNumberType(types: string[] = []): string {
  const t = types.map((x) => x.toLowerCase());
  if (t.includes("fax")) return t.includes("home") ? "fax_home" : "fax_work";
  if (t.includes("cell") || t.includes("mobile")) return "mobile";
  if (t.includes("pager")) return "pager";
  if (t.includes("work")) return "work";
  if (t.includes("home")) return "home";
  return "other";
}

function organization(o: SipgateContact["organization"]): string {
  if (!o) return "";
  if (typeof o === "string") return o;
  return o.flat().filter(Boolean).join(", ");
}

export function mapSipgateContact(c: SipgateContact, plan: DialPlan): StoredContact {
  return buildContact({
    external_id: String(c.id),
    display_name: c.name ?? "",
    company: organization(c.organization),
    emails: (c.emails ?? []).map((e) => ({ address: e.email ?? "", label: (e.type ?? []).join(" ") })),
    numbers: (c.numbers ?? []).map((n) => {
      const type = sipgateNumberType(n.type);
      return { type, label: TYPE_LABELS[type], number: n.number ?? "" };
    }),
  }, plan);
}
