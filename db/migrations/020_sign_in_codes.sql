-- One-time codes that sign an account in to the self-service pages (/account "Sign in with a code"), sent by email
-- or SMS. At most one per account (a new request replaces it); kept as the SHA-256 of account id and code, never the
-- code; counted wrong tries drop it.
CREATE TABLE sign_in_codes (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  wrong_tries INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
