-- What CardDAV clients sync by (DESIGN §5.3): a change log with one row per contact a source has held, its
-- sequence number renewed whenever the contact changes or goes (deleted = 1, a tombstone). A contact's ETag is its
-- row's seq; a book's sync token is the highest seq among its sources, and a sync-collection lists the rows after
-- the client's token. `content_hash` lets a sync tell a changed contact from one stored again unchanged.
ALTER TABLE contacts ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE contact_changes (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused, so an old token never names a new change
  source_id    INTEGER NOT NULL REFERENCES contact_sources(id) ON DELETE CASCADE,
  external_id  TEXT NOT NULL,
  uid          TEXT NOT NULL,                       -- the vCard's UID, and its name in the address book (<uid>.vcf)
  deleted      INTEGER NOT NULL DEFAULT 0,
  changed_at   TEXT NOT NULL,
  UNIQUE (source_id, external_id)
);
CREATE INDEX contact_changes_by_source ON contact_changes (source_id, seq);
CREATE INDEX contact_changes_by_uid ON contact_changes (uid);

INSERT INTO contact_changes (source_id, external_id, uid, deleted, changed_at)
  SELECT c.source_id, c.external_id, name_uuid(s.key, c.external_id), 0, c.updated_at
  FROM contacts c JOIN contact_sources s ON s.id = c.source_id ORDER BY c.id;
