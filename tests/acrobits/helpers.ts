// Calling Switchboard as an Acrobits deployment would: the web-service templates an admin enters in the Cloud
// Softphone portal (README "Acrobits web services"), with their %…% placeholders filled in the way the Acrobits SSO
// server and apps fill them — each value URL-encoded where it lands in a URL or a form.
import { call, type ApiResponse } from "../helpers/sip-api.ts";

/** Replaces `%name%` and `%account[name]%` with the values, URL-encoded (a URL or form template) unless `encode` says. */
export function filled(template: string, values: Record<string, string>, encode: (v: string) => string = encodeURIComponent): string {
  return template.replace(/%(?:account\[(\w+)\]|(\w+))%/g, (whole, inAccount: string | undefined, plain: string | undefined) => {
    const value = values[inAccount ?? plain ?? ""];
    if (value === undefined) throw new Error(`no value for ${whole}`);
    return encode(value);
  });
}

/** The Authorization header of HTTP Basic. */
export const basic = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;

/**
 * A request to a filled URL template (absolute, as the portal holds it: only its path and query are sent to the
 * test server). `form` is a filled POST template; `contentType` its Content-Type (form-encoded unless given).
 */
export function send(base: string, url: string, o: { form?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const u = new URL(url);
  const path = u.pathname + u.search;
  if (o.form === undefined) return call(base, "GET", path, { headers: { Accept: "*/*", ...o.headers } });
  return rawPost(base, path, o.form, o.contentType ?? "application/x-www-form-urlencoded", o.headers ?? {});
}

function rawPost(base: string, path: string, body: string, contentType: string, headers: Record<string, string>): Promise<ApiResponse> {
  return fetch(new URL(path, base), { method: "POST", body, headers: { Accept: "*/*", "Content-Type": contentType, ...headers } }).then(async (res) => {
    const text = await res.text();
    const all = new Map<string, string[]>();
    res.headers.forEach((v, k) => all.set(k, [v]));
    return { status: res.status, headers: all, body: text, json: () => JSON.parse(text) };
  });
}

/** For a JSON template: a value inside a JSON string. */
export const jsonText = (v: string): string => JSON.stringify(v).slice(1, -1);
