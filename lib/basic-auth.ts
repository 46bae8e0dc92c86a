// HTTP Basic credentials, constant-time comparison, scrypt password hashes, failure limiters and a short memory of
// verified credentials.
import { createHash, createHmac, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface BasicCredentials {
  username: string;
  password: string;
}

export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Compares two secrets without leaking where they differ or (through hashing first) their lengths. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

// Format: scrypt$N$r$p$<salt base64>$<hash base64>
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function isPasswordHash(stored: string): boolean {
  return /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(stored);
}

/**
 * Checks a password against a stored scrypt hash or, for compatibility, a plaintext password. scrypt runs on
 * libuv's thread pool (tens of milliseconds of CPU), so the event loop keeps answering meanwhile.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (!isPasswordHash(stored)) return safeEqual(password, stored);
  const [, n, r, p, salt, hash] = stored.split("$");
  const expected = Buffer.from(hash, "base64");
  const actual = await new Promise<Buffer>((resolve, reject) => {
    const options: ScryptOptions = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) };
    scrypt(password, Buffer.from(salt, "base64"), expected.length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
  return timingSafeEqual(actual, expected);
}

/** Counts failures per key in a sliding window; blocked keys stay blocked for `blockMs`. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly blockMs = 60_000,
  ) {}

  isBlocked(key: string, now = Date.now()): boolean {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.blockedUntil.delete(key);
    return false;
  }

  /** Whole seconds until a blocked key may try again (0 when it is not blocked): a 429's Retry-After. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const until = this.blockedUntil.get(key);
    return until === undefined || until <= now ? 0 : Math.ceil((until - now) / 1000);
  }

  recordFailure(key: string, now = Date.now()): void {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    if (recent.length > this.maxFailures) {
      this.blockedUntil.set(key, now + this.blockMs);
      this.failures.delete(key);
    } else {
      this.failures.set(key, recent);
    }
    if (this.failures.size > 10_000) this.failures.clear(); // bounded memory under a spray of addresses
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

/**
 * Sign-in failures counted per client address and per username, in two limiters so that a spray of usernames cannot
 * crowd out the addresses' counts. Either one over its limit refuses the next try. A success clears only its own
 * username's count, never the address's: otherwise one known password (a monitoring account's, which sits in
 * Prometheus' config) would buy unlimited guesses at every other account from the same address.
 */
export class SignInLimiter {
  private readonly addresses: FailureLimiter;
  private readonly usernames: FailureLimiter;

  constructor(maxFailures = 10, windowMs = 60_000, blockMs = 60_000) {
    this.addresses = new FailureLimiter(maxFailures, windowMs, blockMs);
    this.usernames = new FailureLimiter(maxFailures, windowMs, blockMs);
  }

  /** Whether the address (and, when given, the username) may not try now. */
  isBlocked(address: string, username?: string, now = Date.now()): boolean {
    return this.addresses.isBlocked(address, now) || (username !== undefined && this.usernames.isBlocked(usernameKey(username), now));
  }

  /** Whole seconds until the address (and the username, when given) may try again: the longer of their blocks. */
  retryAfterSeconds(address: string, username?: string, now = Date.now()): number {
    const user = username === undefined ? 0 : this.usernames.retryAfterSeconds(usernameKey(username), now);
    return Math.max(this.addresses.retryAfterSeconds(address, now), user);
  }

  /** Counts one against the address and, when given, the username. */
  recordFailure(address: string, username?: string, now = Date.now()): void {
    this.addresses.recordFailure(address, now);
    if (username !== undefined) this.usernames.recordFailure(usernameKey(username), now);
  }

  recordSuccess(username: string): void {
    this.usernames.reset(usernameKey(username));
  }
}

// A username is counted by its first 256 characters: a 64 KB one costs no 64 KB map key.
const usernameKey = (username: string): string => username.slice(0, 256);

/**
 * Verified credentials remembered for a short while, so a client that sends the same Authorization header with each
 * request (a monitoring scraper, a browser) costs one scrypt per `ttlMs` rather than one per request. Entries are
 * keyed by an HMAC of the header under a random key of this instance: the header, which holds the password, is
 * never kept, and a memory dump yields nothing to test guesses against without that key.
 */
export class RememberedCredentials<T> {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs = 300_000,
    private readonly maxEntries = 1_000,
  ) {}

  get(header: string, now = Date.now()): T | undefined {
    const id = this.idOf(header);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(id);
    return undefined;
  }

  remember(header: string, value: T, now = Date.now()): void {
    const id = this.idOf(header);
    this.entries.delete(id);
    // Oldest first: a full memory forgets the credential verified longest ago.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { value, until: now + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }

  private idOf(header: string): string {
    return createHmac("sha256", this.key).update(header).digest("base64");
  }
}
