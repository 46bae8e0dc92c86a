// A stand-in for linphone-daemon's command socket (`linphone-daemon --pipe NAME`), speaking its line protocol: a
// command per line, answered "Status: Ok" + blank line + "Id: …" for `message`, or "Status: Error" + "Reason: …".
// Like the real one it serves one client at a time and drops any other connection at once. `behaviour` makes it
// misbehave the ways a daemon can: silent, hanging up, answering in pieces, flooding.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type DaemonBehaviour = "normal" | "silent" | "hang-up" | "in-pieces" | "flood";

export interface SentMessage {
  uri: string;
  text: string;
}

export class FakeLinphoneDaemon {
  behaviour: DaemonBehaviour = "normal";
  /** When set, every `message` is refused with this reason (what the daemon says when liblinphone fails). */
  refuseWith?: string;
  /** Every command line received, in order. */
  readonly commands: string[] = [];
  readonly messages: SentMessage[] = [];
  /** Connections dropped because another client was being served. */
  dropped = 0;
  private client?: Socket;
  private readonly dir = mkdtempSync(join(tmpdir(), "fake-linphone-daemon-"));
  readonly socketPath = join(this.dir, "daemon.sock");
  private readonly server: Server = createServer((socket) => this.accept(socket));

  static async start(): Promise<FakeLinphoneDaemon> {
    const daemon = new FakeLinphoneDaemon();
    await new Promise<void>((ok) => daemon.server.listen(daemon.socketPath, ok));
    return daemon;
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise<void>((ok) => this.server.close(() => ok()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private accept(socket: Socket): void {
    if (this.client) {
      this.dropped++;
      socket.destroy();
      return;
    }
    this.client = socket;
    let pending = "";
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      pending += text;
      for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
        this.execute(socket, pending.slice(0, end));
        pending = pending.slice(end + 1);
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      if (this.client === socket) this.client = undefined;
    });
  }

  private execute(socket: Socket, line: string): void {
    this.commands.push(line);
    if (this.behaviour === "silent") return;
    if (this.behaviour === "hang-up") return void socket.destroy();
    if (this.behaviour === "flood") return void socket.write(`Status: Ok\n\n${"Noise: x\n".repeat(4000)}`);
    const answer = this.answer(line);
    if (this.behaviour === "in-pieces") {
      const cut = Math.floor(answer.length / 2);
      socket.write(answer.slice(0, 3));
      setTimeout(() => socket.write(answer.slice(3, cut)), 30);
      setTimeout(() => socket.write(answer.slice(cut)), 60);
      return;
    }
    socket.write(answer);
  }

  /** The daemon's answer to one command line (daemon.cc execCommand, commands/message.cc). */
  private answer(line: string): string {
    const name = line.split(" ", 1)[0];
    const args = line.slice(name.length + 1);
    if (name !== "message") return error("Unknown command.");
    const uri = args.split(" ", 1)[0];
    if (!uri) return error("Missing uri parameter.");
    if (!/^sips?:([^@\s]+@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(:\d+)?$/.test(uri)) return error("Bad sip uri.");
    if (this.refuseWith) return error(this.refuseWith);
    this.messages.push({ uri, text: args.slice(uri.length + 1) });
    return `Status: Ok\n\nId: ${randomBytes(6).toString("base64url")}\n\n`;
  }
}

const error = (reason: string) => `Status: Error\nReason: ${reason}\n`;
