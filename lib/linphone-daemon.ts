// A client of linphone-daemon's command socket (`linphone-daemon --pipe NAME` listens on the UNIX socket /tmp/NAME).
// A command is one line; the answer is "Key: value" lines: "Status: Ok" or "Status: Error" with "Reason: …", and
// after a blank line the command's own fields (`message` answers "Id: …"). The daemon marks no end of an answer,
// so the caller says which fields complete it. It serves one client at a time and drops any other connection at
// once (also one that arrives before it noticed the previous client leave), so commands run one after the other
// and a connection dropped before any answer is tried again.
import { createConnection, type Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";

export type DaemonFailure = "unreachable" | "no-answer" | "timeout" | "too-large" | "busy";

export class DaemonError extends Error {
  /** `nothingReceived`: the connection ended before a single byte came back (the daemon dropped it unread). */
  constructor(readonly failure: DaemonFailure, message: string, readonly nothingReceived = false) {
    super(message);
  }
}

export interface DaemonCommand {
  /** The daemon's UNIX socket. */
  socketPath: string;
  /** The command, one line without its line end: `message sip:alice@example.com Hello`. */
  line: string;
  /** The whole request may take this long, waiting for its turn included. */
  timeoutMs: number;
  /** The answer is complete once these fields are read. */
  complete(fields: ReadonlyMap<string, string>): boolean;
}

/** An answer larger than this is no answer to one command (the daemon's own read buffer is 32 KB). */
const MAX_ANSWER_BYTES = 16 * 1024;
/** Commands waiting for their turn beyond this are refused at once. */
const MAX_WAITING = 32;
const RETRY_DELAY_MS = 100;
const MAX_ATTEMPTS = 3;

export class LinphoneDaemonClient {
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private readonly sockets = new Set<Socket>();
  private closed = false;

  /** Sends one command and resolves with the fields of its answer (the first value of each key). */
  send(command: DaemonCommand): Promise<ReadonlyMap<string, string>> {
    if (/[\r\n\0]/.test(command.line)) throw new TypeError("a linphone-daemon command is one line");
    if (this.closed) return Promise.reject(new DaemonError("unreachable", "The server is stopping."));
    if (this.waiting >= MAX_WAITING) return Promise.reject(new DaemonError("busy", "Too many commands are waiting for the linphone daemon."));
    const deadline = Date.now() + command.timeoutMs;
    this.waiting++;
    const run = this.queue.then(() => this.attempts(command, deadline)).finally(() => this.waiting--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends every connection; commands still waiting fail. */
  close(): void {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
  }

  private async attempts(command: DaemonCommand, deadline: number): Promise<ReadonlyMap<string, string>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(command, deadline);
      } catch (err) {
        const dropped = err instanceof DaemonError && err.nothingReceived && !this.closed;
        if (!dropped || attempt >= MAX_ATTEMPTS || Date.now() + RETRY_DELAY_MS >= deadline) throw err;
        await new Promise((ok) => setTimeout(ok, RETRY_DELAY_MS));
      }
    }
  }

  private once(command: DaemonCommand, deadline: number): Promise<ReadonlyMap<string, string>> {
    const seconds = `${Math.round(command.timeoutMs / 100) / 10} s`;
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new DaemonError("unreachable", "The server is stopping."));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return reject(new DaemonError("timeout", `The linphone daemon did not answer within ${seconds}.`));
      const fields = new Map<string, string>();
      const decoder = new StringDecoder("utf8");
      let pending = "";
      let bytes = 0;
      let done = false;
      const socket = createConnection(command.socketPath);
      this.sockets.add(socket);
      const finish = (err?: DaemonError) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket.destroy();
        this.sockets.delete(socket);
        if (err) reject(err);
        else resolve(fields);
      };
      const timer = setTimeout(() => finish(new DaemonError("timeout", `The linphone daemon did not answer within ${seconds}.`)), remaining);
      const readLines = (text: string) => {
        pending += text;
        for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
          addField(fields, pending.slice(0, end));
          pending = pending.slice(end + 1);
        }
      };
      socket.on("connect", () => socket.write(`${command.line}\n`));
      socket.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES) return finish(new DaemonError("too-large", `The linphone daemon's answer is larger than ${MAX_ANSWER_BYTES} bytes.`));
        readLines(decoder.write(chunk));
        if (command.complete(fields)) finish();
      });
      socket.on("error", (err: NodeJS.ErrnoException) => {
        const unreachable = ["ENOENT", "ECONNREFUSED", "ENOTSOCK", "EACCES", "ENOTDIR"].includes(err.code ?? "");
        finish(unreachable
          ? new DaemonError("unreachable", `The linphone daemon is not reachable (${err.code}).`)
          : new DaemonError("no-answer", `The linphone daemon closed the connection without an answer (${err.code ?? err.message}).`, bytes === 0));
      });
      socket.on("close", () => {
        readLines(`${decoder.end()}\n`);
        finish(fields.has("Status") ? undefined : new DaemonError("no-answer", "The linphone daemon closed the connection without an answer.", bytes === 0));
      });
    });
  }
}

/** "Key: value" (the value trimmed); other lines (the blank one between status and body) carry nothing. */
function addField(fields: Map<string, string>, line: string): void {
  const colon = line.indexOf(":");
  if (colon <= 0) return;
  const key = line.slice(0, colon).trim();
  if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
}
