// Mail to people (confirmation keys and codes) through the SMTP server of switchboard.yml `mail:`. A send either
// reaches the server within mail.timeout_seconds or fails with Unavailable (503): with no server configured it is
// refused, never pretended. The transport follows the config: a reloaded mail section gets a new one.
import type { Transporter } from "nodemailer";
import { Unavailable } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import type { MailSettings } from "../config/confirmation-settings.ts";

export interface Mail {
  to: string;
  subject: string;
  /** Plain text: what people need fits in it, and no HTML means nothing to escape. */
  text: string;
}

export class MailSender {
  private current?: { settings: MailSettings; transporter: Transporter };
  private closed = false;

  constructor(private readonly settings: () => MailSettings) {}

  /** Whether an SMTP server is configured (sends are refused otherwise). */
  get configured(): boolean {
    return this.settings().smtp.host !== null;
  }

  async send(mail: Mail): Promise<void> {
    const settings = this.settings();
    if (!settings.smtp.host) throw new Unavailable("No mail server is configured (switchboard.yml mail.smtp.host), so no email was sent.");
    if (this.closed) throw new Unavailable("The server is stopping; no email was sent.");
    const ms = settings.timeout_seconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${settings.timeout_seconds} s`)), ms);
    });
    try {
      // `to` as an address object: as a string, "a,b@example.com" would be read as a list and go to b@example.com.
      const to = { name: "", address: mail.to };
      await Promise.race([(await this.transporterFor(settings)).sendMail({ from: settings.from, to, subject: mail.subject, text: mail.text }), timeout]);
    } catch (err) {
      // The recipient and the text (a key or code) stay out of the log; a refused recipient's answer may echo the
      // address, so only its code is logged.
      const e = err as Error & { code?: string; responseCode?: number };
      const why = e.code === "EENVELOPE" ? `recipient refused (${e.responseCode ?? "no code"})` : oneLine(e.message);
      log.warn(`mail via ${settings.smtp.host}:${settings.smtp.port} failed: ${why}`);
      throw new Unavailable("The email could not be sent; try again later.");
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.closed = true;
    this.current?.transporter.close();
    this.current = undefined;
  }

  private async transporterFor(settings: MailSettings): Promise<Transporter> {
    if (this.current?.settings === settings) return this.current.transporter;
    // nodemailer is loaded with the first mail: a server that never mails does not pay its start-up time and memory.
    const nodemailer = (await import("nodemailer")).default;
    if (this.current?.settings === settings) return this.current.transporter;
    this.current?.transporter.close();
    const { host, port, secure, user, password } = settings.smtp;
    const ms = settings.timeout_seconds * 1000;
    const transporter = nodemailer.createTransport({
      host: host!,
      port,
      secure,
      auth: user ? { user, pass: password } : undefined,
      connectionTimeout: ms,
      greetingTimeout: ms,
      socketTimeout: ms,
      logger: false,
    });
    this.current = { settings, transporter };
    return transporter;
  }
}
