-- What each phone last told us about itself when it fetched its profile (MAC is 12 lower-case hex digits).
CREATE TABLE phone_sightings (
  mac              TEXT PRIMARY KEY,
  ip_address       TEXT,
  user_agent       TEXT,
  model            TEXT,
  firmware         TEXT,
  last_config_at   TEXT,
  last_report_at   TEXT,
  config_requests  INTEGER NOT NULL DEFAULT 0
);
