-- Sign-ins of the account self-service pages (/account): a session per browser, kept as the SHA-256 of the cookie's
-- token (a stolen database holds no usable session). A session ends when idle too long, at its absolute expiry, at
-- sign-out, when its account's password changes, or with its account (cascade).
CREATE TABLE web_sessions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  ip_address TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);
