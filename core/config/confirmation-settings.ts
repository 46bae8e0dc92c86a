// switchboard.yml `mail:`, `sms:` and `confirmation:` — how confirmation keys and codes reach people (an SMTP
// server; an SMS webhook or command) and the limits on asking for them. Nothing is configured by default: then
// every send is refused with 503, never pretended.
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface SmtpSettings {
  /** null → no mail is sent (sends are refused). */
  host: string | null;
  port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  secure: boolean;
  /** Empty → no AUTH. */
  user: string;
  password: string;
}

export interface MailSettings {
  smtp: SmtpSettings;
  /** The From of every mail, `Name <address>` or `address`. */
  from: string;
  /** A whole send (connect, greeting, every command) takes at most this long. */
  timeout_seconds: number;
}

/** The content types a webhook body may have; placeholders are escaped for each. */
export const SMS_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain"] as const;
export type SmsContentType = (typeof SMS_CONTENT_TYPES)[number];

export interface SmsWebhook {
  /** May hold {phone} and {message} (URL-encoded there). */
  url: string;
  method: "POST" | "PUT" | "PATCH" | "GET";
  headers: Record<string, string>;
  content_type: SmsContentType;
  /** A template with {phone} and {message}, escaped as content_type needs. */
  body: string;
}

export interface SmsSettings {
  /** An HTTP request per SMS; a 2xx answer means sent. */
  webhook: SmsWebhook | null;
  /** Or a program run per SMS, no shell: argv with {phone} and {message}; exit 0 means sent. */
  command: string[] | null;
  timeout_seconds: number;
}

export interface ConfirmationSettings {
  /** A 4-digit email or phone change code is good for this long. */
  code_expiration_minutes: number;
  /** One code request per account and channel (email, phone) within this many seconds; more are 429. */
  request_interval_seconds: number;
  /** Wrong email change codes before the pending code is dropped (a wrong phone code drops it at once). */
  wrong_codes_allowed: number;
  /** FlexiAPI's blocking: this many change requests within blocking_period_minutes block the account (0: never). */
  blocking_max_requests: number;
  blocking_period_minutes: number;
}

export const defaultMailSettings = (): MailSettings => ({
  smtp: { host: null, port: 587, secure: false, user: "", password: "" },
  from: "",
  timeout_seconds: 15,
});

export const defaultSmsSettings = (): SmsSettings => ({ webhook: null, command: null, timeout_seconds: 10 });

export const defaultConfirmationSettings = (): ConfirmationSettings => ({
  code_expiration_minutes: 15,
  request_interval_seconds: 60,
  wrong_codes_allowed: 5,
  blocking_max_requests: 5,
  blocking_period_minutes: 30,
});

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const MAILBOX = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function atLeast(v: unknown, name: string, problem: (m: string) => void, min = 1): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) problem(`${name} must be a number ≥ ${min}`);
  return n;
}

/** A section that is not a map is reported and replaced by the defaults. */
function section<T>(v: T, defaults: () => T, problem: (m: string) => void): T {
  if (isMap(v)) return v;
  problem(`must be a map of settings (see README), got ${JSON.stringify(v)}`);
  return defaults();
}

export function validateMailSettings(raw: MailSettings, file: string, problems: ConfigProblem[]): MailSettings {
  const problem = (message: string) => problems.push({ file, message: `mail.${message}` });
  const m = section(raw, defaultMailSettings, (message) => problems.push({ file, message: `mail ${message}` }));
  if (!isMap(m.smtp)) {
    problem("smtp must be a map {host, port, secure, user, password}");
    m.smtp = defaultMailSettings().smtp;
  }
  const s = m.smtp;
  s.host = s.host === null || s.host === undefined || s.host === "" ? null : String(s.host).trim();
  s.port = Number(s.port);
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) problem("smtp.port must be a port number");
  if (typeof s.secure !== "boolean") problem("smtp.secure must be true or false");
  s.user = String(s.user ?? "");
  s.password = String(s.password ?? "");
  m.from = String(m.from ?? "").trim();
  if (s.host !== null && !MAILBOX.test(m.from)) problem(`from must be an address ("Name <noreply@example.com>") when smtp.host is set`);
  m.timeout_seconds = atLeast(m.timeout_seconds, "timeout_seconds", problem);
  return m;
}

export function validateSmsSettings(raw: SmsSettings, file: string, problems: ConfigProblem[]): SmsSettings {
  const problem = (message: string) => problems.push({ file, message: `sms.${message}` });
  const s = section(raw, defaultSmsSettings, (message) => problems.push({ file, message: `sms ${message}` }));
  s.webhook ??= null;
  s.command ??= null;
  s.timeout_seconds = atLeast(s.timeout_seconds, "timeout_seconds", problem);
  if (s.webhook !== null && s.command !== null) problem("set webhook or command, not both");
  if (s.command !== null && (!Array.isArray(s.command) || !s.command.length || !s.command.every((a) => typeof a === "string" && a !== ""))) {
    problem("command must be a list of arguments, the program first (no shell)");
    s.command = null;
  }
  if (s.webhook === null) return s;
  if (!isMap(s.webhook)) {
    problem("webhook must be a map {url, method, headers, content_type, body}");
    s.webhook = null;
    return s;
  }
  const w = s.webhook;
  w.method = String(w.method ?? "POST").toUpperCase() as SmsWebhook["method"];
  if (!["POST", "PUT", "PATCH", "GET"].includes(w.method)) problem("webhook.method must be POST, PUT, PATCH or GET");
  if (!/^https?:\/\/[^\s]+$/i.test(String(w.url ?? ""))) problem("webhook.url must be an http(s) URL");
  w.headers ??= {};
  if (!isMap(w.headers) || !Object.values(w.headers).every((v) => typeof v === "string")) problem("webhook.headers must be a map of header names to text");
  w.content_type = (w.content_type ?? "application/json") as SmsContentType;
  if (!SMS_CONTENT_TYPES.includes(w.content_type)) problem(`webhook.content_type must be one of ${SMS_CONTENT_TYPES.join(", ")}`);
  w.body = String(w.body ?? "");
  if (w.method === "GET" && w.body) problem("webhook.body must be empty for GET (put {phone} and {message} in the url)");
  return s;
}

export function validateConfirmationSettings(raw: ConfirmationSettings, file: string, problems: ConfigProblem[]): ConfirmationSettings {
  const problem = (message: string) => problems.push({ file, message: `confirmation.${message}` });
  const c = section(raw, defaultConfirmationSettings, (message) => problems.push({ file, message: `confirmation ${message}` }));
  c.code_expiration_minutes = atLeast(c.code_expiration_minutes, "code_expiration_minutes", problem);
  c.request_interval_seconds = atLeast(c.request_interval_seconds, "request_interval_seconds", problem, 0);
  c.wrong_codes_allowed = atLeast(c.wrong_codes_allowed, "wrong_codes_allowed", problem);
  c.blocking_max_requests = atLeast(c.blocking_max_requests, "blocking_max_requests", problem, 0);
  c.blocking_period_minutes = atLeast(c.blocking_period_minutes, "blocking_period_minutes", problem);
  return c;
}
