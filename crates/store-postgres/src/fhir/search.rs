//! FHIR searches in PostgreSQL: one statement built from the query (see `zk_store::fhir::sql`),
//! in logical-id order after the keyset cursor; and the search index a write keeps: every
//! identifier of a resource and the end of its date range.

use super::{ResourceRow, Tx};
use crate::convert::*;
use crate::{PostgresStore, map_err};
use zk_domain::ProviderId;
use zk_store::fhir::sql::{SqlValue, conditions};
use zk_store::fhir::*;
use zk_store::{StoreError, StoreResult};

/// An open end of a date range, as PostgreSQL compares it.
const INFINITY: &str = "'infinity'::timestamptz";

fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    provider: ProviderId,
    query: &'q FhirQuery,
    values: Vec<SqlValue>,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
    q = q.bind(provider.0).bind(&query.resource_type);
    for v in values {
        q = match v {
            SqlValue::Text(t) => q.bind(t),
            SqlValue::Time(t) => q.bind(odt(t).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)),
        };
    }
    q
}

pub(crate) async fn run(
    store: &PostgresStore,
    provider: ProviderId,
    query: &FhirQuery,
) -> StoreResult<Vec<StoredFhirResource>> {
    // Only the builder's fixed text and `$n` placeholders go into the statement; every value
    // the client sent is a bound parameter.
    let (mut filter, mut values) = conditions(query, INFINITY);
    if let Some(after) = &query.after_id {
        values.push(SqlValue::Text(after.clone()));
        filter.push_str(&format!(" AND logical_id > ${}", values.len() + 2));
    }
    let sql = format!(
        "SELECT resource_type, logical_id, body, content, version_id, last_updated, search_date
         FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2{filter}
         ORDER BY logical_id LIMIT {}",
        i64::from(query.limit) + 1
    );
    let rows: Vec<ResourceRow> = bind_all(
        sqlx::query_as(sqlx::AssertSqlSafe(sql)),
        provider,
        query,
        values,
    )
    .fetch_all(&store.pool)
    .await
    .map_err(map_err("fhir search"))?;
    rows.into_iter()
        .map(StoredFhirResource::try_from)
        .collect::<Result<Vec<_>, StoreError>>()
}

pub(crate) async fn count(
    store: &PostgresStore,
    provider: ProviderId,
    query: &FhirQuery,
) -> StoreResult<u64> {
    let (filter, values) = conditions(query, INFINITY);
    let sql = format!(
        "SELECT COUNT(*) FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2{filter}"
    );
    let (n,): (i64,) = bind_all(
        sqlx::query_as(sqlx::AssertSqlSafe(sql)),
        provider,
        query,
        values,
    )
    .fetch_one(&store.pool)
    .await
    .map_err(map_err("fhir count"))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Keeps the search index of a written resource: its identifiers (its date range end is
/// written with the resource itself).
pub(crate) async fn index(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    put: &FhirPut,
    is_new: bool,
) -> StoreResult<()> {
    // A new resource has no identifiers yet (a delete removes them): one statement less per
    // new resource in a bulk import.
    if !is_new {
        unindex(tx, provider, &put.resource_type, &put.id).await?;
    }
    for (system, value) in &put.identifiers {
        sqlx::query(
            "INSERT INTO fhir_identifiers (provider_id, resource_type, logical_id, system, value)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(provider.0)
        .bind(&put.resource_type)
        .bind(&put.id)
        .bind(system)
        .bind(value)
        .execute(&mut **tx)
        .await
        .map_err(map_err("fhir identifiers"))?;
    }
    Ok(())
}

/// Removes a resource's identifiers from the search index.
pub(crate) async fn unindex(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM fhir_identifiers WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(map_err("fhir identifiers"))?;
    Ok(())
}
