-- Which configuration each phone was given, so drift tells "the phone has not fetched the change yet" from "the
-- phone differs" (core/mpp/profile-versions.ts). Versions hold a hash of each parameter's value, never the value:
-- no password leaves the config files.
CREATE TABLE common_versions (
  hash          TEXT PRIMARY KEY,                  -- of common.yml's parameters as a profile renders them
  value_hashes  TEXT NOT NULL                      -- JSON {"Parameter_Name": "<hash of its value>"}
);
CREATE TABLE profile_versions (
  mac            TEXT NOT NULL,                    -- 12 lower-case hex digits
  fingerprint    TEXT NOT NULL,                    -- of everything the phone's profile sets (common + its own)
  common_hash    TEXT NOT NULL,                    -- common_versions.hash
  own_hashes     TEXT NOT NULL,                    -- JSON {"Parameter_Name": "<hash>"} of its phones.yml parameters
  current_since  TEXT NOT NULL,                    -- ISO-8601 UTC: when a config (re)load made this the phone's profile
  replaced_at    TEXT,                             -- when a reload replaced it; NULL while it is the phone's profile
  PRIMARY KEY (mac, fingerprint)
);
CREATE INDEX profile_versions_current ON profile_versions (mac) WHERE replaced_at IS NULL;
ALTER TABLE phone_sightings ADD COLUMN profile_fingerprint TEXT;   -- the version its last profile fetch got
ALTER TABLE phone_sightings ADD COLUMN profile_fetched_at TEXT;    -- when (last_config_at counts upgrade answers too)
ALTER TABLE reports ADD COLUMN profile_fingerprint TEXT;           -- the version the phone had fetched when it reported
