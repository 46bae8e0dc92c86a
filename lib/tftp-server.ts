// A read-only TFTP server: RFC 1350, with option negotiation (RFC 2347) for blksize (RFC 2348), timeout and
// tsize (RFC 2349). Each transfer answers from a socket of its own (its transfer ID), as RFC 1350 asks; a refusal
// is one error packet from the listening socket, so refused requests cost no socket and no timer.
// Bounded: transfers at once, retransmissions per packet, filename length; a name with a path in it is refused
// before the caller sees it. Which bytes a name gets is the caller's `read`; a domain error (lib/errors.ts) it
// throws becomes an error packet through TFTP_ERROR_OF, the one place such a mapping lives.
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { isIP } from "node:net";
import { Problem } from "./errors.ts";
import { normalizeIp } from "./ip.ts";
import { log } from "./log.ts";
import {
  ACK, DATA, DEFAULT_BLOCK_SIZE, ERROR, OACK, opcode, parseReadRequest, RequestError, RRQ, sendError, TFTP_ERROR_OF, TFTP_ERRORS, toNetascii, WRQ,
  type ParsedRequest, type RequestedOptions,
} from "./tftp-packets.ts";

export interface TftpLimits {
  /** Transfers at once; a request beyond them is refused with an error packet (the client retries later). */
  maxTransfers: number;
  /** How often one packet is sent again when its ACK does not come, before the transfer is given up. */
  retries: number;
  /** How long to wait for an ACK before sending again, unless the client asks for its own `timeout`. */
  timeoutMs: number;
  /** Longer file names are refused. */
  maxFilenameLength: number;
}

export const DEFAULT_TFTP_LIMITS: TftpLimits = { maxTransfers: 64, retries: 5, timeoutMs: 1000, maxFilenameLength: 128 };

export interface TftpReadRequest {
  /** The requested name, one leading "/" removed; never holds another "/", a "\" or "..". */
  filename: string;
  /** The client's address (IPv4-mapped IPv6 addresses as plain IPv4). */
  clientIp: string;
}

export interface TftpServerOptions {
  /** The bytes of a file; throw a Problem (lib/errors.ts) to refuse it with its message. */
  read(request: TftpReadRequest): Buffer | Promise<Buffer>;
  /** DEFAULT_TFTP_LIMITS where not given. */
  limits?: Partial<TftpLimits>;
}

export class TftpServer {
  private socket?: Socket;
  private readonly limits: TftpLimits;
  /** Transfers (and requests being read) by client address and port, so a repeated request starts nothing new. */
  private readonly transfers = new Map<string, Transfer | "reading">();
  private closed = false;

  constructor(private readonly options: TftpServerOptions) {
    this.limits = { ...DEFAULT_TFTP_LIMITS, ...options.limits };
  }

  /** Binds the listening socket (port 0: the system picks one, see `port`). Rejects with the bind error (EACCES, EADDRINUSE). */
  async listen(port: number, host: string): Promise<void> {
    const socket = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
    await new Promise<void>((ok, fail) => {
      socket.once("error", fail);
      socket.bind(port, host, () => {
        socket.off("error", fail);
        ok();
      });
    });
    socket.on("error", (err) => log.error(`tftp: ${err.message}`));
    socket.on("message", (msg, from) => this.onRequest(msg, from));
    this.socket = socket;
  }

  /** The bound port (undefined before listen). */
  get port(): number | undefined {
    return this.socket?.address().port;
  }

  /** Transfers in progress (requests being read count too). */
  get active(): number {
    return this.transfers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.transfers.values()) if (t !== "reading") t.finish();
    this.transfers.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((ok) => socket.close(() => ok()));
  }

  private onRequest(msg: Buffer, from: RemoteInfo): void {
    const socket = this.socket;
    if (!socket || msg.length < 2) return;
    const op = msg.readUInt16BE(0);
    // Never answer an error with an error (two confused hosts would bounce them forever).
    if (op === ERROR) return;
    const refuse = (code: number, message: string) => sendError(socket, from, code, message);
    if (op === WRQ) return refuse(TFTP_ERRORS.accessViolation, "This server is read-only");
    if (op !== RRQ) return refuse(TFTP_ERRORS.illegalOperation, "Expected a read request");
    const key = `${from.address}|${from.port}`;
    // The client sent its request again before our first answer reached it: that transfer answers it.
    if (this.transfers.has(key)) return;
    let request: ParsedRequest;
    try {
      request = parseReadRequest(msg, this.limits.maxFilenameLength);
    } catch (err) {
      if (err instanceof RequestError) return refuse(err.code, err.message);
      throw err;
    }
    if (this.transfers.size >= this.limits.maxTransfers) return refuse(TFTP_ERRORS.notDefined, "Too many transfers at once; try again shortly");
    this.transfers.set(key, "reading");
    const clientIp = normalizeIp(from.address);
    void (async () => {
      let file: Buffer;
      try {
        file = await this.options.read({ filename: request.filename, clientIp });
      } catch (err) {
        if (this.transfers.get(key) === "reading") this.transfers.delete(key);
        if (!this.closed) refuseWithError(socket, from, err, request.filename, clientIp);
        return;
      }
      if (this.closed) return;
      const transfer = new Transfer(from, request.netascii ? toNetascii(file) : file, request.options, this.limits, () => this.transfers.delete(key));
      this.transfers.set(key, transfer);
      try {
        await transfer.start(socket.address().address);
      } catch (err) {
        if (this.closed) return;
        log.error(`tftp: could not open a transfer socket for ${clientIp}: ${(err as Error).message}`);
        transfer.finish();
        refuse(TFTP_ERRORS.notDefined, "Internal server error");
      }
    })();
  }
}

/** One file to one client: OACK (when options were asked for) or block 1, then a block per ACK, each resent on timeout. */
class Transfer {
  private socket?: Socket;
  private readonly blockSize: number;
  private readonly timeoutMs: number;
  private readonly lastBlock: number;
  /** The block sent last and waiting for its ACK (0: the OACK). */
  private block = 0;
  private packet: Buffer = Buffer.alloc(0);
  private retriesLeft = 0;
  private timer?: NodeJS.Timeout;
  private done = false;

  constructor(
    private readonly client: RemoteInfo,
    private readonly file: Buffer,
    private readonly options: RequestedOptions,
    private readonly limits: TftpLimits,
    private readonly onFinish: () => void,
  ) {
    this.blockSize = options.blksize ?? DEFAULT_BLOCK_SIZE;
    this.timeoutMs = options.timeout ? options.timeout * 1000 : limits.timeoutMs;
    // A file that fills its last block exactly ends with an empty one (that is how the client knows it ended).
    this.lastBlock = Math.floor(file.length / this.blockSize) + 1;
  }

  async start(host: string): Promise<void> {
    const socket = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
    this.socket = socket;
    await new Promise<void>((ok, fail) => {
      socket.once("error", fail);
      socket.bind(0, host, () => {
        socket.off("error", fail);
        ok();
      });
    });
    socket.on("error", (err) => log.debug(`tftp: transfer to ${this.client.address}: ${err.message}`));
    socket.on("message", (msg, from) => this.onMessage(msg, from));
    if (this.done) return;
    const acknowledged = this.acknowledgedOptions();
    if (acknowledged.length) this.send(Buffer.concat([opcode(OACK), ...acknowledged.map((s) => Buffer.from(`${s}\0`, "latin1"))]));
    else this.sendBlock(1);
  }

  /** Option names and values to acknowledge, alternating. */
  private acknowledgedOptions(): string[] {
    const o = this.options;
    return [
      ...(o.blksize ? ["blksize", String(o.blksize)] : []),
      ...(o.timeout ? ["timeout", String(o.timeout)] : []),
      ...(o.tsize ? ["tsize", String(this.file.length)] : []),
    ];
  }

  private onMessage(msg: Buffer, from: RemoteInfo): void {
    if (!this.socket || this.done) return;
    if (from.address !== this.client.address || from.port !== this.client.port) {
      if (msg.length >= 2 && msg.readUInt16BE(0) !== ERROR) sendError(this.socket, from, TFTP_ERRORS.unknownTransferId, "Unknown transfer ID");
      return;
    }
    if (msg.length < 4) return;
    const op = msg.readUInt16BE(0);
    if (op === ERROR) return this.finish();
    if (op !== ACK) {
      sendError(this.socket, from, TFTP_ERRORS.illegalOperation, "Expected an ACK");
      return this.finish();
    }
    // An ACK of an earlier block is a duplicate: answering it too would send every later block twice
    // (RFC 1123's "Sorcerer's Apprentice"), so only the ACK of the block in flight moves the transfer on.
    if (msg.readUInt16BE(2) !== (this.block & 0xffff)) return;
    if (this.block === this.lastBlock) return this.finish();
    this.sendBlock(this.block + 1);
  }

  private sendBlock(n: number): void {
    const start = (n - 1) * this.blockSize;
    const header = opcode(DATA, 4);
    header.writeUInt16BE(n & 0xffff, 2);
    this.block = n;
    this.send(Buffer.concat([header, this.file.subarray(start, start + this.blockSize)]));
  }

  private send(packet: Buffer): void {
    this.packet = packet;
    this.retriesLeft = this.limits.retries;
    this.transmit();
  }

  private transmit(): void {
    clearTimeout(this.timer);
    this.socket?.send(this.packet, this.client.port, this.client.address);
    this.timer = setTimeout(() => {
      if (this.retriesLeft-- > 0) return this.transmit();
      log.debug(`tftp: ${this.client.address} stopped answering at block ${this.block}; transfer given up`);
      this.finish();
    }, this.timeoutMs);
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.onFinish();
  }
}

/** The error packet for what `read` threw: a domain error with its message, anything else logged once. */
function refuseWithError(socket: Socket, to: RemoteInfo, err: unknown, filename: string, clientIp: string): void {
  if (err instanceof Problem) return sendError(socket, to, TFTP_ERROR_OF[err.kind], err.message);
  log.error(`tftp: reading ${filename} for ${clientIp} failed: ${(err as Error)?.stack ?? String(err)}`);
  sendError(socket, to, TFTP_ERRORS.notDefined, "Internal server error");
}

