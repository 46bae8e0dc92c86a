-- Contact Sync (DESIGN §5.5). An identity is (username, cloud_id) as External Authentication accepted it, the
-- username written user@host; it owns its devices, and each device the contacts it uploaded. Identities are not
-- a table of their own: the token row of an identity is replaced in place at each sign-in, and devices name the
-- identity itself, so an expired or replaced token never takes the address books with it.

-- One token per identity, kept as the SHA-256 of the token (shown once), with the verified phone numbers External
-- Authentication gave for it (JSON array of strings, as given).
CREATE TABLE sso_tokens (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  cloud_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  verified_numbers TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  UNIQUE (username, cloud_id)
);

-- The verified numbers normalized (E.164 digits without "+"), found by number for smart contacts.
CREATE TABLE sso_token_numbers (
  token_id INTEGER NOT NULL REFERENCES sso_tokens (id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  PRIMARY KEY (token_id, number)
) WITHOUT ROWID;
CREATE INDEX sso_token_numbers_by_number ON sso_token_numbers (number);

-- A device of an identity: device_id as the client names it (unique only within its identity).
CREATE TABLE sync_devices (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  cloud_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  platform TEXT NOT NULL DEFAULT '',
  contact_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (username, cloud_id, device_id)
);

-- A device's contacts: contact_id and checksum as the client gave them (the checksum is its fingerprint of its own
-- contact), and the contact as Acrobits JSON text (validated, stored as given).
CREATE TABLE sync_contacts (
  id INTEGER PRIMARY KEY,
  device INTEGER NOT NULL REFERENCES sync_devices (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL,
  checksum TEXT NOT NULL,
  contact TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (device, contact_id)
);
-- The checksum listing (every sync starts with it) reads this index alone, never the contacts' JSON.
CREATE INDEX sync_contacts_checksums ON sync_contacts (device, contact_id, checksum);

-- Each phone number of a contact normalized (E.164 digits without "+"), with its place among the contact's
-- entries: smart contacts match these against verified numbers and the SIP accounts' phones.
CREATE TABLE sync_contact_numbers (
  contact INTEGER NOT NULL REFERENCES sync_contacts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  PRIMARY KEY (contact, position)
) WITHOUT ROWID;
CREATE INDEX sync_contact_numbers_by_number ON sync_contact_numbers (number);
