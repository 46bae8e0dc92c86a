// TFTP's wire format (RFC 1350, options of RFC 2347-2349): opcodes, error codes, the read request, the packets a
// server sends, netascii. lib/tftp-server.ts holds the transfers.
import type { RemoteInfo, Socket } from "node:dgram";
import type { ProblemKind } from "./errors.ts";

export const RRQ = 1;
export const WRQ = 2;
export const DATA = 3;
export const ACK = 4;
export const ERROR = 5;
export const OACK = 6;

/** The RFC 1350 error codes this server sends. */
export const TFTP_ERRORS = { notDefined: 0, fileNotFound: 1, accessViolation: 2, illegalOperation: 4, unknownTransferId: 5 } as const;

/** The one place a domain error becomes a TFTP error code (what STATUS_OF is for HTTP). */
export const TFTP_ERROR_OF: Record<ProblemKind, number> = {
  malformed: TFTP_ERRORS.illegalOperation,
  invalid: TFTP_ERRORS.illegalOperation,
  unauthenticated: TFTP_ERRORS.accessViolation,
  forbidden: TFTP_ERRORS.accessViolation,
  not_found: TFTP_ERRORS.fileNotFound,
  conflict: TFTP_ERRORS.notDefined,
  rate_limited: TFTP_ERRORS.notDefined,
  upstream: TFTP_ERRORS.notDefined,
  unavailable: TFTP_ERRORS.notDefined,
};

/** RFC 2348's range; 512 (RFC 1350) unless a client asks for another. */
export const MIN_BLOCK_SIZE = 8;
export const MAX_BLOCK_SIZE = 65464;
export const DEFAULT_BLOCK_SIZE = 512;
/** RFC 2347: a request packet, options included, is at most 512 bytes. */
const MAX_REQUEST_BYTES = 512;
/** An error message is cut here (a client shows it in one line). */
const MAX_ERROR_MESSAGE = 200;

/** Thrown for what the request itself gets wrong, before `read` sees it. */
export class RequestError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

export interface RequestedOptions {
  blksize?: number;
  timeout?: number;
  tsize?: boolean;
}

export interface ParsedRequest {
  filename: string;
  netascii: boolean;
  options: RequestedOptions;
}

/** `RRQ filename\0 mode\0 [option\0 value\0]…`; unknown or out-of-range options are left out of the answer (RFC 2347). */
export function parseReadRequest(msg: Buffer, maxFilenameLength: number): ParsedRequest {
  if (msg.length > MAX_REQUEST_BYTES) throw new RequestError(TFTP_ERRORS.illegalOperation, "Request longer than 512 bytes");
  const fields = msg.subarray(2).toString("latin1").split("\0");
  // A well-formed request ends with \0, so the last field is empty.
  if (fields.length < 3 || fields.pop() !== "") throw new RequestError(TFTP_ERRORS.illegalOperation, "Malformed read request");
  const [rawName, rawMode, ...pairs] = fields;
  const mode = rawMode.toLowerCase();
  if (mode !== "octet" && mode !== "netascii") throw new RequestError(TFTP_ERRORS.illegalOperation, `Unsupported mode "${rawMode.slice(0, 20)}" (octet or netascii)`);
  const filename = rawName.startsWith("/") ? rawName.slice(1) : rawName;
  if (filename.length === 0 || filename.length > maxFilenameLength) throw new RequestError(TFTP_ERRORS.illegalOperation, `A file name has 1 to ${maxFilenameLength} characters`);
  // Only names of files in one flat folder: no path, no parent, nothing a log line or a shell would misread.
  if (/[/\\]|\.\.|[^\x21-\x7e]/.test(filename)) throw new RequestError(TFTP_ERRORS.accessViolation, "Only a plain file name is served (no folders, no \"..\")");
  const options: RequestedOptions = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = pairs[i].toLowerCase();
    const value = /^\d{1,6}$/.test(pairs[i + 1]) ? Number(pairs[i + 1]) : NaN;
    if (name === "blksize" && value >= MIN_BLOCK_SIZE) options.blksize ??= Math.min(value, MAX_BLOCK_SIZE);
    else if (name === "timeout" && value >= 1 && value <= 255) options.timeout ??= value;
    else if (name === "tsize" && value === 0) options.tsize = true;
  }
  return { filename, netascii: mode === "netascii", options };
}

export function opcode(op: number, size = 2): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt16BE(op, 0);
  return b;
}

export function sendError(socket: Socket, to: RemoteInfo, code: number, message: string): void {
  const header = opcode(ERROR, 4);
  header.writeUInt16BE(code, 2);
  const text = Buffer.from(message.slice(0, MAX_ERROR_MESSAGE), "utf8");
  socket.send(Buffer.concat([header, text, Buffer.alloc(1)]), to.port, to.address);
}

/** RFC 764's NVT ASCII, as netascii mode sends text: a line ends with CR LF, and a lone CR is CR NUL. */
export function toNetascii(file: Buffer): Buffer {
  const out: number[] = [];
  for (const byte of file) {
    if (byte === 0x0a) out.push(0x0d, 0x0a);
    else if (byte === 0x0d) out.push(0x0d, 0x00);
    else out.push(byte);
  }
  return Buffer.from(out);
}
