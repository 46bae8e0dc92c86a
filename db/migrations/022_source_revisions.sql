-- A number counted up with every write to a source's contacts: with the source's creation time, what the
-- directory's caches (search plans, each big source's order in memory) are valid for. updated_at and
-- contact_count were that stamp before, and two syncs in one millisecond that keep the count (two deltas that
-- rename a contact each) left it the same.
ALTER TABLE contact_sources ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
