-- Contact sources (an OAuth-connected account or a FRITZ!Box phone book) and the local copy of their contacts.
CREATE TABLE contact_sources (
  id                       INTEGER PRIMARY KEY,
  key                      TEXT NOT NULL UNIQUE,   -- the phone-book key in URLs (?key=…)
  provider                 TEXT NOT NULL CHECK (provider IN ('microsoft', 'sipgate', 'fritzbox')),
  label                    TEXT NOT NULL DEFAULT '',
  account_id               TEXT,                   -- upstream identity (Graph user id, sipgate sub)
  source_url               TEXT,                   -- FRITZ!Box: phone book fetched on schedule
  access_token             TEXT,                   -- secrets we must send on: never shown in pages, logs or JSON
  access_token_expires_at  TEXT,
  refresh_token            TEXT,
  delta_link               TEXT,                   -- Graph delta link for incremental sync
  status                   TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'needs_reconnect')),
  last_sync_at             TEXT,
  last_success_at          TEXT,
  last_error               TEXT,
  contact_count            INTEGER NOT NULL DEFAULT 0,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL
);

CREATE TABLE contacts (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES contact_sources(id) ON DELETE CASCADE,
  external_id   TEXT NOT NULL,                     -- the provider's id, stable across syncs
  display_name  TEXT NOT NULL DEFAULT '',
  given_name    TEXT NOT NULL DEFAULT '',
  family_name   TEXT NOT NULL DEFAULT '',
  company       TEXT NOT NULL DEFAULT '',
  emails        TEXT NOT NULL DEFAULT '[]',        -- JSON [{"address","label"}]
  addresses     TEXT NOT NULL DEFAULT '[]',        -- JSON [{"label","street","city","region","postal_code","country"}]
  birthday      TEXT,                              -- YYYY-MM-DD
  note          TEXT NOT NULL DEFAULT '',
  search_name   TEXT NOT NULL DEFAULT '',          -- names folded (lower case, no accents) for word-prefix search
  modified_at   TEXT,                              -- upstream's last modification
  updated_at    TEXT NOT NULL,                     -- our last write
  UNIQUE (source_id, external_id)
);
CREATE INDEX contacts_by_source_name ON contacts (source_id, display_name COLLATE NOCASE);

CREATE TABLE contact_numbers (
  id          INTEGER PRIMARY KEY,
  contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  type        TEXT NOT NULL,                       -- mobile | work | home | fax_work | fax_home | other
  label       TEXT NOT NULL,                       -- what a person reads: Mobile, Work, Home, Fax, or a custom label
  number      TEXT NOT NULL,                       -- as the source gave it
  normalized  TEXT NOT NULL                        -- international digits without "+", for matching callers
);
CREATE INDEX contact_numbers_by_contact ON contact_numbers (contact_id);
CREATE INDEX contact_numbers_by_normalized ON contact_numbers (normalized);
