// Static files from one folder only: no "..", no encoded dots, no backslashes, no dotfiles — and each file under
// one spelling of its path only, so a rule about a path (admin pages' shells are not public) cannot be walked around.
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { HttpError, PAGE_HEADERS, reply, type Reply } from "./http.ts";

export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "text/xml; charset=utf-8",
  ".woff2": "font/woff2",
};

/**
 * Headers of an app page that is a static shell filled by its own script: not cached (it is shown after
 * sign-in), only its own scripts, styles and requests (no inline script, so injected markup cannot run), never
 * framed, no address sent to other sites.
 */

/**
 * `relative` is the decoded path below the root, written the one way its file is named: no empty segment (a
 * leading, doubled or trailing "/", also when decoded from %2F), no "." or ".." and no dotfile. Anything else is
 * simply "not found".
 */
export async function serveStatic(root: string, relative: string, extraHeaders: Record<string, string> = {}): Promise<Reply> {
  const notFound = new HttpError(404, "Not found");
  if (relative.includes("\\") || relative.includes("\0")) throw notFound;
  const parts = relative.split("/");
  if (parts.some((p) => p === "" || p === ".." || p === "." || p.startsWith("."))) throw notFound;
  const base = resolve(root);
  const file = resolve(join(base, ...parts));
  if (file !== base && !file.startsWith(base + sep)) throw notFound;
  const type = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!type) throw notFound;
  try {
    if (!(await stat(file)).isFile()) throw notFound;
    const page = type.startsWith("text/html") ? PAGE_HEADERS : {};
    return reply(200, await readFile(file), type, { "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", ...page, ...extraHeaders });
  } catch {
    throw notFound;
  }
}
