-- FHIR searches as FHIR means them: `identifier` looks at every identifier of a resource (not
-- only a Patient's client number), and `date` compares ranges, so a resource's date has an end
-- as well as a start (`search_date`; NULL end with a start: open, +infinity).

CREATE TABLE fhir_identifiers (
    provider_id   BLOB NOT NULL REFERENCES providers (id),
    resource_type TEXT NOT NULL,
    logical_id    TEXT NOT NULL,
    -- '' when the identifier has no system.
    system        TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (provider_id, resource_type, logical_id, system, value)
) STRICT;
CREATE INDEX fhir_identifiers_by_value ON fhir_identifiers (provider_id, resource_type, value, system, logical_id);

ALTER TABLE fhir_resources ADD COLUMN search_date_end INTEGER;

-- Existing resources, from their stored JSON: every identifier with a value.
INSERT OR IGNORE INTO fhir_identifiers (provider_id, resource_type, logical_id, system, value)
    SELECT r.provider_id, r.resource_type, r.logical_id,
           COALESCE(json_extract(i.value, '$.system'), ''), json_extract(i.value, '$.value')
    FROM fhir_resources r, json_each(r.body, '$.identifier') i
    WHERE json_type(i.value, '$.value') = 'text';

-- Their date ranges: an Appointment ends at its `end`; a CarePlan at the end of its period (a
-- date ends at the next midnight, Dutch winter time: written before this release, a plan ending
-- in summer ends an hour late) or never; anything else is a moment (one second).
UPDATE fhir_resources SET search_date_end = CASE
        WHEN resource_type = 'Appointment' AND json_extract(body, '$.end') IS NOT NULL
            THEN unixepoch(json_extract(body, '$.end')) * 1000000
        WHEN resource_type = 'CarePlan' AND length(json_extract(body, '$.period.end')) = 10
            THEN (unixepoch(json_extract(body, '$.period.end'), '+1 day') - 3600) * 1000000
        WHEN resource_type = 'CarePlan' AND json_extract(body, '$.period.end') IS NOT NULL
            THEN unixepoch(json_extract(body, '$.period.end')) * 1000000
        WHEN resource_type = 'CarePlan' THEN NULL
        ELSE search_date + 1000000
    END
    WHERE search_date IS NOT NULL;
