// The page a person sees when something cannot be done: what happened, and (when known) what to do about it.
import { escapeHtml } from "../../lib/html.ts";

export interface ErrorPage {
  title: string;
  message: string;
  hint?: string;
  links?: { href: string; text: string }[];
}

export function renderErrorPage(p: ErrorPage): string {
  const e = escapeHtml;
  const links = (p.links ?? [{ href: "/", text: "Back to the overview" }]).map((l) => `<a href="${e(l.href)}">${e(l.text)}</a>`).join(" · ");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${e(p.title)} · Switchboard</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/css/style.css"></head>` +
    `<body><main class="error-page"><h1>${e(p.title)}</h1><p>${e(p.message)}</p>` +
    (p.hint ? `<p><strong>What to do:</strong> ${e(p.hint)}</p>` : "") +
    `<p>${links}</p></main></body></html>`;
}
