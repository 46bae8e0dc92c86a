// Reading a provider's JSON API with a bearer token, through the one HTTP client (lib/fetch.ts).
import { FetchError, fetchText } from "../../lib/fetch.ts";

/** The provider's API failed; `status` is the HTTP status when there was an answer. */
export class UpstreamError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface UpstreamOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

export async function getJson<T>(url: string, accessToken: string, o: UpstreamOptions = {}): Promise<T> {
  let res;
  try {
    res = await fetchText(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
      timeoutMs: o.timeoutMs ?? 30_000,
      maxBytes: o.maxBytes ?? 16 * 1024 * 1024,
    });
  } catch (err) {
    if (err instanceof FetchError) throw new UpstreamError(err.message);
    throw err;
  }
  if (res.status < 200 || res.status >= 300) {
    throw new UpstreamError(`${new URL(url).host} answered HTTP ${res.status}${apiMessage(res.body)}`, res.status);
  }
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new UpstreamError(`${new URL(url).host} sent an answer that is not JSON`, res.status);
  }
}

function apiMessage(body: string): string {
  try {
    const data = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    const msg = typeof data.error === "object" ? data.error?.message : data.error ?? data.message;
    return msg ? ` (${String(msg).slice(0, 200)})` : "";
  } catch {
    return "";
  }
}
