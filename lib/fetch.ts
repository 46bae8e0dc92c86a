// The one outgoing HTTP client: fetch with a timeout and a limit on the answer's size.

export interface FetchedResponse {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "unreachable" | "too_large",
  ) {
    super(message);
  }
}

export interface FetchOptions extends RequestInit {
  timeoutMs?: number;
  maxBytes?: number;
}

export async function fetchText(url: string, options: FetchOptions = {}): Promise<FetchedResponse> {
  const { timeoutMs = 10_000, maxBytes = 8 * 1024 * 1024, ...init } = options;
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError") throw new FetchError(`${hostOf(url)} did not answer within ${timeoutMs / 1000} s`, "timeout");
    throw new FetchError(`${hostOf(url)} could not be reached (${(e.cause as Error | undefined)?.message ?? e.message})`, "unreachable");
  }
  const body = await readLimited(res, maxBytes, url, timeoutMs);
  return { status: res.status, headers: res.headers, body, url: res.url || url };
}

async function readLimited(res: Response, maxBytes: number, url: string, timeoutMs: number): Promise<string> {
  if (!res.body) return "";
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body.cancel();
    throw new FetchError(`${hostOf(url)} sent an answer larger than ${maxBytes} bytes`, "too_large");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) throw new FetchError(`${hostOf(url)} sent an answer larger than ${maxBytes} bytes`, "too_large");
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const e = err as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError") throw new FetchError(`${hostOf(url)} did not answer within ${timeoutMs / 1000} s`, "timeout");
    throw new FetchError(`${hostOf(url)} broke off the answer (${e.message})`, "unreachable");
  }
  return Buffer.concat(chunks).toString("utf8");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
