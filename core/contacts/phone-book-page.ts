// The overview of one phone book (`/?key=K`): the URLs to paste into the phones' configuration (each with a copy
// button) and links to the dialer and the vCard export, under the navigation bar of the admin pages.
import type { ContactSource } from "../../db/contact-sources.ts";
import { escapeHtml as e, timeHtml } from "../../lib/html.ts";
import { navigationHtml } from "../pages/nav.ts";

export interface PhoneBookOverview {
  /** switchboard.yml `name`. */
  name: string;
  /** public_url, the base of every link. */
  base: string;
  /** The key(s) as the visitor gave them. */
  keys: string;
  sources: ContactSource[];
  /** Shown right after an OAuth connect finished. */
  justConnected: boolean;
}

export function renderPhoneBookOverview(o: PhoneBookOverview): string {
  const k = encodeURIComponent(o.keys);
  const directoryUrl = `${o.base}/cisco/directory?key=${k}`;
  const authUrl = `${o.base}/cisco/authenticate`;
  const books = o.sources.map((s) => {
    const state = s.status === "ok" ? "" : s.status === "needs_reconnect" ? " — needs to be reconnected by its owner" : ` — last sync failed: ${s.last_error ?? "unknown error"}`;
    return `<li><strong>${e(s.label || s.key)}</strong> (${e(s.provider)}): ${s.contact_count} contact${s.contact_count === 1 ? "" : "s"}${s.last_success_at ? `, synced ${timeHtml(s.last_success_at)}` : ""}${e(state)}</li>`;
  }).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phone book · ${e(o.name)}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/css/style.css">
<script src="/admin/admin.js" defer></script></head>
<body>${navigationHtml(o.name, undefined, "")}<main class="phonebook-overview">
<h1>Phone book</h1>
${o.justConnected ? `<p class="banner" role="status">Connected: the contacts were copied to Switchboard and are kept up to date. Paste the URLs below into your phones.</p>` : ""}
<ul>${books}</ul>
<h2>Cisco phones</h2>
<p>MPP phones (8800, 6800, 7800 series): set <code>XML_Directory_Service_URL</code> to</p>
<pre id="directory-url">${e(directoryUrl)}</pre>
${copy("directory-url", "the directory URL")}
<p>Enterprise phones: paste into <code>SEP&lt;MAC&gt;.cnf.xml</code>:</p>
<pre id="cnf-snippet">${e(`<directoryURL>${directoryUrl}</directoryURL>\n<authenticationURL>${authUrl}</authenticationURL>`)}</pre>
${copy("cnf-snippet", "the cnf.xml lines")}
<p>The authenticationURL checks <code>UserID</code>/<code>Password</code> against the phone's <code>username</code>/<code>password</code> in phones.yml.</p>
<h2>Use it</h2>
<ul>
<li><a id="dialer-link" href="/call?key=${e(k)}">Dial from the browser</a></li>
<li><a id="vcard-link" href="/vcard?key=${e(k)}">Download as vCard 3.0</a> · <a href="/vcard?key=${e(k)}&amp;version=4.0">vCard 4.0</a></li>
</ul>
</main></body></html>`;
}

/** A button public/admin/admin.js turns into a copy of the element `id`'s text. */
const copy = (id: string, what: string) => `<p><button type="button" class="copy" data-copy-from="${id}" aria-label="Copy ${e(what)}">Copy</button></p>`;
