-- The client's own content on a care page (SPEC S5): diary entries, written by the beheerder
-- and co-beheerders, and the network's own agenda. Agenda times are the first occurrence's
-- start and end; series_end bounds every occurrence of a repeating one (NULL: without end), so
-- a window reads only the appointments that can fall in it.
CREATE TABLE diary_entries (
    id           BLOB NOT NULL PRIMARY KEY,
    care_page_id BLOB NOT NULL REFERENCES care_pages (id),
    author_id    BLOB NOT NULL REFERENCES accounts (id),
    entry_date   TEXT NOT NULL,
    title        TEXT,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX diary_entries_newest_first ON diary_entries (care_page_id, entry_date DESC, id DESC);

CREATE TABLE agenda_items (
    id           BLOB NOT NULL PRIMARY KEY,
    care_page_id BLOB NOT NULL REFERENCES care_pages (id),
    author_id    BLOB NOT NULL REFERENCES accounts (id),
    title        TEXT NOT NULL,
    place        TEXT,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    remarks      TEXT,
    repeats      TEXT,
    repeat_until TEXT,
    series_end   INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX agenda_items_by_start ON agenda_items (care_page_id, starts_at, id);
CREATE INDEX agenda_items_by_series_end ON agenda_items (care_page_id, series_end, starts_at);
