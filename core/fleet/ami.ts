// SIP NOTIFY check-sync through an Asterisk manager (AMI), the second resync/reboot transport (README "Remote
// resync and reboot"): one TCP connection per bulk job — the banner, Action: Login, then one Action: PJSIPNotify
// per phone (Endpoint = the phone's line-1 User_ID, Variable: Event=check-sync, plus reboot=true to reboot),
// answered by Response: Success or Error, matched by ActionID. Events the manager sends in between are ignored.
import { connect, type Socket } from "node:net";
import type { AmiSettings } from "../config/resync-settings.ts";
import { UpstreamFailed } from "../../lib/errors.ts";
import type { ActionOutcome, PhoneAction } from "./direct-action.ts";

/** A manager that sends more than this without ending a message is not an AMI. */
const MESSAGE_LIMIT = 64 * 1024;

type Message = Map<string, string>;

function parseMessage(text: string): Message {
  const m: Message = new Map();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) m.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return m;
}

/** CR and LF would start a header of their own: a value never carries them. */
const field = (value: string) => value.replace(/[\r\n]/g, " ");

export class AmiConnection {
  private buffer = "";
  private bannerSeen = false;
  private nextId = 1;
  private waiting = new Map<string, { resolve: (m: Message) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private failure?: Error;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.receive(chunk));
    socket.on("error", (err) => this.fail(new UpstreamFailed(`Asterisk manager: ${err.message}`)));
    socket.on("close", () => this.fail(new UpstreamFailed("Asterisk manager closed the connection")));
  }

  /** Connects and logs in; UpstreamFailed when the manager cannot be reached or refuses the login. */
  static async open(s: AmiSettings, timeoutMs: number): Promise<AmiConnection> {
    const socket = connect({ host: s.host, port: s.port });
    const ami = new AmiConnection(socket, timeoutMs);
    let login: Message;
    try {
      login = await ami.send({ Action: "Login", Username: s.username, Secret: s.secret });
    } catch (err) {
      ami.close();
      throw err;
    }
    if (login.get("response")?.toLowerCase() !== "success") {
      ami.close();
      throw new UpstreamFailed(`Asterisk manager at ${s.host}:${s.port} refused the login: ${login.get("message") ?? "no reason given"}`);
    }
    return ami;
  }

  async notify(endpoint: string, action: PhoneAction): Promise<ActionOutcome> {
    try {
      const m = await this.send({ Action: "PJSIPNotify", Endpoint: endpoint, Variable: action === "reboot" ? "Event=check-sync;reboot=true" : "Event=check-sync" });
      const ok = m.get("response")?.toLowerCase() === "success";
      return { ok, answer: `${m.get("response") ?? "no response"}${m.get("message") ? `: ${m.get("message")}` : ""}` };
    } catch (err) {
      return { ok: false, answer: (err as Error).message };
    }
  }

  /** Logs off; a manager that does not close its side within a second is cut off. */
  close(): void {
    const open = !this.failure && this.socket.writable;
    this.fail(new UpstreamFailed("Asterisk manager connection closed"));
    if (!open) return void this.socket.destroy();
    this.socket.end("Action: Logoff\r\n\r\n");
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private send(fields: Record<string, string>): Promise<Message> {
    if (this.failure) return Promise.reject(this.failure);
    const id = String(this.nextId++);
    const text = Object.entries({ ...fields, ActionID: id }).map(([k, v]) => `${k}: ${field(v)}\r\n`).join("") + "\r\n";
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new UpstreamFailed(`Asterisk manager did not answer ${fields.Action} within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.socket.write(text);
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    if (!this.bannerSeen) {
      const eol = this.buffer.indexOf("\r\n");
      if (eol < 0) return;
      this.bannerSeen = true; // "Asterisk Call Manager/…"
      this.buffer = this.buffer.slice(eol + 2);
    }
    for (let end = this.buffer.indexOf("\r\n\r\n"); end >= 0; end = this.buffer.indexOf("\r\n\r\n")) {
      const m = parseMessage(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 4);
      const w = this.waiting.get(m.get("actionid") ?? "");
      if (!w || !m.has("response")) continue;
      clearTimeout(w.timer);
      this.waiting.delete(m.get("actionid")!);
      w.resolve(m);
    }
    if (this.buffer.length > MESSAGE_LIMIT) {
      this.fail(new UpstreamFailed("Asterisk manager sent an over-long message"));
      this.socket.destroy();
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(this.failure);
    }
    this.waiting.clear();
  }
}
