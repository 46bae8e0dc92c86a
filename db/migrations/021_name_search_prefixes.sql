-- Word-prefix search for prefixes of up to six letters from the index (DESIGN §8: cold directory p99 at 1,000,000
-- contacts). A prefix longer than the index's longest was gathered term by term on every search: "krau" took
-- ~6 ms at a million contacts, a two-word search with it ~9 ms; from the index they take ~0.3 and ~1.6 ms. People
-- type two to six letters on a phone's keypad; the index grows ~4 %. The triggers of migration 005 name the table,
-- not its options, so they keep it in sync as before.
DROP TABLE contact_name_search;
CREATE VIRTUAL TABLE contact_name_search USING fts5(
  search_name, content = 'contacts', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6'
);
INSERT INTO contact_name_search (contact_name_search) VALUES ('rebuild');
