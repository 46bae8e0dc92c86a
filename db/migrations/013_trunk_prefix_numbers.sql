-- "+49 (0)160 1112223": the bracketed trunk prefix is never dialled after the country code (README "Phone
-- directory"). Numbers stored before this migration kept its 0 in their normalized digits (4901601112223), so the
-- caller 01601112223 was not recognised; the 0 is taken out here, in the directory's numbers (the triggers of 005
-- carry it into the number index) and in Contact Sync's (smart contacts). Only "+" numbers: their digits do not
-- depend on the dial plan; "0049 (0)…" is corrected by the source's next sync. `k` is the number of digits in front
-- of the "(0)" (the country code), counted by removing each digit in turn.
WITH heads AS (
  SELECT id, substr(number, 1, instr(number, '(0)') - 1) AS head FROM contact_numbers
  WHERE ltrim(number) LIKE '+%' AND instr(number, '(0)') > 0
), cut AS (
  SELECT id, length(head) - length(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    head, '0', ''), '1', ''), '2', ''), '3', ''), '4', ''), '5', ''), '6', ''), '7', ''), '8', ''), '9', '')) AS k
  FROM heads
)
UPDATE contact_numbers SET normalized = substr(normalized, 1, cut.k) || substr(normalized, cut.k + 2)
FROM cut WHERE cut.id = contact_numbers.id AND cut.k > 0 AND substr(normalized, cut.k + 1, 1) = '0';

-- A synced number's written form is its contact entry's uri ("tel:+49 (0)160 …") in the stored contact JSON.
WITH written AS (
  SELECT n.contact, n.position, json_extract(c.contact, '$.contactEntries[' || n.position || '].uri') AS uri
  FROM sync_contact_numbers n JOIN sync_contacts c ON c.id = n.contact
), heads AS (
  SELECT contact, position, substr(uri, 1, instr(uri, '(0)') - 1) AS head FROM written
  WHERE (ltrim(uri) LIKE '+%' OR ltrim(uri) LIKE 'tel:+%') AND instr(uri, '(0)') > 0
), cut AS (
  SELECT contact, position, length(head) - length(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    head, '0', ''), '1', ''), '2', ''), '3', ''), '4', ''), '5', ''), '6', ''), '7', ''), '8', ''), '9', '')) AS k
  FROM heads
)
UPDATE sync_contact_numbers SET number = substr(number, 1, cut.k) || substr(number, cut.k + 2)
FROM cut WHERE cut.contact = sync_contact_numbers.contact AND cut.position = sync_contact_numbers.position
  AND cut.k > 0 AND substr(number, cut.k + 1, 1) = '0';
