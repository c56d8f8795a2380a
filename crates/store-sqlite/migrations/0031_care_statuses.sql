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

-- An appointment says where it stands (planned, unconfirmed, cancelled, or the client did not
-- come); a care plan keeps its finer status (on-hold, revoked, unknown; `status` keeps the coarse
-- one the first schema allows) and its intent (plan, proposal, order, option).
ALTER TABLE appointments ADD COLUMN state TEXT NOT NULL DEFAULT 'planned'
    CHECK (state IN ('planned', 'unconfirmed', 'cancelled', 'noshow'));
UPDATE appointments SET state = 'cancelled' WHERE cancelled = 1;
ALTER TABLE care_plans ADD COLUMN status_detail TEXT
    CHECK (status_detail IN ('on-hold', 'revoked', 'unknown'));
ALTER TABLE care_plans ADD COLUMN intent TEXT NOT NULL DEFAULT 'plan'
    CHECK (intent IN ('plan', 'proposal', 'order', 'option'));
