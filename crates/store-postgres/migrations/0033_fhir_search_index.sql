-- FHIR searches as FHIR means them: `identifier` looks at every identifier of a resource (not
-- only a Patient's client number), and `date` compares ranges, so a resource's date has an end
-- as well as a start (`search_date`; NULL end with a start: open, +infinity).

CREATE TABLE fhir_identifiers (
    provider_id   uuid NOT NULL REFERENCES providers (id),
    resource_type text COLLATE "C" NOT NULL,
    logical_id    text COLLATE "C" NOT NULL,
    -- '' when the identifier has no system.
    system        text COLLATE "C" NOT NULL,
    value         text COLLATE "C" NOT NULL,
    PRIMARY KEY (provider_id, resource_type, logical_id, system, value)
);
CREATE INDEX fhir_identifiers_by_value ON fhir_identifiers (provider_id, resource_type, value, system, logical_id);

ALTER TABLE fhir_resources ADD COLUMN search_date_end timestamptz;

-- Existing resources, from their stored JSON: every identifier with a value.
INSERT INTO fhir_identifiers (provider_id, resource_type, logical_id, system, value)
    SELECT r.provider_id, r.resource_type, r.logical_id,
           COALESCE(i.value ->> 'system', ''), i.value ->> 'value'
    FROM fhir_resources r, jsonb_array_elements(
        CASE WHEN jsonb_typeof(r.body::jsonb -> 'identifier') = 'array'
             THEN r.body::jsonb -> 'identifier' ELSE '[]'::jsonb END) AS i (value)
    WHERE jsonb_typeof(i.value -> 'value') = 'string'
    ON CONFLICT DO NOTHING;

-- Their date ranges: an Appointment ends at its `end`; a CarePlan at the end of its period (a
-- date ends at the next Dutch midnight) or never; anything else is a moment (one second).
UPDATE fhir_resources SET search_date_end = CASE
        WHEN resource_type = 'Appointment' AND body::jsonb ? 'end'
            THEN (body::jsonb ->> 'end')::timestamptz
        WHEN resource_type = 'CarePlan' AND length(body::jsonb #>> '{period,end}') = 10
            THEN ((body::jsonb #>> '{period,end}')::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
        WHEN resource_type = 'CarePlan' AND body::jsonb #>> '{period,end}' IS NOT NULL
            THEN (body::jsonb #>> '{period,end}')::timestamptz
        WHEN resource_type = 'CarePlan' THEN NULL
        ELSE search_date + interval '1 second'
    END
    WHERE search_date IS NOT NULL;
