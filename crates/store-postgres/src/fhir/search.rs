//! FHIR searches in PostgreSQL: one fixed statement per shape of search, each a range scan of
//! one index in the order the keyset cursor follows, starting at the cursor, so every page costs
//! the same.

use super::ResourceRow;
use crate::convert::*;
use crate::{PostgresStore, map_err};
use uuid::Uuid;
use zk_domain::ProviderId;
use zk_store::fhir::*;
use zk_store::{StoreError, StoreResult};

macro_rules! select {
    () => {
        "SELECT resource_type, logical_id, body, content, version_id, last_updated, search_date
         FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2
           AND last_updated < COALESCE($4, 'infinity'::timestamptz) "
    };
}

const BY_IDENTIFIER: &str = concat!(
    select!(),
    "AND last_updated >= COALESCE($3, '-infinity'::timestamptz)
     AND identifier = $5 AND logical_id > COALESCE($6, '') ORDER BY logical_id LIMIT $7"
);

macro_rules! by_updated {
    ($client:literal) => {
        concat!(
            select!(),
            $client,
            "AND last_updated >= GREATEST(COALESCE($3, '-infinity'::timestamptz), COALESCE($5, '-infinity'::timestamptz))
             AND (last_updated, logical_id) > (COALESCE($5, '-infinity'::timestamptz), COALESCE($6, ''))
             ORDER BY last_updated, logical_id LIMIT $7"
        )
    };
}

macro_rules! by_date {
    ($client:literal) => {
        concat!(
            select!(),
            $client,
            "AND last_updated >= COALESCE($3, '-infinity'::timestamptz)
             AND search_date >= GREATEST(COALESCE($8, '-infinity'::timestamptz), COALESCE($5, '-infinity'::timestamptz))
             AND search_date < COALESCE($9, 'infinity'::timestamptz)
             AND (search_date, logical_id) > (COALESCE($5, '-infinity'::timestamptz), COALESCE($6, ''))
             ORDER BY search_date, logical_id LIMIT $7"
        )
    };
}

const BY_UPDATED: &str = by_updated!("");
const BY_UPDATED_FOR_CLIENT: &str = by_updated!("AND client_record_id = $8 ");
const BY_DATE: &str = by_date!("");
const BY_DATE_FOR_CLIENT: &str = by_date!("AND client_record_id = $10 ");

/// The client record of a provider's Patient.
async fn client_of(
    store: &PostgresStore,
    provider: ProviderId,
    patient: &str,
) -> StoreResult<Option<Uuid>> {
    let row: Option<Option<Uuid>> = sqlx::query_scalar(
        "SELECT client_record_id FROM fhir_resources
         WHERE provider_id = $1 AND resource_type = 'Patient' AND logical_id = $2",
    )
    .bind(provider.0)
    .bind(patient)
    .fetch_optional(&store.pool)
    .await
    .map_err(map_err("fhir patient"))?;
    Ok(row.flatten())
}

fn limit(n: u32) -> i64 {
    i64::from(n) + 1
}

pub(crate) async fn run(
    store: &PostgresStore,
    provider: ProviderId,
    query: &FhirQuery,
) -> StoreResult<Vec<StoredFhirResource>> {
    let rows: Vec<ResourceRow> = match query {
        FhirQuery::Identifier {
            resource_type,
            identifier,
            last_updated,
            after_id,
            limit: n,
        } => sqlx::query_as(BY_IDENTIFIER)
            .bind(provider.0)
            .bind(resource_type)
            .bind(last_updated.from.map(odt).transpose()?)
            .bind(last_updated.until.map(odt).transpose()?)
            .bind(identifier)
            .bind(after_id.as_deref())
            .bind(limit(*n))
            .fetch_all(&store.pool)
            .await
            .map_err(map_err("fhir search"))?,
        FhirQuery::Range {
            resource_type,
            patient,
            date,
            last_updated,
            order,
            after,
            limit: n,
        } => {
            let client = match patient {
                Some(p) => match client_of(store, provider, p).await? {
                    Some(c) => Some(c),
                    None => return Ok(Vec::new()),
                },
                None => None,
            };
            let by_date = *order == FhirOrder::Date;
            let statement = match (by_date, client.is_some()) {
                (false, false) => BY_UPDATED,
                (false, true) => BY_UPDATED_FOR_CLIENT,
                (true, false) => BY_DATE,
                (true, true) => BY_DATE_FOR_CLIENT,
            };
            let mut q = sqlx::query_as(statement)
                .bind(provider.0)
                .bind(resource_type)
                .bind(last_updated.from.map(odt).transpose()?)
                .bind(last_updated.until.map(odt).transpose()?)
                .bind(after.as_ref().map(|a| odt(a.time)).transpose()?)
                .bind(after.as_ref().map(|a| a.id.as_str()))
                .bind(limit(*n));
            if by_date {
                q = q
                    .bind(date.from.map(odt).transpose()?)
                    .bind(date.until.map(odt).transpose()?);
            }
            if let Some(client) = client {
                q = q.bind(client);
            }
            q.fetch_all(&store.pool)
                .await
                .map_err(map_err("fhir search"))?
        }
    };
    rows.into_iter()
        .map(StoredFhirResource::try_from)
        .collect::<Result<Vec<_>, StoreError>>()
}
