-- Care pages an account makes itself, without a letter ("extra zorgpagina", SPEC S1): who made
-- the page, so the number an account may make can be counted. Pages made with a letter keep NULL.
ALTER TABLE care_pages ADD COLUMN created_by uuid REFERENCES accounts (id);
CREATE INDEX care_pages_by_creator ON care_pages (created_by) WHERE created_by IS NOT NULL;
