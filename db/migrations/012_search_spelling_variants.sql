-- Search finds German names in either spelling (README "Phone directory"): "mueller" finds Müller, "müller" finds
-- Mueller. Each contact's search name gains the other spelling of its words; search_text() is the function new
-- contacts are stored with (db/open.ts). The triggers of 005 carry the change into the name index and the
-- directory's sort names.
UPDATE contacts SET search_name = search_text(display_name, given_name, family_name, company)
  WHERE search_name IS NOT search_text(display_name, given_name, family_name, company);
