-- The care page shows what a provider sent, statuses included (FHIR fidelity). A measurement
-- keeps how final it is and its parts (a blood pressure: systolic and diastolic, as JSON); a
-- measurement made only of parts has no value of its own. SQLite cannot drop NOT NULL in place.
CREATE TABLE measurements_new (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    label            TEXT NOT NULL,
    value            REAL,
    unit             TEXT NOT NULL,
    measured_at      INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'final'
        CHECK (status IN ('final', 'preliminary', 'amended', 'unknown')),
    components       TEXT,
    CHECK (value IS NOT NULL OR components IS NOT NULL)
) STRICT;
INSERT INTO measurements_new (id, client_record_id, label, value, unit, measured_at)
    SELECT id, client_record_id, label, value, unit, measured_at FROM measurements;
DROP TABLE measurements;
ALTER TABLE measurements_new RENAME TO measurements;
CREATE INDEX measurements_by_client ON measurements (client_record_id, measured_at, id);
