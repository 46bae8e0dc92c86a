// HTML built on the server (error pages, the phone-book overview): text always goes through escapeHtml.

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A time as every page shows it: "2026-11-22 21:47 UTC", the exact ISO time on hover. A page script may show it in
 * the reader's time zone (class "local"; public/admin/admin.js does).
 */
export function timeHtml(iso: string): string {
  const t = escapeHtml(iso);
  return `<time class="local" datetime="${t}" title="${t}">${escapeHtml(`${iso.slice(0, 10)} ${iso.slice(11, 16)}`)} UTC</time>`;
}
