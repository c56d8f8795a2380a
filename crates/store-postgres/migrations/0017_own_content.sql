-- The client's own content on a care page (SPEC S5): diary entries, written by the beheerder
-- and co-beheerders, and the network's own agenda. Agenda times are the first occurrence's
-- start and end; series_end bounds every occurrence of a repeating one (NULL: without end), so
-- a window reads only the appointments that can fall in it.
CREATE TABLE diary_entries (
    id           uuid PRIMARY KEY,
    care_page_id uuid NOT NULL REFERENCES care_pages (id),
    author_id    uuid NOT NULL REFERENCES accounts (id),
    entry_date   date NOT NULL,
    title        text,
    body         text NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX diary_entries_newest_first ON diary_entries (care_page_id, entry_date DESC, id DESC);

CREATE TABLE agenda_items (
    id           uuid PRIMARY KEY,
    care_page_id uuid NOT NULL REFERENCES care_pages (id),
    author_id    uuid NOT NULL REFERENCES accounts (id),
    title        text NOT NULL,
    place        text,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    remarks      text,
    repeats      text,
    repeat_until date,
    series_end   timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX agenda_items_by_start ON agenda_items (care_page_id, starts_at, id);
CREATE INDEX agenda_items_by_series_end ON agenda_items (care_page_id, series_end, starts_at);
