// TFTP clients for tests: curl's tftp:// and Debian's tftp-hpa (real clients, not ours), and a raw UDP client that
// sends exactly the packets a test needs (a lost ACK, a request from a second port, a write request).
import { execFile, spawnSync } from "node:child_process";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ClientResult {
  /** The process's exit code (curl: 68 file not found, 69 access violation). */
  code: number;
  body: Buffer;
  stderr: string;
}

/** curl tftp://127.0.0.1:<port>/<file> with extra arguments (e.g. --tftp-blksize 1024). Asynchronous: the server shares this process. */
export function curlTftp(port: number, file: string, args: string[] = []): Promise<ClientResult> {
  return new Promise((done) => {
    execFile("curl", ["-sS", "--max-time", "20", ...args, `tftp://127.0.0.1:${port}/${file}`], { encoding: "buffer", timeout: 30_000 }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, body: stdout, stderr: stderr.toString() }));
  });
}

const hasTftpHpa = spawnSync("tftp", ["-V"], { timeout: 10_000 }).error === undefined;

/** Why the tftp-hpa tests cannot run here, or undefined when they can. */
export function tftpHpaMissing(): string | undefined {
  if (hasTftpHpa) return undefined;
  if (process.getuid?.() === 0) throw new Error("tftp is missing although we are root: make test installs it (Makefile TEST_TOOLS tftp:tftp-hpa)");
  return "tftp is missing (Debian package tftp-hpa; make test installs it when run as root)";
}

/**
 * tftp-hpa's `tftp <host> <port> -c get <file>` in `mode` (binary = octet). tftp-hpa exits 0 even on an error
 * packet, so a test reads the error from stderr/stdout ("Error code 2: …") and the file from `body`.
 */
export function tftpHpaGet(port: number, file: string, mode: "binary" | "ascii" = "binary", extra: string[] = []): Promise<ClientResult & { output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-tftp-"));
  const target = join(dir, "got");
  return new Promise((done) => {
    execFile("tftp", ["-m", mode, ...extra, "127.0.0.1", String(port), "-c", "get", file, target], { timeout: 30_000 }, (err, stdout, stderr) => {
      let body = Buffer.alloc(0);
      try {
        body = readFileSync(target);
      } catch {
        // no file: the server refused
      }
      rmSync(dir, { recursive: true, force: true });
      done({ code: err ? 1 : 0, body, stderr, output: `${stdout}${stderr}` });
    });
  });
}

export const OP = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

export interface Packet {
  op: number;
  /** DATA/ACK: the block number; ERROR: the error code. */
  number: number;
  /** DATA: the bytes; ERROR: the message; OACK: the options as `name\0value\0…`. */
  payload: Buffer;
  from: RemoteInfo;
}

/** A read (or write) request: `filename\0mode\0[option\0value\0]…`. */
export function request(filename: string, o: { op?: number; mode?: string; options?: Record<string, string | number> } = {}): Buffer {
  const fields = [filename, o.mode ?? "octet", ...Object.entries(o.options ?? {}).flat().map(String)];
  const head = Buffer.alloc(2);
  head.writeUInt16BE(o.op ?? OP.RRQ);
  return Buffer.concat([head, Buffer.from(fields.map((f) => `${f}\0`).join(""), "latin1")]);
}

export function ack(block: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(OP.ACK, 0);
  b.writeUInt16BE(block, 2);
  return b;
}

/** An OACK's options as a map. */
export function optionsOf(p: Packet): Record<string, string> {
  const fields = p.payload.toString("latin1").split("\0").slice(0, -1);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]] = fields[i + 1];
  return out;
}

/** A UDP socket that queues what it receives; `next` waits for the next packet (rejects after `ms`). */
export class RawTftpClient {
  private readonly socket: Socket = createSocket("udp4");
  private readonly queue: Packet[] = [];
  private waiting?: (p: Packet) => void;

  private constructor() {
    this.socket.on("message", (msg, from) => {
      const op = msg.readUInt16BE(0);
      const packet: Packet = {
        op,
        number: msg.length >= 4 && op !== OP.OACK ? msg.readUInt16BE(2) : 0,
        payload: op === OP.OACK ? msg.subarray(2) : op === OP.ERROR ? msg.subarray(4, msg.length - 1) : msg.subarray(4),
        from,
      };
      if (this.waiting) this.waiting(packet);
      else this.queue.push(packet);
    });
  }

  static async open(): Promise<RawTftpClient> {
    const c = new RawTftpClient();
    await new Promise<void>((ok) => c.socket.bind(0, "127.0.0.1", ok));
    return c;
  }

  send(packet: Buffer, port: number): void {
    this.socket.send(packet, port, "127.0.0.1");
  }

  next(ms = 5000): Promise<Packet> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        fail(new Error(`no packet within ${ms} ms`));
      }, ms);
      this.waiting = (p) => {
        clearTimeout(timer);
        this.waiting = undefined;
        ok(p);
      };
    });
  }

  /** Whether a packet arrives within `ms` (false: silence). */
  async receivesWithin(ms: number): Promise<Packet | undefined> {
    return this.next(ms).catch(() => undefined);
  }

  /** Reads a whole file from `port` (ACKing each block), after sending `request`; returns the file and the DATA packets. */
  async download(port: number, req: Buffer): Promise<{ file: Buffer; blocks: Packet[]; oack?: Packet }> {
    this.send(req, port);
    const blocks: Packet[] = [];
    let first = await this.next();
    let oack: Packet | undefined;
    let blockSize = 512;
    if (first.op === OP.OACK) {
      oack = first;
      blockSize = Number(optionsOf(first).blksize ?? 512);
      this.send(ack(0), first.from.port);
      first = await this.next();
    }
    for (let p = first; ; p = await this.next()) {
      if (p.op !== OP.DATA) throw new Error(`expected DATA, got op ${p.op} ${p.payload.toString()}`);
      blocks.push(p);
      this.send(ack(p.number), p.from.port);
      if (p.payload.length < blockSize) break;
    }
    return { file: Buffer.concat(blocks.map((b) => b.payload)), blocks, oack };
  }

  close(): void {
    this.socket.close();
  }
}
