-- OAuth connect: one row per authorization started at /oauth-grant. Single use (used_at), short-lived
-- (expires_at), and bound to the browser that started it (browser_hash = sha256 of an HttpOnly cookie).
CREATE TABLE oauth_states (
  state          TEXT PRIMARY KEY,                 -- random, sent to the provider and back
  provider       TEXT NOT NULL CHECK (provider IN ('microsoft', 'sipgate')),
  source_key     TEXT,                             -- reconnect this existing source; NULL → a new source
  code_verifier  TEXT NOT NULL,                    -- PKCE secret, never leaves the server until the code exchange
  redirect_uri   TEXT NOT NULL,                    -- exactly as sent in the authorize request
  browser_hash   TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  used_at        TEXT
);
CREATE INDEX oauth_states_by_expiry ON oauth_states (expires_at);

-- A phone book: one key that serves the contacts of several sources together (e.g. Outlook + FRITZ!Box).
CREATE TABLE phone_books (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,                -- used like a source key (?key=…)
  label       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE phone_book_sources (
  phone_book_id  INTEGER NOT NULL REFERENCES phone_books(id) ON DELETE CASCADE,
  source_id      INTEGER NOT NULL REFERENCES contact_sources(id) ON DELETE CASCADE,
  PRIMARY KEY (phone_book_id, source_id)
);
CREATE INDEX phone_book_sources_by_source ON phone_book_sources (source_id);
