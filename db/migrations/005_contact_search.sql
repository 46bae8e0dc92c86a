-- Search index for the phone directory and the dialer (DESIGN §3, §5.2), kept in sync by triggers with the
-- contacts and contact_numbers that db/contacts.ts writes, so no writer needs to know about it.

-- Word-prefix search over the folded names (contacts.search_name is already lower case without accents).
CREATE VIRTUAL TABLE contact_name_search USING fts5(
  search_name, content = 'contacts', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

-- Digit substring search over the normalized numbers ("1234" finds 49301234).
CREATE VIRTUAL TABLE contact_number_search USING fts5(
  normalized, content = 'contact_numbers', content_rowid = 'id', tokenize = 'trigram'
);

-- One row per directory entry (a number of a contact) in the order the phone shows them. The source and the
-- sort name are copied here so a page is a walk along one index instead of a join and a sort.
CREATE TABLE directory_entries (
  number_id   INTEGER PRIMARY KEY,                 -- contact_numbers.id (rows follow it by trigger)
  source_id   INTEGER NOT NULL,
  contact_id  INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  sort_name   TEXT NOT NULL,
  normalized  TEXT NOT NULL                      -- contact_numbers.normalized, for digit filters while walking
);
CREATE INDEX directory_entries_in_order ON directory_entries (source_id, sort_name, contact_id, position, normalized);
-- Covering, so a search that starts from the matching contacts never touches the table.
CREATE INDEX directory_entries_by_contact ON directory_entries (contact_id, source_id, sort_name, position);

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contact_name_search (rowid, search_name) VALUES (new.id, new.search_name);
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO contact_name_search (contact_name_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_name ON contacts BEGIN
  INSERT INTO contact_name_search (contact_name_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
  INSERT INTO contact_name_search (rowid, search_name) VALUES (new.id, new.search_name);
  UPDATE directory_entries SET sort_name = new.search_name WHERE contact_id = new.id;
END;

CREATE TRIGGER contact_numbers_search_insert AFTER INSERT ON contact_numbers BEGIN
  INSERT INTO contact_number_search (rowid, normalized) VALUES (new.id, new.normalized);
  INSERT INTO directory_entries (number_id, source_id, contact_id, position, sort_name, normalized)
    SELECT new.id, c.source_id, c.id, new.position, c.search_name, new.normalized FROM contacts c WHERE c.id = new.contact_id;
END;
CREATE TRIGGER contact_numbers_search_delete AFTER DELETE ON contact_numbers BEGIN
  INSERT INTO contact_number_search (contact_number_search, rowid, normalized) VALUES ('delete', old.id, old.normalized);
  DELETE FROM directory_entries WHERE number_id = old.id;
END;
CREATE TRIGGER contact_numbers_search_update AFTER UPDATE OF normalized, position ON contact_numbers BEGIN
  INSERT INTO contact_number_search (contact_number_search, rowid, normalized) VALUES ('delete', old.id, old.normalized);
  INSERT INTO contact_number_search (rowid, normalized) VALUES (new.id, new.normalized);
  UPDATE directory_entries SET position = new.position, normalized = new.normalized WHERE number_id = new.id;
END;

-- Contacts stored before this migration.
INSERT INTO contact_name_search (contact_name_search) VALUES ('rebuild');
INSERT INTO contact_number_search (contact_number_search) VALUES ('rebuild');
INSERT INTO directory_entries (number_id, source_id, contact_id, position, sort_name, normalized)
  SELECT n.id, c.source_id, c.id, n.position, c.search_name, n.normalized FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id;
