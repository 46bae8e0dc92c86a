-- FlexiAPI's accounts.group: a label on accounts generated in bulk (accounts:generate-external), so that
-- accounts:export-to-externals can hand exactly that batch to another server as its external accounts.
ALTER TABLE accounts ADD COLUMN "group" TEXT;
CREATE INDEX accounts_by_group ON accounts ("group") WHERE "group" IS NOT NULL;
