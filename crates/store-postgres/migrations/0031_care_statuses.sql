-- The care page shows what a provider sent, statuses included (FHIR fidelity). A measurement
-- keeps how final it is and its parts (a blood pressure: systolic and diastolic, as JSON); a
-- measurement made only of parts has no value of its own.
ALTER TABLE measurements ALTER COLUMN value DROP NOT NULL;
ALTER TABLE measurements ADD COLUMN status text NOT NULL DEFAULT 'final'
    CHECK (status IN ('final', 'preliminary', 'amended', 'unknown'));
ALTER TABLE measurements ADD COLUMN components text;
ALTER TABLE measurements ADD CONSTRAINT measurements_value_or_parts
    CHECK (value IS NOT NULL OR components IS NOT NULL);

-- An appointment says where it stands (planned, unconfirmed, cancelled, or the client did not
-- come); a care plan keeps its finer status (on-hold, revoked, unknown; `status` keeps the coarse
-- one the first schema allows) and its intent (plan, proposal, order, option).
ALTER TABLE appointments ADD COLUMN state text NOT NULL DEFAULT 'planned'
    CHECK (state IN ('planned', 'unconfirmed', 'cancelled', 'noshow'));
UPDATE appointments SET state = 'cancelled' WHERE cancelled;
ALTER TABLE care_plans ADD COLUMN status_detail text
    CHECK (status_detail IN ('on-hold', 'revoked', 'unknown'));
ALTER TABLE care_plans ADD COLUMN intent text NOT NULL DEFAULT 'plan'
    CHECK (intent IN ('plan', 'proposal', 'order', 'option'));
