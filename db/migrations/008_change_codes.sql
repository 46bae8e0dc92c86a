-- A 4-digit code sent to a new email address or phone number; the account gets the address once it sends the code
-- back (FlexiAPI 1.5's email_change_codes and phone_change_codes). `code` is NULL once the code was used, dropped
-- after wrong attempts, or replaced; the row stays for a while, because recent requests count towards blocking an
-- account that asks too often.
CREATE TABLE email_change_codes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  code TEXT,
  wrong_attempts INTEGER NOT NULL DEFAULT 0,
  ip_address TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX email_change_codes_by_account ON email_change_codes (account_id, created_at);

CREATE TABLE phone_change_codes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  phone TEXT NOT NULL,
  code TEXT,
  wrong_attempts INTEGER NOT NULL DEFAULT 0,
  ip_address TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX phone_change_codes_by_account ON phone_change_codes (account_id, created_at);
