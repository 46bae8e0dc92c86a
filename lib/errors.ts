// Domain errors: what went wrong, in words for the person who asked, and nothing about HTTP. core/ and db/
// throw these; the dispatcher maps each kind to a status once (lib/dispatch.ts) and the route's renderError
// picks the format. Only these messages (and HttpError's) reach a client; anything else is a generic 500.

export type ProblemKind = "malformed" | "not_found" | "invalid" | "conflict" | "forbidden" | "unauthenticated" | "rate_limited" | "unavailable" | "upstream";

export interface ProblemOptions {
  /** A short heading for pages ("Redirect URI not registered"). */
  title?: string;
  /** What the person can do about it, shown on pages. */
  hint?: string;
}

export abstract class Problem extends Error {
  abstract readonly kind: ProblemKind;
  readonly title?: string;
  readonly hint?: string;

  constructor(message: string, o: ProblemOptions = {}) {
    super(message);
    this.title = o.title;
    this.hint = o.hint;
  }
}

/** The input cannot be read at all (not XML, not JSON, a DOCTYPE we refuse), as opposed to Invalid values. */
export class Malformed extends Problem {
  readonly kind = "malformed";
}

/** The thing asked for does not exist (or the caller may not know that it does). */
export class NotFound extends Problem {
  readonly kind = "not_found";
}

/** The input cannot be used; `fields` says why per field (FlexiAPI's 422 `errors` body). */
export class Invalid extends Problem {
  readonly kind = "invalid";
  constructor(message: string, readonly fields: Record<string, string[]> = {}, o?: ProblemOptions) {
    super(message, o);
  }

  /** One field's problem: `Invalid.field("username", "The username is already taken.")`. */
  static field(name: string, message: string): Invalid {
    return new Invalid(message, { [name]: [message] });
  }
}

/** The request clashes with what is stored (a name already taken, a state that does not allow it). */
export class Conflict extends Problem {
  readonly kind = "conflict";
}

/** The caller is known but may not do this. */
export class Forbidden extends Problem {
  readonly kind = "forbidden";
}

/** No or wrong credentials; `challenges` are what the client should answer (WWW-Authenticate values). */
export class Unauthenticated extends Problem {
  readonly kind = "unauthenticated";
  constructor(message: string, readonly challenges: string[] = [], o?: ProblemOptions) {
    super(message, o);
  }
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class TooManyAttempts extends Problem {
  readonly kind = "rate_limited";
  constructor(message: string, readonly retryAfterSeconds: number, o?: ProblemOptions) {
    super(message, o);
  }
}

/** We cannot do it now (the database does not take writes, a service is stopping); maybe after `retryAfterSeconds`. */
export class Unavailable extends Problem {
  readonly kind = "unavailable";
  readonly retryAfterSeconds?: number;
  constructor(message: string, o: ProblemOptions & { retryAfterSeconds?: number } = {}) {
    super(message, o);
    this.retryAfterSeconds = o.retryAfterSeconds;
  }
}

/** Something we depend on outside failed: a provider's API, a phone's web server. */
export class UpstreamFailed extends Problem {
  readonly kind = "upstream";
}
