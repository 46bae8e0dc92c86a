-- rebuilds tables: foreign keys are off while this runs (db/open.ts), then checked before it commits.
-- A Contact Sync device's address book as a contact source (README "Directory integration"): provider
-- 'sync-device', linked to its device. Deleting the device deletes the source, and with it the source's contacts
-- and search entries (cascade). SQLite cannot change a CHECK in place, so contact_sources is rebuilt (its rows and
-- ids kept, so contacts and phone books stay attached).
CREATE TABLE contact_sources_new (
  id                       INTEGER PRIMARY KEY,
  key                      TEXT NOT NULL UNIQUE,
  provider                 TEXT NOT NULL CHECK (provider IN ('microsoft', 'sipgate', 'fritzbox', 'sync-device')),
  label                    TEXT NOT NULL DEFAULT '',
  account_id               TEXT,
  source_url               TEXT,
  access_token             TEXT,
  access_token_expires_at  TEXT,
  refresh_token            TEXT,
  delta_link               TEXT,
  status                   TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'needs_reconnect')),
  last_sync_at             TEXT,
  last_success_at          TEXT,
  last_error               TEXT,
  contact_count            INTEGER NOT NULL DEFAULT 0,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  -- provider 'sync-device': the device whose contacts this source copies (one source per device at most)
  sync_device              INTEGER UNIQUE REFERENCES sync_devices (id) ON DELETE CASCADE,
  CHECK ((provider = 'sync-device') = (sync_device IS NOT NULL))
);

INSERT INTO contact_sources_new (id, key, provider, label, account_id, source_url, access_token, access_token_expires_at,
    refresh_token, delta_link, status, last_sync_at, last_success_at, last_error, contact_count, created_at, updated_at)
  SELECT id, key, provider, label, account_id, source_url, access_token, access_token_expires_at,
    refresh_token, delta_link, status, last_sync_at, last_success_at, last_error, contact_count, created_at, updated_at
  FROM contact_sources;

DROP TABLE contact_sources;
ALTER TABLE contact_sources_new RENAME TO contact_sources;
