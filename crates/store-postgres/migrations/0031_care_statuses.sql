-- The care page shows what a provider sent, statuses included (FHIR fidelity). A measurement
-- keeps how final it is and its parts (a blood pressure: systolic and diastolic, as JSON); a
-- measurement made only of parts has no value of its own.
ALTER TABLE measurements ALTER COLUMN value DROP NOT NULL;
ALTER TABLE measurements ADD COLUMN status text NOT NULL DEFAULT 'final'
    CHECK (status IN ('final', 'preliminary', 'amended', 'unknown'));
ALTER TABLE measurements ADD COLUMN components text;
ALTER TABLE measurements ADD CONSTRAINT measurements_value_or_parts
    CHECK (value IS NOT NULL OR components IS NOT NULL);
