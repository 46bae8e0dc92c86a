// How errors look to each kind of client (DESIGN §6): phones get CiscoIPPhoneText, people a page, APIs JSON.
import { escapeHtml, html, json, xml, type Reply } from "../lib/http.ts";
import { ciscoText } from "../core/cisco/objects.ts";

export const jsonError = (status: number, message: string): Reply => json({ error: message }, status);

export const phoneError = (status: number, message: string): Reply => xml(ciscoText("Switchboard", message), status);

export const pageError = (status: number, message: string): Reply =>
  html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${status} · Switchboard</title><link rel="stylesheet" href="/css/style.css"></head>` +
      `<body><main class="error-page"><h1>${status === 404 ? "Not found" : "Something went wrong"}</h1><p>${escapeHtml(message)}</p>` +
      `<p><a href="/">Back to the overview</a></p></main></body></html>`,
    status,
  );
