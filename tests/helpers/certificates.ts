// Certificates made by openssl for HTTPS tests, and curl as the HTTPS client: neither is our code.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KeyPair {
  cert: string;
  key: string;
}

export interface Pki {
  dir: string;
  /** A CA's certificate and key (the test's stand-in for Cisco's manufacturing CA). */
  ca: KeyPair;
  /** A certificate for 127.0.0.1 and localhost, signed by `ca`, with this CN. */
  server(name: string): KeyPair;
  /** A client certificate with this subject (openssl -subj form), signed by `ca` or by `issuer`. */
  client(name: string, subject: string, issuer?: KeyPair): KeyPair;
  /** Another self-signed CA, which the server does not trust. */
  otherCa(name: string): KeyPair;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

function makeCa(dir: string, name: string): KeyPair {
  const pair = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/O=Test/CN=${name}`, "-keyout", pair.key, "-out", pair.cert]);
  return pair;
}

function sign(dir: string, name: string, subject: string, issuer: KeyPair, extensions: string): KeyPair {
  const pair = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(dir, ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject, "-keyout", pair.key, "-out", csr]);
  openssl(dir, ["x509", "-req", "-in", csr, "-CA", issuer.cert, "-CAkey", issuer.key, "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", pair.cert]);
  return pair;
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-pki-"));
  const ca = makeCa(dir, "test-ca");
  return {
    dir,
    ca,
    server: (name) => sign(dir, name, `/CN=${name}`, ca, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"),
    client: (name, subject, issuer = ca) => sign(dir, name, subject, issuer, "extendedKeyUsage=clientAuth\n"),
    otherCa: (name) => makeCa(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CurlResult {
  status: number;
  body: string;
  /** curl's -v trace (the server certificate's subject is in it). */
  trace: string;
}

/** curl over HTTPS, trusting `ca`, presenting `client` when given. */
export function curl(url: string, o: { ca: string; client?: KeyPair; method?: string; body?: string; headers?: Record<string, string> }): Promise<CurlResult> {
  const args = ["-sS", "-v", "--cacert", o.ca, "-o", "-", "-w", "\n%{http_code}", "-X", o.method ?? "GET"];
  if (o.client) args.push("--cert", o.client.cert, "--key", o.client.key);
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`);
  if (o.body !== undefined) args.push("--data-binary", o.body);
  args.push(url);
  return new Promise((done, fail) => {
    execFile("curl", args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err && !stdout) return fail(new Error(`curl failed: ${stderr}`));
      const cut = stdout.lastIndexOf("\n");
      done({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut), trace: stderr });
    });
  });
}
