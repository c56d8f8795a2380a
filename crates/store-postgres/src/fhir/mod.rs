//! FHIR resources in PostgreSQL: every call is one transaction, in which references are
//! resolved, the resources and their references stored and their care data projected (see
//! `project`). A refusal rolls everything back. The writes of one provider take turns (a
//! transaction-scoped advisory lock), so racing calls cannot both take the same client number
//! or put a practitioner in two care teams; other providers are not held up.

mod history;
mod project;
mod search;

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Postgres, Transaction};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::ProviderId;
use zk_store::fhir::*;
use zk_store::{Audit, StoreResult};

pub(crate) type Tx<'a> = Transaction<'a, Postgres>;

/// A step that may be refused; the refusal ends the call.
pub(crate) type Step<T> = StoreResult<Result<T, FhirRefusal>>;

/// The stored state of a resource that a write looks at.
#[derive(sqlx::FromRow)]
pub(crate) struct Existing {
    pub care_id: Uuid,
    pub client_record_id: Option<Uuid>,
    pub body: String,
    pub content: Option<Vec<u8>>,
    pub version_id: i64,
    pub last_updated: OffsetDateTime,
}

/// A resolved reference target.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target {
    pub care_id: Uuid,
    pub client_record_id: Option<Uuid>,
}

/// Resolved targets by (type, id).
pub(crate) type Resolved = HashMap<(String, String), Target>;

pub(crate) async fn existing(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
) -> StoreResult<Option<Existing>> {
    sqlx::query_as::<_, Existing>(
        "SELECT care_id, client_record_id, body, content, version_id, last_updated
         FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("fhir resource"))
}

pub(crate) async fn target(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
) -> StoreResult<Option<Target>> {
    let row: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "SELECT care_id, client_record_id FROM fhir_resources
         WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("fhir reference"))?;
    Ok(row.map(|(care_id, client_record_id)| Target {
        care_id,
        client_record_id,
    }))
}

/// The targets of one type that a resource refers to.
pub(crate) async fn targets_of(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    source_type: &str,
    source_id: &str,
    target_type: &str,
) -> StoreResult<Vec<String>> {
    sqlx::query_scalar(
        "SELECT target_id FROM fhir_references
         WHERE provider_id = $1 AND source_type = $2 AND source_id = $3 AND target_type = $4
         ORDER BY target_id",
    )
    .bind(provider.0)
    .bind(source_type)
    .bind(source_id)
    .bind(target_type)
    .fetch_all(&mut **tx)
    .await
    .map_err(map_err("fhir references"))
}

/// Stores the references of `put` in place of the ones it had; a new resource had none, so
/// there is nothing to delete first (one statement less per new resource in a bulk import).
async fn replace_references(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    put: &FhirPut,
    is_new: bool,
) -> StoreResult<()> {
    if !is_new {
        delete_references(tx, provider, &put.resource_type, &put.id).await?;
    }
    if put.references.is_empty() {
        return Ok(());
    }
    // One statement for all of them: one round trip, however many references.
    let types: Vec<&str> = put
        .references
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    let ids: Vec<&str> = put.references.iter().map(|r| r.id.as_str()).collect();
    sqlx::query(
        "INSERT INTO fhir_references (provider_id, source_type, source_id, target_type, target_id)
         SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[]) ON CONFLICT DO NOTHING",
    )
    .bind(provider.0)
    .bind(&put.resource_type)
    .bind(&put.id)
    .bind(&types)
    .bind(&ids)
    .execute(&mut **tx)
    .await
    .map_err(map_err("fhir reference"))?;
    Ok(())
}

async fn delete_references(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    source_type: &str,
    source_id: &str,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM fhir_references WHERE provider_id = $1 AND source_type = $2 AND source_id = $3",
    )
    .bind(provider.0)
    .bind(source_type)
    .bind(source_id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
    .map_err(map_err("fhir references"))
}

async fn put_one(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    put: &FhirPut,
    at: Timestamp,
    write: usize,
) -> Step<FhirWriteResult> {
    let existing = existing(tx, provider, &put.resource_type, &put.id).await?;
    if let Some(e) = &existing
        && e.body == put.body
        && e.content == put.content
    {
        return Ok(Ok(FhirWriteResult::Put {
            created: false,
            version_id: e.version_id,
            last_updated: from_odt(e.last_updated)?,
        }));
    }
    let mut resolved = Resolved::new();
    for r in &put.references {
        match target(tx, provider, &r.resource_type, &r.id).await? {
            Some(t) => {
                resolved.insert((r.resource_type.clone(), r.id.clone()), t);
            }
            None if r.required => {
                return Ok(Err(FhirRefusal::MissingReference {
                    write,
                    resource_type: r.resource_type.clone(),
                    id: r.id.clone(),
                }));
            }
            None => {}
        }
    }
    let client = match &put.patient {
        Some(patient) => match resolved
            .get(&("Patient".to_owned(), patient.clone()))
            .and_then(|t| t.client_record_id)
        {
            Some(c) => Some(c),
            None => {
                return Ok(Err(FhirRefusal::MissingReference {
                    write,
                    resource_type: "Patient".into(),
                    id: patient.clone(),
                }));
            }
        },
        None => None,
    };
    let previous_goals = if put.resource_type == "CarePlan" {
        targets_of(tx, provider, "CarePlan", &put.id, "Goal").await?
    } else {
        Vec::new()
    };
    replace_references(tx, provider, put, existing.is_none()).await?;
    let care_id = existing.as_ref().map_or(put.new_care_id, |e| e.care_id);
    let cx = project::Cx {
        provider,
        put,
        is_new: existing.is_none(),
        care_id,
        client,
        existing_client: existing.as_ref().and_then(|e| e.client_record_id),
        resolved: &resolved,
        previous_goals: &previous_goals,
        write,
    };
    let (care_id, client) = match project::apply(tx, &cx).await? {
        Ok(Some(record)) => (record, Some(record)),
        Ok(None) => (care_id, client),
        Err(refusal) => return Ok(Err(refusal)),
    };
    let version_id = history::next_version(
        tx,
        provider,
        &put.resource_type,
        &put.id,
        existing.as_ref().map(|e| e.version_id),
    )
    .await?;
    sqlx::query(
        "INSERT INTO fhir_resources (provider_id, resource_type, logical_id, client_record_id,
             care_id, body, content, version_id, last_updated, search_date, identifier,
             search_date_end)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (provider_id, resource_type, logical_id) DO UPDATE SET
             client_record_id = excluded.client_record_id, care_id = excluded.care_id,
             body = excluded.body, content = excluded.content, version_id = excluded.version_id,
             last_updated = excluded.last_updated, search_date = excluded.search_date,
             identifier = excluded.identifier, search_date_end = excluded.search_date_end",
    )
    .bind(provider.0)
    .bind(&put.resource_type)
    .bind(&put.id)
    .bind(client)
    .bind(care_id)
    .bind(&put.body)
    .bind(put.content.as_deref())
    .bind(version_id)
    .bind(odt(at)?)
    .bind(put.search_date.map(odt).transpose()?)
    .bind(put.identifier.as_deref())
    .bind(put.search_date_end.map(odt).transpose()?)
    .execute(&mut **tx)
    .await
    .map_err(map_err("fhir resource"))?;
    history::record(
        tx,
        provider,
        &put.resource_type,
        &put.id,
        version_id,
        at,
        Some(&put.body),
        put.content.as_deref(),
    )
    .await?;
    search::index(tx, provider, put, existing.is_none()).await?;
    if put.resource_type == "Binary" && existing.is_some() {
        project::refresh_documents(tx, provider, &put.id, put.content.as_deref()).await?;
    }
    Ok(Ok(FhirWriteResult::Put {
        created: existing.is_none(),
        version_id,
        last_updated: at,
    }))
}

async fn delete_one(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    id: &str,
    refuse_while_referenced: bool,
    at: Timestamp,
    write: usize,
) -> Step<FhirWriteResult> {
    let Some(existing) = existing(tx, provider, resource_type, id).await? else {
        return Ok(Ok(FhirWriteResult::Deleted { existed: false }));
    };
    if refuse_while_referenced {
        let referrer: Option<(String, String)> = sqlx::query_as(
            "SELECT source_type, source_id FROM fhir_references
             WHERE provider_id = $1 AND target_type = $2 AND target_id = $3
             ORDER BY source_type, source_id LIMIT 1",
        )
        .bind(provider.0)
        .bind(resource_type)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(map_err("fhir references"))?;
        if let Some((source_type, source_id)) = referrer {
            return Ok(Err(FhirRefusal::StillReferenced {
                write,
                resource_type: source_type,
                id: source_id,
            }));
        }
    }
    let goals = if resource_type == "CarePlan" {
        targets_of(tx, provider, resource_type, id, "Goal").await?
    } else {
        Vec::new()
    };
    delete_references(tx, provider, resource_type, id).await?;
    search::unindex(tx, provider, resource_type, id).await?;
    project::remove(tx, provider, resource_type, existing.care_id, &goals).await?;
    sqlx::query(
        "DELETE FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3",
    )
    .bind(provider.0)
    .bind(resource_type)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(map_err("delete fhir resource"))?;
    let version_id =
        history::next_version(tx, provider, resource_type, id, Some(existing.version_id)).await?;
    history::record(tx, provider, resource_type, id, version_id, at, None, None).await?;
    Ok(Ok(FhirWriteResult::Deleted { existed: true }))
}

#[derive(sqlx::FromRow)]
pub(crate) struct ResourceRow {
    resource_type: String,
    logical_id: String,
    body: String,
    content: Option<Vec<u8>>,
    version_id: i64,
    last_updated: OffsetDateTime,
    search_date: Option<OffsetDateTime>,
}

impl TryFrom<ResourceRow> for StoredFhirResource {
    type Error = zk_store::StoreError;
    fn try_from(r: ResourceRow) -> Result<Self, Self::Error> {
        Ok(StoredFhirResource {
            resource_type: r.resource_type,
            id: r.logical_id,
            body: r.body,
            content: r.content,
            version_id: r.version_id,
            last_updated: from_odt(r.last_updated)?,
            search_date: r.search_date.map(from_odt).transpose()?,
        })
    }
}

#[async_trait]
impl FhirStore for PostgresStore {
    async fn write_fhir(
        &self,
        provider: ProviderId,
        writes: &[FhirWrite],
        at: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<FhirWriteOutcome> {
        let mut tx = self.pool.begin().await.map_err(map_err("fhir write"))?;
        let (high, low) = provider.0.as_u64_pair();
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind((high ^ low) as i64)
            .execute(&mut *tx)
            .await
            .map_err(map_err("fhir write lock"))?;
        let mut results = Vec::with_capacity(writes.len());
        for (write, w) in writes.iter().enumerate() {
            let step = match w {
                FhirWrite::Put(put) => put_one(&mut tx, provider, put, at, write).await?,
                FhirWrite::Delete {
                    resource_type,
                    id,
                    refuse_while_referenced,
                } => {
                    delete_one(
                        &mut tx,
                        provider,
                        resource_type,
                        id,
                        *refuse_while_referenced,
                        at,
                        write,
                    )
                    .await?
                }
                FhirWrite::Expect {
                    resource_type,
                    id,
                    version_id,
                } => {
                    history::expect(&mut tx, provider, resource_type, id, *version_id, write)
                        .await?
                }
            };
            match step {
                Ok(result) => results.push(result),
                Err(refusal) => {
                    tx.rollback().await.map_err(map_err("fhir write"))?;
                    return Ok(FhirWriteOutcome::Refused(refusal));
                }
            }
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("fhir write"))?;
        Ok(FhirWriteOutcome::Done(results))
    }

    async fn read_fhir(
        &self,
        provider: ProviderId,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<Option<StoredFhirResource>> {
        sqlx::query_as::<_, ResourceRow>(
            "SELECT resource_type, logical_id, body, content, version_id, last_updated, search_date
             FROM fhir_resources WHERE provider_id = $1 AND resource_type = $2 AND logical_id = $3",
        )
        .bind(provider.0)
        .bind(resource_type)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("fhir resource"))?
        .map(StoredFhirResource::try_from)
        .transpose()
    }

    async fn fhir_history(
        &self,
        provider: ProviderId,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<FhirHistory> {
        history::history(self, provider, resource_type, id).await
    }

    async fn fhir_bodies_containing(
        &self,
        provider: ProviderId,
        resource_type: &str,
        needle: Option<&str>,
    ) -> StoreResult<Vec<(String, String)>> {
        history::bodies_containing(self, provider, resource_type, needle).await
    }

    async fn search_fhir(
        &self,
        provider: ProviderId,
        query: &FhirQuery,
    ) -> StoreResult<Vec<StoredFhirResource>> {
        search::run(self, provider, query).await
    }

    async fn count_fhir(&self, provider: ProviderId, query: &FhirQuery) -> StoreResult<u64> {
        search::count(self, provider, query).await
    }
}
