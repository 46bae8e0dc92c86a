// addressbook-query's filter (RFC 6352 §10.5): prop-filters on FN, TEL and EMAIL with text-match (contains,
// equals, starts-with, ends-with; negate-condition) or is-not-defined, combined by anyof/allof. Other properties,
// param-filters and unknown collations are refused with the precondition the RFC names.
import type { BookContact } from "../../db/contacts.ts";
import { childOf, childrenOf, el, qname, type DavElement } from "../../lib/webdav.ts";
import { formattedName, telValue } from "../contacts/vcard.ts";
import { CARDDAV, DavPrecondition } from "./protocol.ts";

const card = (local: string) => qname(CARDDAV, local);

const VALUES: Record<string, (c: BookContact) => string[]> = {
  FN: (c) => [formattedName(c)],
  TEL: (c) => c.numbers.map((n) => telValue(n.number)),
  EMAIL: (c) => c.emails.map((e) => e.address),
};

type MatchType = "contains" | "equals" | "starts-with" | "ends-with";
const MATCH_TYPES = new Set<string>(["contains", "equals", "starts-with", "ends-with"]);

interface TextMatch {
  text: string;
  matchType: MatchType;
  negate: boolean;
  fold: (s: string) => string;
}

interface PropFilter {
  values: (c: BookContact) => string[];
  allOf: boolean;
  isNotDefined: boolean;
  matches: TextMatch[];
}

export type ContactFilter = (c: BookContact) => boolean;

const unsupported = (message: string) => new DavPrecondition(message, el(card("supported-filter")));

const caseless = (s: string) => s.normalize("NFC").toLowerCase();
const COLLATIONS: Record<string, (s: string) => string> = { "i;unicode-casemap": caseless, "i;ascii-casemap": caseless, "i;octet": (s) => s };

function textMatch(e: DavElement): TextMatch {
  const fold = COLLATIONS[e.attrs.collation ?? "i;unicode-casemap"];
  if (!fold) throw new DavPrecondition(`The collation ${e.attrs.collation} is not supported.`, el(card("supported-collation")));
  const matchType = e.attrs["match-type"] ?? "contains";
  if (!MATCH_TYPES.has(matchType)) throw unsupported(`The match-type ${matchType} is not supported.`);
  return { text: fold(e.text), matchType: matchType as MatchType, negate: e.attrs["negate-condition"] === "yes", fold };
}

function propFilter(e: DavElement): PropFilter {
  const name = (e.attrs.name ?? "").toUpperCase();
  const values = VALUES[name];
  if (!values) throw unsupported(`Only FN, TEL and EMAIL can be searched, not ${name || "a property without a name"}.`);
  if (childOf(e, card("param-filter"))) throw unsupported("param-filter is not supported.");
  return { values, allOf: e.attrs.test === "allof", isNotDefined: childOf(e, card("is-not-defined")) !== undefined, matches: childrenOf(e, card("text-match")).map(textMatch) };
}

function matchesText(m: TextMatch, value: string): boolean {
  const v = m.fold(value);
  const hit = m.matchType === "equals" ? v === m.text : m.matchType === "starts-with" ? v.startsWith(m.text) : m.matchType === "ends-with" ? v.endsWith(m.text) : v.includes(m.text);
  return hit !== m.negate;
}

function matchesProp(f: PropFilter, c: BookContact): boolean {
  const values = f.values(c).filter((v) => v !== "");
  if (f.isNotDefined) return values.length === 0;
  if (f.matches.length === 0) return values.length > 0;
  const one = (m: TextMatch) => values.some((v) => matchesText(m, v));
  return f.allOf ? f.matches.every(one) : f.matches.some(one);
}

/** The filter of an addressbook-query body (its <filter>); without one every contact matches. */
export function contactFilter(query: DavElement): ContactFilter {
  const filter = childOf(query, card("filter"));
  const props = childrenOf(filter, card("prop-filter")).map(propFilter);
  if (props.length === 0) return () => true;
  const allOf = filter?.attrs.test === "allof";
  return (c) => (allOf ? props.every((p) => matchesProp(p, c)) : props.some((p) => matchesProp(p, c)));
}
