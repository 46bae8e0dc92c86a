// Set-up shared by the confirmation tests (creation mails, email and phone changes, recovery): a test server whose
// switchboard.yml sends mail to a local SMTP sink, and helpers to change that config for one test.
import type { Account } from "../../db/accounts.ts";
import { addCreationToken, consumeCreationToken } from "../../db/account-creation-tokens.ts";
import { randomAlphanumeric } from "../../lib/random.ts";
import { startSmtpSink, type SmtpSink } from "../fakes/smtp.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { DOMAIN } from "./callers.ts";

export const PUBLIC_URL = "https://pbx.example.com";
export const NAME = "Office PBX";

export interface ConfirmationEnv {
  server: TestServer;
  sink: SmtpSink;
  /** switchboard.yml as the file starts (mail to the sink), with more `accounts:` keys and more sections. */
  config(o?: ConfigChanges): string;
  /** What config() adds unless told otherwise: a file's own starting point (e.g. its SMS sender). */
  defaults: ConfigChanges;
  close(): Promise<void>;
}

export interface ConfigChanges {
  /** More lines of the `accounts:` section ("  email_unique: true\n"). */
  accounts?: string;
  /** More sections ("confirmation:\n  request_interval_seconds: 0\n"). */
  extra?: string;
  /** Where mail goes instead of the sink. */
  smtpPort?: number;
}

export async function startConfirmationEnv(files: Record<string, string> = {}): Promise<ConfirmationEnv> {
  const sink = await startSmtpSink();
  const defaults: ConfigChanges = {};
  const config = (o: ConfigChanges = {}) => {
    const { accounts = "", extra = "", smtpPort = sink.port } = { ...defaults, ...o };
    return `name: "${NAME}"
public_url: "${PUBLIC_URL}"
accounts:
  sip_domain: ${DOMAIN}
${accounts}mail:
  smtp: {host: 127.0.0.1, port: ${smtpPort}}
  from: "${NAME} <noreply@pbx.example.com>"
  timeout_seconds: 3
${extra}`;
  };
  const server = await startTestServer({ ...files, "switchboard.yml": config() });
  return {
    server,
    sink,
    config,
    defaults,
    async close() {
      await server.close();
      await sink.close();
    },
  };
}

/** switchboard.yml changed for one test and put back after it. */
export function configFor(env: ConfirmationEnv, t: { after(fn: () => void): void }, yaml: string): void {
  env.server.writeConfig("switchboard.yml", yaml);
  t.after(() => env.server.writeConfig("switchboard.yml", env.config()));
}

/** The account came with a creation token (FlexiAPI's factory withConsumedAccountCreationToken). */
export function giveSpentCreationToken(env: ConfirmationEnv, account: Account): void {
  const { token } = addCreationToken(env.server.app.db, randomAlphanumeric(13), { ip: null, userAgent: null });
  consumeCreationToken(env.server.app.db, token, account.id, { ip: null, userAgent: null });
}

/** The 4-digit code or the 13-character key in a mail's text. */
export const codeIn = (text: string): string => text.split("\n").find((l) => /^\d{4}$/.test(l)) ?? "";
export const keyIn = (text: string): string => /confirmation key: ([0-9A-Za-z]{13})/.exec(text)?.[1] ?? "";
