// HTTP building blocks: replies, the error type every handler throws, body reading with limits.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  /** Chunks are sent in order, without copying them into one buffer (cached profiles share their bytes). */
  body: string | Buffer | readonly Buffer[];
}

/** An intended error: its message is shown to the client as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const KB = 1024;
export const MB = 1024 * KB;
export const DEFAULT_BODY_LIMIT = 64 * KB;
export const JSON_BODY_LIMIT = 1 * MB;

export function reply(status: number, body: Reply["body"], contentType: string, headers: Record<string, string | string[]> = {}): Reply {
  return { status, body, headers: { "Content-Type": contentType, ...headers } };
}

export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  reply(status, JSON.stringify(value), "application/json; charset=utf-8", headers);

export const xml = (body: Reply["body"], status = 200, headers: Record<string, string> = {}): Reply =>
  reply(status, body, "text/xml; charset=utf-8", headers);

export const text = (body: string, contentType = "text/plain; charset=utf-8", status = 200): Reply =>
  reply(status, body, contentType);

/**
 * What every page is sent with: its own scripts and styles only (no inline script, so injected markup cannot run),
 * never inside another site's frame, no Referer with tokens in it to other sites, no content sniffing.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
};

/**
 * Whether a request asks for a page rather than data: Accept names text/html with a q no lower than
 * application/json's. Any type (curl's and fetch's default) or no Accept at all (monitoring scripts) is data.
 */
export function prefersHtml(accept: string | undefined): boolean {
  let html = 0;
  let json = 0;
  for (const range of (accept ?? "").slice(0, 1024).split(",")) {
    const [type, ...params] = range.split(";").map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q >= 0 && q <= 1)) continue;
    if (type === "text/html") html = Math.max(html, q);
    else if (type === "application/json") json = Math.max(json, q);
  }
  return html > 0 && html >= json;
}

export const html = (body: string, status = 200, headers: Record<string, string> = {}): Reply =>
  reply(status, body, "text/html; charset=utf-8", { ...PAGE_HEADERS, ...headers });

export const redirect = (location: string, status = 302, headers: Record<string, string | string[]> = {}): Reply =>
  ({ status, body: "", headers: { Location: location, ...headers } });

/** Reads the whole body; more than `limit` bytes is a 413 and the rest of the upload is not read. */
export async function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body is larger than ${formatBytes(limit)}.`);
}

export function formatBytes(n: number): string {
  if (n >= MB) return `${Math.round((n / MB) * 10) / 10} MB`;
  if (n >= KB) return `${Math.round(n / KB)} KB`;
  return `${n} bytes`;
}

/** 415 unless the body is labelled JSON (application/json or application/…+json). */
export function requireJsonContentType(req: IncomingMessage): void {
  const type = String(req.headers["content-type"] ?? "");
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, "Send the request body as JSON (Content-Type: application/json).");
  }
}

/** A JSON request body: 415 unless it is labelled JSON, 400 when it does not parse. */
export async function readJson<T = unknown>(req: IncomingMessage, limit = JSON_BODY_LIMIT): Promise<T> {
  requireJsonContentType(req);
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString("utf8")) as T;
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
}

/** A JSON object body (what every state-changing JSON endpoint takes); its fields are for the caller to check. */
export async function readJsonObject(req: IncomingMessage, limit = JSON_BODY_LIMIT): Promise<Record<string, unknown>> {
  const body = await readJson<unknown>(req, limit);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "Send a JSON object.");
  return body as Record<string, unknown>;
}

/** A form body (application/x-www-form-urlencoded). */
export async function readForm(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, limit)).toString("utf8"));
}

/**
 * The parameters of a web-service call that may come either way: the query string's, and for a POST those of its
 * body — a form, or a JSON object's string values — that the query does not name.
 */
export async function queryAndBodyParams(req: IncomingMessage, query: URLSearchParams, limit = DEFAULT_BODY_LIMIT): Promise<URLSearchParams> {
  const params = new URLSearchParams(query);
  if (req.method !== "POST") return params;
  let body: URLSearchParams;
  if (/json/i.test(String(req.headers["content-type"] ?? ""))) {
    const object = await readJsonObject(req, limit);
    body = new URLSearchParams(Object.entries(object).filter((e): e is [string, string] => typeof e[1] === "string"));
  } else {
    body = await readForm(req, limit);
  }
  for (const [k, v] of body) if (!params.has(k)) params.set(k, v);
  return params;
}

/** Writes a reply; HEAD gets the headers (with the GET body's length) and no body. */
export function send(res: ServerResponse, r: Reply, headOnly = false): void {
  const body = typeof r.body === "string" ? Buffer.from(r.body, "utf8") : r.body;
  if (Buffer.isBuffer(body)) {
    res.writeHead(r.status, headerList(r.headers, body.length));
    res.end(headOnly ? undefined : body);
    return;
  }
  res.writeHead(r.status, headerList(r.headers, body.reduce((n, chunk) => n + chunk.length, 0)));
  // The response corks the socket until the next tick, so the chunks leave in one writev.
  if (!headOnly) for (const chunk of body) res.write(chunk);
  res.end();
}

/**
 * The reply's headers and its body's length as node:http's flat [name, value, …] list. Not `{...headers,
 * "Content-Length": n}`: V8 makes a new hidden class for every such object, ~4 µs of each profile request.
 */
function headerList(headers: Reply["headers"], length: number): (string | string[])[] {
  const list: (string | string[])[] = [];
  for (const name in headers) if (name.toLowerCase() !== "content-length") list.push(name, headers[name]);
  list.push("Content-Length", String(length));
  return list;
}

/**
 * A request header as one string of at most `max` characters ("" when absent, the first of repeated ones): cut
 * before anything parses, stores or logs it, so a 16 KB header costs what a short one does.
 */
export function headerText(req: IncomingMessage, name: string, max: number): string {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).slice(0, max);
}

/** Parses a Cookie header into a map (first value of a name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      cookies.set(name, part.slice(eq + 1).trim());
    }
  }
  return cookies;
}
