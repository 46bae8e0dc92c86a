// SMS to people (4-digit codes) through what switchboard.yml `sms:` names: an HTTP webhook whose URL and body are
// templates with {phone} and {message}, or a program run with an argument list (no shell) that gets them as
// arguments and as SMS_PHONE / SMS_MESSAGE. A send that is not confirmed (2xx, exit 0) within sms.timeout_seconds
// is Unavailable (503); with nothing configured it is refused, never pretended.
import { howItEnded, runCommand, type CommandResult } from "../../lib/run-command.ts";
import { Unavailable } from "../../lib/errors.ts";
import { FetchError, fetchText } from "../../lib/fetch.ts";
import { log, oneLine } from "../../lib/log.ts";
import { fillPlaceholders, jsonStringContent, urlComponent, verbatim, type Escape } from "../../lib/placeholders.ts";
import type { SmsContentType, SmsSettings, SmsWebhook } from "../config/confirmation-settings.ts";

const BODY_ESCAPE: Record<SmsContentType, Escape> = {
  "application/json": jsonStringContent,
  "application/x-www-form-urlencoded": urlComponent,
  "text/plain": verbatim,
};

const FAILED = "The SMS could not be sent; try again later.";

export class SmsSender {
  constructor(private readonly settings: () => SmsSettings) {}

  get configured(): boolean {
    const s = this.settings();
    return s.webhook !== null || s.command !== null;
  }

  async send(phone: string, message: string): Promise<void> {
    const s = this.settings();
    if (s.webhook) return viaWebhook(s.webhook, s.timeout_seconds, { phone, message });
    if (s.command) return viaCommand(s.command, s.timeout_seconds, { phone, message });
    throw new Unavailable("No SMS sender is configured (switchboard.yml sms.webhook or sms.command), so no SMS was sent.");
  }
}

type Values = { phone: string; message: string };

async function viaWebhook(w: SmsWebhook, timeoutSeconds: number, values: Values): Promise<void> {
  const url = fillPlaceholders(w.url, values, urlComponent);
  const host = URL.canParse(url) ? new URL(url).host : "(not a URL)";
  try {
    const res = await fetchText(url, {
      method: w.method,
      headers: { ...w.headers, ...(w.method === "GET" ? {} : { "Content-Type": w.content_type }) },
      body: w.method === "GET" ? undefined : fillPlaceholders(w.body, values, BODY_ESCAPE[w.content_type]),
      redirect: "error",
      timeoutMs: timeoutSeconds * 1000,
      maxBytes: 64 * 1024,
    });
    if (res.status >= 200 && res.status < 300) return;
    // The answer's body may echo the message (the code): only the status is logged.
    log.warn(`SMS webhook ${host} answered ${res.status}`);
  } catch (err) {
    log.warn(`SMS webhook failed: ${err instanceof FetchError ? err.message : `${host}: ${oneLine((err as Error).message)}`}`);
  }
  throw new Unavailable(FAILED);
}

async function viaCommand(argv: string[], timeoutSeconds: number, values: Values): Promise<void> {
  const [program, ...args] = argv.map((a) => fillPlaceholders(a, values));
  const timeoutMs = timeoutSeconds * 1000;
  let result: CommandResult;
  try {
    result = await runCommand(program, args, { timeoutMs, env: { SMS_PHONE: values.phone, SMS_MESSAGE: values.message } });
  } catch (err) {
    log.warn(`SMS command ${argv[0]} could not be started (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    throw new Unavailable(FAILED);
  }
  if (result.code === 0 && !result.timedOut) return;
  // What it printed may echo the message (the code): only how it ended is logged.
  log.warn(`SMS command ${argv[0]} failed: ${howItEnded(result, timeoutMs)}`);
  throw new Unavailable(FAILED);
}
