-- Profile history and pinning (README "Profile history and pinning"): the profiles each phone was given, with
-- their values, so an admin can see what changed between two versions and pin a phone to an earlier one. Values
-- are stored as given (a pinned phone must get exactly that profile, passwords included) and masked wherever
-- they are shown. common.yml's parameters are stored once per distinct version, shared by every phone's rows.
CREATE TABLE profile_history_common (
  hash      TEXT PRIMARY KEY,                     -- profile_versions.common_hash: of common.yml's rendered parameters
  xml_path  TEXT NOT NULL,                        -- JSON ["device", "flat-profile"]: the elements around them
  params    TEXT NOT NULL                         -- JSON [["Name", "value", "ua"], …] in rendering order
);
CREATE TABLE profile_history (
  mac            TEXT NOT NULL,                   -- 12 lower-case hex digits
  fingerprint    TEXT NOT NULL,                   -- profile_versions.fingerprint (common + the phone's own)
  common_hash    TEXT NOT NULL REFERENCES profile_history_common (hash),
  own_params     TEXT NOT NULL,                   -- JSON [["Name", "value", "ua"], …] of its phones.yml parameters
  configured_at  TEXT NOT NULL,                   -- ISO-8601 UTC: when a config (re)load made it the phone's profile
  first_served   TEXT,                            -- the first and last profile fetch that got it (NULL: never)
  last_served    TEXT,
  PRIMARY KEY (mac, fingerprint)
);
CREATE INDEX profile_history_newest ON profile_history (mac, configured_at);
-- A pinned phone is served this version instead of its configured profile until it is unpinned.
CREATE TABLE profile_pins (
  mac          TEXT PRIMARY KEY,
  fingerprint  TEXT NOT NULL,
  pinned_by    TEXT NOT NULL,                     -- the admin's serviceconfig.yml username
  pinned_at    TEXT NOT NULL,
  FOREIGN KEY (mac, fingerprint) REFERENCES profile_history (mac, fingerprint)
);
-- Admin actions (pin, unpin, resync, reboot): who, when, what.
CREATE TABLE admin_audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  username  TEXT NOT NULL,
  action    TEXT NOT NULL,                        -- e.g. "pin", "unpin", "resync", "reboot"
  target    TEXT NOT NULL,                        -- a MAC, "group <name>" or "all phones"
  detail    TEXT NOT NULL DEFAULT ''              -- e.g. the version pinned, the job's outcome
);
CREATE INDEX admin_audit_log_at ON admin_audit_log (at);
