-- SIP accounts, FlexiAPI-compatible (DESIGN §5.4). Table names follow FlexiAPI's where they do not clash with ours
-- (its `contacts` pivot is `account_contacts` here, because `contacts` holds the phone books' contacts).

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  domain TEXT NOT NULL,
  email TEXT,
  display_name TEXT,
  activated INTEGER NOT NULL DEFAULT 0 CHECK (activated IN (0, 1)),
  blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
  admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
  phone TEXT,
  dtmf_protocol TEXT CHECK (dtmf_protocol IN ('sipinfo', 'rfc2833', 'sipmessage')),
  -- A key sent by email or SMS that activates the account; it may expire.
  confirmation_key TEXT,
  confirmation_key_expires TEXT,
  -- One-shot Linphone provisioning (/provisioning/{token}).
  provisioning_token TEXT,
  ip_address TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (username, domain)
);
CREATE UNIQUE INDEX accounts_by_phone ON accounts (phone) WHERE phone IS NOT NULL;
CREATE INDEX accounts_by_email ON accounts (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX accounts_by_provisioning_token ON accounts (provisioning_token) WHERE provisioning_token IS NOT NULL;

-- The Digest secret per algorithm: hex md5|sha256("username:realm:password"), or the clear password (CLRTXT,
-- from seeding only).
CREATE TABLE passwords (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  algorithm TEXT NOT NULL CHECK (algorithm IN ('MD5', 'SHA-256', 'CLRTXT')),
  hash TEXT NOT NULL,
  UNIQUE (account_id, algorithm)
);

-- One API key per account, stored as the SHA-256 of the key (the key itself is shown once).
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL UNIQUE,
  ip_address TEXT,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL
);

-- A short-lived token an app shows (QR code) and a signed-in account attaches, to hand the app an API key.
CREATE TABLE auth_tokens (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  ip_address TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL
);

-- Digest nonces handed out in challenges; nc of the last accepted request (it must increase).
CREATE TABLE digest_nonces (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  nonce TEXT NOT NULL UNIQUE,
  nc INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX digest_nonces_by_account ON digest_nonces (account_id, id);
CREATE INDEX digest_nonces_by_age ON digest_nonces (created_at);

-- A deleted account's name stays taken.
CREATE TABLE accounts_tombstones (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  domain TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (username, domain)
);

-- Tokens that allow creating one account (public registration); sent by push to a device or handed out by an admin.
CREATE TABLE account_creation_tokens (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
  account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
  pn_provider TEXT,
  pn_param TEXT,
  pn_prid TEXT,
  ip_address TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX account_creation_tokens_by_device ON account_creation_tokens (pn_provider, pn_param, pn_prid, created_at);

-- A request for a creation token that a person validates on a web page (the human check) before it is exchanged.
CREATE TABLE account_creation_request_tokens (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
  validated_at TEXT,
  account_creation_token_id INTEGER REFERENCES account_creation_tokens (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE account_types (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE account_account_type (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  account_type_id INTEGER NOT NULL REFERENCES account_types (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, account_type_id)
);

-- DTMF actions of an account (door openers): key and code sent with its dtmf_protocol.
CREATE TABLE account_actions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  code TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX account_actions_by_account ON account_actions (account_id);

-- Accounts another account sees as its contacts (directly, or through contacts lists).
CREATE TABLE account_contacts (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, contact_id)
);
CREATE INDEX account_contacts_by_contact ON account_contacts (contact_id);

CREATE TABLE contacts_lists (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE contacts_list_contact (
  contacts_list_id INTEGER NOT NULL REFERENCES contacts_lists (id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (contacts_list_id, contact_id)
);

CREATE TABLE account_contacts_list (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contacts_list_id INTEGER NOT NULL REFERENCES contacts_lists (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, contacts_list_id)
);

-- Free key → value settings per account (FlexiAPI 1.5 dictionary).
CREATE TABLE account_dictionary_entries (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (account_id, key)
);

-- Accounts on another SIP service handed to new accounts (consume_external_account_on_create), by group.
CREATE TABLE external_accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  domain TEXT NOT NULL,
  "group" TEXT NOT NULL,
  password TEXT NOT NULL,
  algorithm TEXT NOT NULL DEFAULT 'MD5' CHECK (algorithm IN ('MD5', 'SHA-256', 'CLRTXT')),
  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
  account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (username, domain)
);
CREATE INDEX external_accounts_unused ON external_accounts (used, id);

-- Secrets of this server that must outlive a restart (the Digest opaque value).
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
