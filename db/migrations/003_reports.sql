-- What phones report about their actual configuration (Report_Rule), newest N kept per phone.
CREATE TABLE reports (
  id           INTEGER PRIMARY KEY,
  mac          TEXT NOT NULL,                      -- 12 lower-case hex digits
  received_at  TEXT NOT NULL,                      -- ISO-8601 UTC
  client_ip    TEXT NOT NULL DEFAULT '',
  user_agent   TEXT NOT NULL DEFAULT '',
  report_type  TEXT NOT NULL DEFAULT 'config' CHECK (report_type IN ('config', 'status', 'delta')),
  param_count  INTEGER NOT NULL DEFAULT 0,
  params       TEXT NOT NULL DEFAULT '{}',         -- JSON {"Parameter_Name": "value"}, in report order
  raw_xml      TEXT NOT NULL DEFAULT ''            -- the body as received
);
CREATE INDEX reports_by_mac ON reports (mac, id);
CREATE INDEX reports_by_type_mac ON reports (report_type, mac, id);
CREATE INDEX reports_by_received_at ON reports (received_at);
