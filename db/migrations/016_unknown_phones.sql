-- Phones not in phones.yml that asked for a profile: what they got (not found, the bootstrap profile, a firmware
-- upgrade) and what they said about themselves. The dashboard's "Seen, not in phones.yml". Anyone on the LAN can
-- invent MACs, so the code keeps only the newest few hundred rows (by last_seen_at).
CREATE TABLE unknown_phones (
  mac             TEXT PRIMARY KEY,
  ip_address      TEXT NOT NULL,
  user_agent      TEXT NOT NULL,
  model           TEXT,
  firmware        TEXT,
  requested       TEXT NOT NULL,
  answer          TEXT NOT NULL,
  first_seen_at   TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  requests        INTEGER NOT NULL
);
CREATE INDEX unknown_phones_by_last_seen ON unknown_phones (last_seen_at);
