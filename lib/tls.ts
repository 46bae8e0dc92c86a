// TLS for a server: its PEM files read with errors that name the file, re-read when they change (a renewed
// certificate is picked up without a restart), and what a request's client certificate proves.
import { X509Certificate } from "node:crypto";
import { readFileSync, unwatchFile, watchFile } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createSecureContext, TLSSocket, type SecureContextOptions } from "node:tls";

export interface PemFiles {
  cert: string;
  key: string;
  /** CAs that sign client certificates; when given, clients are asked for one. */
  ca?: string;
}

/** A file that cannot be read or used, in one line naming it. */
export class TlsFileError extends Error {}

/** Reads the files and checks that they make a usable context (a key that fits the certificate, PEM that parses). */
export function readPemFiles(files: PemFiles): SecureContextOptions {
  const read = (what: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === "ENOENT" ? "no such file" : e.code === "EACCES" ? "permission denied" : e.code === "EISDIR" ? "it is a folder" : e.message;
      throw new TlsFileError(`cannot read the TLS ${what} ${path}: ${why}`);
    }
  };
  const options = { cert: read("certificate", files.cert), key: read("private key", files.key), ca: files.ca === undefined ? undefined : read("client CA bundle", files.ca) };
  // Tried one at a time, so the line names the file that is wrong.
  const usable = (what: string, path: string, o: SecureContextOptions) => {
    try {
      createSecureContext(o);
    } catch (err) {
      throw new TlsFileError(`the TLS ${what} ${path} cannot be used: ${oneLineMessage(err)}`);
    }
  };
  usable("certificate", files.cert, { cert: options.cert });
  usable("private key", files.key, { key: options.key, cert: options.cert });
  if (files.ca !== undefined) {
    usable("client CA bundle", files.ca, { ca: options.ca });
    // OpenSSL skips what is not a certificate in a CA bundle: a bundle of nothing would refuse every phone.
    const found = certificatesIn(options.ca!.toString("latin1"));
    if (!found.length) throw new TlsFileError(`the TLS client CA bundle ${files.ca} cannot be used: it holds no PEM certificate`);
    for (const pem of found) {
      try {
        new X509Certificate(pem);
      } catch (err) {
        throw new TlsFileError(`the TLS client CA bundle ${files.ca} cannot be used: ${oneLineMessage(err)}`);
      }
    }
  }
  return options;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g;

function certificatesIn(bundle: string): string[] {
  return bundle.match(PEM_CERTIFICATE) ?? [];
}

function oneLineMessage(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0];
}

/**
 * Calls `onChange` when any of the files changes (polled: certbot and friends replace files and symlinks, which a
 * folder watch can miss). Returns the function that stops watching.
 */
export function watchPemFiles(files: PemFiles, onChange: () => void, intervalMs: number): () => void {
  const paths = [files.cert, files.key, ...(files.ca === undefined ? [] : [files.ca])];
  const listener = (now: { mtimeMs: number; size: number; ino: number }, before: { mtimeMs: number; size: number; ino: number }) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) onChange();
  };
  for (const p of paths) watchFile(p, { interval: intervalMs, persistent: false }, listener);
  return () => {
    for (const p of paths) unwatchFile(p, listener);
  };
}

/** What a request's client certificate says: undefined when the request did not come over TLS. */
export interface ClientCertificate {
  /** Verified against the CAs the server trusts. */
  verified: boolean;
  /** Why not (OpenSSL's code, e.g. UNABLE_TO_GET_ISSUER_CERT_LOCALLY), or that none was presented. */
  problem?: string;
  /** Its subject's attributes (CN, OU, L, ST, …), when one was presented. */
  subject?: Record<string, string | string[]>;
}

export function clientCertificate(req: IncomingMessage): ClientCertificate | undefined {
  const socket = req.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  const peer = socket.getPeerCertificate();
  const presented = peer !== null && Object.keys(peer).length > 0;
  if (!presented) return { verified: false, problem: "no client certificate was presented" };
  const subject = { ...(peer.subject as unknown as Record<string, string | string[]>) };
  return socket.authorized ? { verified: true, subject } : { verified: false, problem: String(socket.authorizationError ?? "not verified"), subject };
}
