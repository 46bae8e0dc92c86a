// The one outgoing HTTP client: fetch with a timeout and a limit on the answer's size. A caller that fetches a
// URL someone typed in can also say which addresses it may reach (`refuseAddress`): then the request goes out
// through node:http, whose `lookup` lets us connect to exactly the addresses we checked — global fetch resolves
// the name again itself, so a second DNS answer could swap a checked address for a refused one.
import { lookup as resolveName } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { normalizeIp } from "./ip.ts";

export interface FetchedResponse {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "unreachable" | "too_large" | "refused",
  ) {
    super(message);
  }
}

export interface FetchOptions extends RequestInit {
  timeoutMs?: number;
  maxBytes?: number;
  /**
   * Why an address may not be reached (undefined: it may). Checked for every address the host resolves to, on
   * every redirect hop; with it the request is a GET whose redirects are followed here (at most MAX_REDIRECTS),
   * each to a checked address.
   */
  refuseAddress?: (address: string) => string | undefined;
}

export const MAX_REDIRECTS = 5;

export async function fetchText(url: string, options: FetchOptions = {}): Promise<FetchedResponse> {
  const { timeoutMs = 10_000, maxBytes = 8 * 1024 * 1024, refuseAddress, ...init } = options;
  if (refuseAddress) {
    if ((init.method ?? "GET") !== "GET" || init.body != null) throw new Error("fetchText: refuseAddress is for GET requests without a body");
    return fetchChecked(url, { url, timeoutMs, maxBytes, refuseAddress, headers: new Headers(init.headers) });
  }
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw failure(err as Error, url, timeoutMs);
  }
  const declared = Number(res.headers.get("content-length") ?? NaN);
  const body = res.body ? await readLimited(res.body as unknown as AsyncIterable<Uint8Array>, declared, () => res.body?.cancel(), { maxBytes, url, timeoutMs }) : "";
  return { status: res.status, headers: res.headers, body, url: res.url || url };
}

interface Limits {
  maxBytes: number;
  url: string;
  timeoutMs: number;
}

async function fetchChecked(url: string, o: Limits & { refuseAddress: (address: string) => string | undefined; headers: Headers }): Promise<FetchedResponse> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new FetchError(`${hostOf(url)} redirected to a ${current.protocol} URL`, "refused");
    let res: IncomingMessage;
    try {
      const addresses = await checkedAddresses(current, o.refuseAddress);
      res = await get(current, addresses, o.headers, signal);
    } catch (err) {
      throw err instanceof FetchError ? err : failure(err as Error, current.href, o.timeoutMs);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.destroy();
      if (hop >= MAX_REDIRECTS) throw new FetchError(`${hostOf(url)} redirected more than ${MAX_REDIRECTS} times`, "unreachable");
      current = new URL(location, current);
      continue;
    }
    const declared = Number(res.headers["content-length"] ?? NaN);
    const body = await readLimited(res, declared, () => res.destroy(), { ...o, url: current.href, signal });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) headers.append(name, v);
    return { status, headers, body, url: current.href };
  }
}

/** The addresses `url`'s host resolves to, every one allowed, or a "refused" FetchError naming the first that is not. */
export async function checkedAddresses(url: URL, refuse: (address: string) => string | undefined): Promise<string[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(host) ? [host] : (await resolveName(host, { all: true, verbatim: true })).map((a) => a.address);
  for (const address of addresses) {
    const why = refuse(normalizeIp(address));
    if (why) throw new FetchError(`${url.host}${address === host ? "" : ` (${address})`} may not be reached: ${why}`, "refused");
  }
  return addresses;
}

function get(url: URL, addresses: string[], headers: Headers, signal: AbortSignal): Promise<IncomingMessage> {
  // Connect to the checked addresses only (node:net asks `lookup` for a name; an address literal needs none).
  const lookup: LookupFunction = (_name, options, callback) => {
    const all = addresses.map((address) => ({ address, family: isIP(address) })).filter((a) => !options.family || a.family === options.family);
    if (options.all) callback(null, all);
    else if (all.length) callback(null, all[0].address, all[0].family);
    else callback(Object.assign(new Error(`no address of family ${options.family}`), { code: "ENOTFOUND" }), "", 0);
  };
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  const outgoing: Record<string, string> = {};
  headers.forEach((value, name) => void (outgoing[name] = value));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers: outgoing, signal, lookup }, resolve);
    req.on("error", reject);
    req.end();
  });
}

/** `signal`: the request's time limit; a body cut off by it (node:http says only "aborted") is a timeout. */
async function readLimited(chunks: AsyncIterable<Uint8Array>, declared: number, cancel: () => unknown, o: Limits & { signal?: AbortSignal }): Promise<string> {
  if (declared > o.maxBytes) {
    await cancel();
    throw new FetchError(`${hostOf(o.url)} sent an answer larger than ${o.maxBytes} bytes`, "too_large");
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > o.maxBytes) throw new FetchError(`${hostOf(o.url)} sent an answer larger than ${o.maxBytes} bytes`, "too_large");
      parts.push(chunk);
    }
  } catch (err) {
    // Cancelling a stream the timeout already broke rejects with that same abort: what it was is classified below.
    await Promise.resolve().then(cancel).catch(() => undefined);
    if (err instanceof FetchError) throw err;
    const e = err as Error;
    if (o.signal?.aborted || e.name === "TimeoutError" || e.name === "AbortError") throw new FetchError(`${hostOf(o.url)} did not answer within ${o.timeoutMs / 1000} s`, "timeout");
    throw new FetchError(`${hostOf(o.url)} broke off the answer (${e.message})`, "unreachable");
  }
  return Buffer.concat(parts).toString("utf8");
}

function failure(e: Error, url: string, timeoutMs: number): FetchError {
  if (e.name === "TimeoutError" || e.name === "AbortError") return new FetchError(`${hostOf(url)} did not answer within ${timeoutMs / 1000} s`, "timeout");
  return new FetchError(`${hostOf(url)} could not be reached (${(e.cause as Error | undefined)?.message ?? e.message})`, "unreachable");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
