// The human documentation of the account API at /api (FlexiAPI serves one at the same place): every URL of it
// from the route table, with its methods, who may call it and what its module says it does.
import { escapeHtml as e } from "../../lib/html.ts";
import { footerHtml, introHtml, pageTitle, type InstanceTexts } from "./instance-texts.ts";

export interface DocumentedRoute {
  methods: string[];
  path: string;
  guard: string;
  summary: string;
}

const GUARDS: Record<string, string> = {
  public: "anyone",
  "public(own pages)": "anyone, from this server's own pages",
  sip: "a SIP account: x-api-key header (or cookie), or HTTP Digest with From: sip:user@domain",
  "sip(admin)": "a SIP account with admin",
};

/** The page; `routes` are the table entries to show, in table order. */
export function renderApiDocs(texts: InstanceTexts, routes: DocumentedRoute[]): string {
  const rows = routes.map((r) => `<tr><td>${e(r.methods.join(", "))}</td><td><code>${e(r.path)}</code></td>` +
    `<td>${e(GUARDS[r.guard] ?? r.guard)}</td><td>${e(r.summary)}</td></tr>`).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle(texts, "Account API")}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/css/style.css"></head>
<body><main class="api-docs">
<h1>Account API</h1>
${introHtml(texts)}
<p>A REST API compatible with Flexisip's account manager (FlexiAPI 1.3 and the 1.5 additions): JSON in and out
(<code>Content-Type: application/json</code>, <code>Accept: application/json</code>). Errors are
<code>{"message": "…"}</code>, and 422 validation errors add <code>"errors": {"field": ["…"]}</code>.</p>
<h2>Signing in</h2>
<ul>
<li><strong>API key</strong>: the <code>x-api-key</code> header. Get one with <code>GET /api/accounts/me/api_key</code> (Digest), or from an auth token an
app showed and a signed-in account attached.</li>
<li><strong>HTTP Digest</strong> (RFC 7616, <code>qop=auth</code>, MD5 or SHA-256): send <code>From: sip:user@domain</code>; the first answer is 401 with
one <code>WWW-Authenticate: Digest</code> challenge per stored password algorithm. Reuse the nonce with a growing <code>nc</code>;
each answer carries the next challenge. <code>curl --digest -u user:password -H 'From: sip:user@domain'</code> works.</li>
</ul>
<h2>Endpoints</h2>
<table class="responsive"><thead><tr><th>methods</th><th>path</th><th>who may call</th><th>what it does</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</main>
${footerHtml(texts)}
</body></html>`;
}
