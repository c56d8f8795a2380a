//! Kept versions of FHIR resources (`fhir_history`): every stored version and every deletion
//! is recorded in the write's transaction, the oldest beyond `FHIR_VERSIONS_KEPT` pruned. The
//! newest row is never pruned, so version numbers go on growing over a deletion.

use super::{Step, Tx, existing};
use crate::convert::*;
use crate::{PostgresStore, map_err};
use jiff::Timestamp;
use zk_domain::ProviderId;
use zk_store::StoreResult;
use zk_store::fhir::*;

/// The version a new write of the resource gets: one past the newest it ever had.
pub(crate) async fn next_version(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
    current: Option<i64>,
) -> StoreResult<i64> {
    let kept: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version_id) FROM fhir_history
         WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .fetch_one(&mut **tx)
    .await
    .map_err(map_err("fhir history"))?;
    Ok(kept.unwrap_or(0).max(current.unwrap_or(0)) + 1)
}

/// Records version `version_id` (`body` `None`: a deletion) and prunes the oldest.
#[allow(clippy::too_many_arguments, reason = "one row's columns")]
pub(crate) async fn record(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
    version_id: i64,
    at: Timestamp,
    body: Option<&str>,
    content: Option<&[u8]>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO fhir_history (provider_id, resource_type, logical_id, version_id,
             last_updated, body, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .bind(version_id)
    .bind(odt(at)?)
    .bind(body)
    .bind(content)
    .execute(&mut **tx)
    .await
    .map_err(map_err("fhir history"))?;
    // Versions older than the kept ones exist only from version N + 1 on.
    if version_id > FHIR_VERSIONS_KEPT {
        sqlx::query(
            "DELETE FROM fhir_history
             WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3 AND version_id <= $4",
        )
        .bind(provider.0)
        .bind(resource_type)
        .bind(id)
        .bind(version_id - FHIR_VERSIONS_KEPT)
        .execute(&mut **tx)
        .await
        .map_err(map_err("fhir history"))?;
    }
    Ok(())
}

/// Checks an `Expect`: the resource's current version must be `version_id`.
pub(crate) async fn expect(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
    version_id: i64,
    write: usize,
) -> Step<FhirWriteResult> {
    let current = existing(tx, provider, resource_type, id)
        .await?
        .map(|e| e.version_id);
    Ok(if current == Some(version_id) {
        Ok(FhirWriteResult::Checked)
    } else {
        Err(FhirRefusal::VersionMismatch { write, current })
    })
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    version_id: i64,
    last_updated: time::OffsetDateTime,
    body: Option<String>,
    content: Option<Vec<u8>>,
}

pub(crate) async fn history(
    store: &PostgresStore,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
) -> StoreResult<FhirHistory> {
    let rows = sqlx::query_as::<_, VersionRow>(
        "SELECT version_id, last_updated, body, content FROM fhir_history
         WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3
         ORDER BY version_id DESC",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .fetch_all(&store.pool)
    .await
    .map_err(map_err("fhir history"))?;
    let mut versions = Vec::with_capacity(rows.len());
    for r in rows {
        let last_updated = from_odt(r.last_updated)?;
        versions.push(FhirVersion {
            version_id: r.version_id,
            last_updated,
            resource: r.body.map(|body| StoredFhirResource {
                resource_type: resource_type.to_owned(),
                id: id.to_owned(),
                body,
                content: r.content,
                version_id: r.version_id,
                last_updated,
                search_date: None,
            }),
        });
    }
    Ok(FhirHistory {
        latest: versions.first().map_or(0, |v| v.version_id),
        versions,
    })
}

pub(crate) async fn bodies_containing(
    store: &PostgresStore,
    provider: ProviderId,
    resource_type: &str,
    needle: Option<&str>,
) -> StoreResult<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT logical_id, body FROM fhir_resources
         WHERE provider_id = $1 AND resource_type = $2 AND ($3::text IS NULL OR strpos(body, $3) > 0)
         ORDER BY logical_id",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(needle)
    .fetch_all(&store.pool)
    .await
    .map_err(map_err("fhir candidates"))
}
