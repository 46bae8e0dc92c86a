// What the server says when it starts: where phones and people reach it, what to paste into the phones, which
// phone books there are, how to sign in — and what would keep a phone from reaching it.
import { listSources } from "../db/contact-sources.ts";
import type { Db } from "../db/open.ts";
import { listPhoneBooks } from "../db/phone-books.ts";
import { httpUrl, isLoopbackHost, lanAddress, listensOnAllAddresses } from "../lib/listen-address.ts";
import type { Config } from "./config/store.ts";
import { PROVIDER_NAMES } from "./contacts/oauth-providers.ts";

export interface Banner {
  /** For stdout, in this order. */
  lines: string[];
  /** Each one a log warning: something that keeps phones or people from using the server. */
  warnings: string[];
}

/** Phone books listed by name; more are counted (the contact-sources page lists them all). */
const BOOKS_SHOWN = 10;
const PARAMETERS_SHOWN = 5;
const LABEL_WIDTH = 14;
const row = (label: string, text: string) => `  ${label.padEnd(LABEL_WIDTH)} ${text}`;

export function startupBanner(config: Config, db: Db, listen: { host: string; port: number; httpsPort?: number }, configErrors: number): Banner {
  const base = config.switchboard.public_url;
  const warnings: string[] = [];
  const all = listensOnAllAddresses(listen.host);
  const lines = [
    // bench/ finds the port at the end of this line.
    `Switchboard listening on ${httpUrl(listen.host || "0.0.0.0", listen.port)}`,
    ...(listen.httpsPort === undefined ? [] : [row("https", httpsLine(config, listen.host, listen.httpsPort))]),
    row("public_url", `${base}${config.switchboard.public_url_derived ? "  (not set in switchboard.yml: derived from the listening address; set public_url if phones reach this server by another name)" : ""}`),
    row("Profile_Rule", `${base}/$MA.xml`),
    row("Report_Rule", `${base}/report/$MA`),
    ...phoneBookLines(db, base),
    row("sign in", signIn(config, base, warnings)),
    row("config", `${config.dir} (${config.phones.length} ${config.phones.length === 1 ? "phone" : "phones"})${configErrors ? " — with errors, see /health" : ""}`),
  ];
  if (all && isLoopbackHost(new URL(base).hostname)) {
    const lan = lanAddress();
    warnings.push(`public_url ${base} reaches this machine only, but the server listens on all addresses: phones cannot follow the links it hands out (Profile_Rule, directoryURL). Set public_url in switchboard.yml to the name or address phones use${lan ? `, e.g. ${httpUrl(lan, listen.port)}` : ""}.`);
  }
  warnings.push(...loopbackParameters(config, base));
  return { lines, warnings };
}

function httpsLine(config: Config, host: string, port: number): string {
  const { client_ca, profiles_only_to_proven_phones } = config.switchboard.tls;
  const proof = client_ca === null ? "" : profiles_only_to_proven_phones ? "  (profiles only to phones proven by their certificate)" : "  (over HTTPS, phones proven by their certificate)";
  return `${httpUrl(host || "0.0.0.0", port).replace(/^http:/, "https:")}${proof}`;
}

/** directoryURL per phone-book key (a contact source or a phone book of several). */
function phoneBookLines(db: Db, base: string): string[] {
  const url = (key: string) => `${base}/cisco/directory?key=${encodeURIComponent(key)}`;
  const books = [
    ...listPhoneBooks(db).map((b) => ({ key: b.key, name: `${b.label} (phone book)` })),
    ...listSources(db).map((s) => ({ key: s.key, name: `${s.label} (${PROVIDER_NAMES[s.provider]})` })),
  ];
  if (!books.length) return [row("directoryURL", `${base}/cisco/directory?key=<phone-book key>  (no phone books yet: connect one at ${base}/contact-sources)`)];
  const shown = books.slice(0, BOOKS_SHOWN).map((b, i) => row(i ? "" : "directoryURL", `${url(b.key)}  ${b.name}`));
  if (books.length > BOOKS_SHOWN) shown.push(row("", `… and ${books.length - BOOKS_SHOWN} more at ${base}/contact-sources`));
  return shown;
}

/** Which users sign in to the admin pages, and where their password is; never the password itself. */
function signIn(config: Config, base: string, warnings: string[]): string {
  const { auth } = config.service;
  if (!auth.enabled) {
    warnings.push("serviceconfig.yml auth.enabled is false: every admin page is open to anyone who can reach this server.");
    return `${base}/ (no sign-in: auth.enabled is false in serviceconfig.yml)`;
  }
  const admins = auth.users.filter((u) => u.role === "admin").map((u) => `"${u.username}"`);
  if (!admins.length) {
    warnings.push("serviceconfig.yml auth.users has no user with role admin: nobody can open the admin pages. Add one (README \"Admin pages, users and roles\").");
    return `${base}/ — nobody can: no admin in serviceconfig.yml auth.users`;
  }
  return `${base}/ as ${admins.join(" or ")} (serviceconfig.yml auth.users; the password is not shown here)`;
}

// A URL in a parameter value (rules may start with options: "[--key $K] http://…").
const URL_IN_TEXT = /\b(?:https?|tftp):\/\/[^\s"'<>]+/gi;

function namesLoopback(value: string): boolean {
  // Most values hold no URL: no match list, no URL object for them (50,000 phones' parameters at every start).
  if (!value.includes("://")) return false;
  for (const [url] of value.matchAll(URL_IN_TEXT)) {
    try {
      if (isLoopbackHost(new URL(url).hostname)) return true;
    } catch {
      // Not a URL after all.
    }
  }
  return false;
}

/** A URL-bearing setting of firmware.yml, named by where it is written there. */
interface Setting {
  where: string;
  value: string;
}

function firmwareUrls({ firmware }: Config): Setting[] {
  const perModel = firmware.model_specific.enabled ? Object.entries(firmware.model_specific.urls) : [];
  return [{ where: "upgrade_url", value: firmware.upgrade_url }, ...perModel.map(([model, value]) => ({ where: `urls ${model}`, value }))];
}

/** Parameters that send a phone to localhost — the phone itself, never this server. */
function loopbackParameters(config: Config, base: string): string[] {
  // Where only, not the value: a URL may carry credentials. A place is named only when found: a list of every
  // parameter's place took ~200 MB of allocations at 50,000 phones, much of the start-up's peak memory.
  const found: string[] = [];
  let count = 0;
  const check = (value: string, file: string, name: string, phoneId?: string) => {
    if (!namesLoopback(value)) return;
    const where = phoneId === undefined ? `${file} ${name}` : `${file} ${phoneId} ${name}`;
    if (count++ < PARAMETERS_SHOWN) found.push(`${where} names localhost, which a phone reads as itself: use this server's address (public_url is ${base}).`);
  };
  config.common.forEach((p, name) => check(p.value, "common.yml", name));
  for (const phone of config.phones) phone.params.forEach((p, name) => check(p.value, "phones.yml", name, phone.id));
  for (const s of config.firmware.update_enabled ? firmwareUrls(config) : []) check(s.value, "firmware.yml", s.where);
  if (count > PARAMETERS_SHOWN) found.push(`… and ${count - PARAMETERS_SHOWN} more parameters that name localhost.`);
  return found;
}
