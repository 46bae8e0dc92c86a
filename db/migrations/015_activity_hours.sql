-- What the phones did, per hour (the dashboard's 24-hour chart): config requests answered, reports received,
-- firmware upgrades handed out. `hour` is the hour's start, ISO-8601 UTC (2026-01-05T13:00:00.000Z).
CREATE TABLE activity_hours (
  hour               TEXT PRIMARY KEY,
  config_requests    INTEGER NOT NULL DEFAULT 0,
  reports            INTEGER NOT NULL DEFAULT 0,
  firmware_upgrades  INTEGER NOT NULL DEFAULT 0
);
