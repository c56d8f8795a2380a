//! FHIR searches in SQLite: one fixed statement per shape of search, each a range scan of one
//! index in the order the keyset cursor follows, starting at the cursor, so every page costs the
//! same.

use super::ResourceRow;
use crate::convert::*;
use crate::{SqliteStore, map_err};
use uuid::Uuid;
use zk_domain::ProviderId;
use zk_store::fhir::*;
use zk_store::{StoreError, StoreResult};

macro_rules! select {
    () => {
        "SELECT resource_type, logical_id, body, content, version_id, last_updated, search_date
         FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2
           AND last_updated < COALESCE($4, 9223372036854775807) "
    };
}

const BY_IDENTIFIER: &str = concat!(
    select!(),
    "AND last_updated >= COALESCE($3, -9223372036854775808)
     AND identifier = $5 AND logical_id > COALESCE($6, '') ORDER BY logical_id LIMIT $7"
);

macro_rules! by_updated {
    ($client:literal) => {
        concat!(
            select!(),
            $client,
            "AND last_updated >= MAX(COALESCE($3, -9223372036854775808), COALESCE($5, -9223372036854775808))
             AND (last_updated, logical_id) > (COALESCE($5, -9223372036854775808), COALESCE($6, ''))
             ORDER BY last_updated, logical_id LIMIT $7"
        )
    };
}

macro_rules! by_date {
    ($client:literal) => {
        concat!(
            select!(),
            $client,
            "AND last_updated >= COALESCE($3, -9223372036854775808)
             AND search_date >= MAX(COALESCE($8, -9223372036854775808), COALESCE($5, -9223372036854775808))
             AND search_date < COALESCE($9, 9223372036854775807)
             AND (search_date, logical_id) > (COALESCE($5, -9223372036854775808), COALESCE($6, ''))
             ORDER BY search_date, logical_id LIMIT $7"
        )
    };
}

const BY_UPDATED: &str = by_updated!("AND ($10 IS NULL) ");
const BY_UPDATED_FOR_CLIENT: &str = by_updated!("AND client_record_id = $10 ");
const BY_DATE: &str = by_date!("AND ($10 IS NULL) ");
const BY_DATE_FOR_CLIENT: &str = by_date!("AND client_record_id = $10 ");

/// The client record of a provider's Patient.
async fn client_of(
    store: &SqliteStore,
    provider: ProviderId,
    patient: &str,
) -> StoreResult<Option<Uuid>> {
    let row: Option<Option<Uuid>> = sqlx::query_scalar(
        "SELECT client_record_id FROM fhir_resources
         WHERE provider_id = $1 AND resource_type = 'Patient' AND logical_id = $2",
    )
    .bind(provider.0)
    .bind(patient)
    .fetch_optional(&store.reader)
    .await
    .map_err(map_err("fhir patient"))?;
    Ok(row.flatten())
}

fn limit(n: u32) -> i64 {
    i64::from(n) + 1
}

pub(crate) async fn run(
    store: &SqliteStore,
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
            .bind(last_updated.from.map(micros))
            .bind(last_updated.until.map(micros))
            .bind(identifier)
            .bind(after_id.as_deref())
            .bind(limit(*n))
            .fetch_all(&store.reader)
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
            let statement = match (order, client.is_some()) {
                (FhirOrder::LastUpdated, false) => BY_UPDATED,
                (FhirOrder::LastUpdated, true) => BY_UPDATED_FOR_CLIENT,
                (FhirOrder::Date, false) => BY_DATE,
                (FhirOrder::Date, true) => BY_DATE_FOR_CLIENT,
            };
            sqlx::query_as(statement)
                .bind(provider.0)
                .bind(resource_type)
                .bind(last_updated.from.map(micros))
                .bind(last_updated.until.map(micros))
                .bind(after.as_ref().map(|a| micros(a.time)))
                .bind(after.as_ref().map(|a| a.id.as_str()))
                .bind(limit(*n))
                .bind(date.from.map(micros))
                .bind(date.until.map(micros))
                .bind(client)
                .fetch_all(&store.reader)
                .await
                .map_err(map_err("fhir search"))?
        }
    };
    rows.into_iter()
        .map(StoredFhirResource::try_from)
        .collect::<Result<Vec<_>, StoreError>>()
}
