// A Cisco MPP phone's direct action URLs (README "Remote resync and reboot"): `http://<phone>/admin/resync?<profile
// URL>` and `http://<phone>/admin/reboot`, which the phone accepts when its profile sets
// Enable_Direct_Action_Url: Yes, with the user `admin` and its Admin_Password — by HTTP Digest, or Basic on
// older firmware: whichever the phone's 401 asks for.
import { randomBytes } from "node:crypto";
import { answerDigestChallenge } from "../../lib/digest.ts";
import { fetchText, FetchError } from "../../lib/fetch.ts";
import { oneLine } from "../../lib/log.ts";

export type PhoneAction = "resync" | "reboot";

export interface ActionOutcome {
  ok: boolean;
  /** What the phone said (or why it could not be reached), one short line. */
  answer: string;
}

/** A phone's answer is a short page; more is not read. */
const ANSWER_LIMIT = 16 * 1024;

export function directActionUrl(address: string, port: string | undefined, action: PhoneAction, profileUrl: string): string {
  const host = `${address.includes(":") ? `[${address}]` : address}${port && port !== "80" ? `:${port}` : ""}`;
  return action === "resync" ? `http://${host}/admin/resync?${profileUrl}` : `http://${host}/admin/reboot`;
}

/** Asks the phone; `password` undefined: no credentials are offered (a phone without Admin_Password). */
export async function sendDirectAction(url: string, password: string | undefined, timeoutMs: number): Promise<ActionOutcome> {
  const deadline = Date.now() + timeoutMs;
  const get = (authorization?: string) =>
    fetchText(url, { timeoutMs: Math.max(1, deadline - Date.now()), maxBytes: ANSWER_LIMIT, headers: authorization ? { Authorization: authorization } : {}, redirect: "manual" });
  try {
    let res = await get();
    const challenge = res.headers.get("www-authenticate") ?? "";
    if (res.status === 401 && password !== undefined) {
      const { pathname, search } = new URL(url);
      const digest = answerDigestChallenge(challenge, { username: "admin", password, method: "GET", uri: pathname + search, cnonce: randomBytes(8).toString("hex") });
      if (digest) res = await get(digest);
      else if (/^\s*Basic\b/i.test(challenge)) res = await get(`Basic ${Buffer.from(`admin:${password}`).toString("base64")}`);
    }
    const said = oneLine(res.body.slice(0, 2048).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim(), 120);
    if (res.status >= 200 && res.status < 300) return { ok: true, answer: said || `HTTP ${res.status}` };
    if (res.status === 401) return { ok: false, answer: password === undefined ? "HTTP 401: the profile sets no Admin_Password" : "HTTP 401: the phone refused the Admin_Password" };
    return { ok: false, answer: `HTTP ${res.status}${said ? `: ${said}` : ""}` };
  } catch (err) {
    return { ok: false, answer: err instanceof FetchError ? err.message : `could not ask the phone: ${(err as Error).message}` };
  }
}
