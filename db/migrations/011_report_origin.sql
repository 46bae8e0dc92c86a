-- Reports of phones not in phones.yml (any MAC may report in discovery mode) share one cap in number and bytes
-- (serviceconfig.yml reports.unknown_phones): each report says whether it came from such a phone, and its size.
-- Reports stored before this migration count as known phones' (their origin was not recorded).
ALTER TABLE reports ADD COLUMN from_unknown_phone INTEGER NOT NULL DEFAULT 0;  -- 1: the MAC was not in phones.yml
ALTER TABLE reports ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;          -- raw XML + parameters JSON, in bytes
-- Covering: the cap sums sizes without reading the rows (whose raw XML spills into overflow pages).
CREATE INDEX reports_from_unknown_phones ON reports (id, size_bytes) WHERE from_unknown_phone = 1;
