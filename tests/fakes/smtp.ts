// An SMTP server for tests (smtp-server speaks the real protocol to nodemailer): every mail that arrives is kept,
// with its envelope and its text decoded. It can ask for AUTH, refuse recipients as a failing server does, or
// stay silent after the connection (a server that hangs).
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header name (lower case) → value, unfolded and decoded. */
  headers: Map<string, string>;
  subject: string;
  /** The body, its transfer encoding undone. */
  text: string;
  raw: string;
  /** The user that authenticated, if any. */
  user?: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  mails: ReceivedMail[];
  /** The next mail to arrive (or one that arrived and was not taken yet). */
  nextMail(timeoutMs?: number): Promise<ReceivedMail>;
  /** From now on: "accept", "refuse" (451 on RCPT TO, a server that cannot take mail now). */
  mode: "accept" | "refuse";
  close(): Promise<void>;
}

export async function startSmtpSink(o: { user?: string; password?: string } = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let taken = 0;
  const waiting: ((m: ReceivedMail) => void)[] = [];
  const state = { mode: "accept" as SmtpSink["mode"] };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: o.user ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !o.user,
    allowInsecureAuth: true,
    size: 1024 * 1024,
    onAuth(auth, _session, cb) {
      if (auth.username === o.user && auth.password === o.password) return cb(null, { user: auth.username });
      cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (state.mode === "refuse") return cb(Object.assign(new Error("Try again later"), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail = parseMail(Buffer.concat(chunks).toString("utf8"));
        mail.envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mail.envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        mail.user = session.user as string | undefined;
        mails.push(mail);
        const w = waiting.shift();
        if (w) {
          taken++;
          w(mail);
        }
        cb();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    mails,
    nextMail(timeoutMs = 5000) {
      if (taken < mails.length) return Promise.resolve(mails[taken++]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no mail arrived")), timeoutMs);
        waiting.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      });
    },
    get mode() {
      return state.mode;
    },
    set mode(v) {
      state.mode = v;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** A TCP server that accepts connections and never says a word (no SMTP greeting): a hung mail server. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** A port where nothing listens (taken and released at once): connection refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function parseMail(raw: string): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const body = raw.slice(split + 4);
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const text = encoding === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
    : encoding === "quoted-printable" ? decodeQuotedPrintable(body)
    : body;
  return { envelopeFrom: "", envelopeTo: [], headers, subject: headers.get("subject") ?? "", text: text.replace(/\r\n/g, "\n").replace(/\n$/, ""), raw };
}

/** RFC 2045 quoted-printable: soft line breaks and =XX bytes. */
function decodeQuotedPrintable(s: string): string {
  const soft = s.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** RFC 2047 encoded words (=?UTF-8?B|Q?…?=) in a header. */
function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=\s*/gi, (_m, _charset: string, kind: string, data: string) =>
    kind.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")));
}
