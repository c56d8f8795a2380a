//! Projections of FHIR resources into the care tables the care page reads: a Patient is a
//! client record, a Practitioner a practitioner, and so on (see `zk_store::fhir::Projection`).
//! Rows that nothing refers to are replaced whole; client records, practitioners and care
//! plans, which other rows refer to, are updated in place.

use super::{Resolved, Step, Tx};
use crate::convert::*;
use crate::map_err;
use uuid::Uuid;
use zk_domain::ProviderId;
use zk_domain::client::PostalAddress;
use zk_store::StoreResult;
use zk_store::fhir::*;

/// What a projection needs to know about its write.
pub(crate) struct Cx<'a> {
    pub provider: ProviderId,
    pub put: &'a FhirPut,
    /// The resource was not stored before: it has no care data to replace.
    pub is_new: bool,
    pub care_id: Uuid,
    /// The client the resource is about.
    pub client: Option<Uuid>,
    /// For a Patient that exists: its client record.
    pub existing_client: Option<Uuid>,
    pub resolved: &'a Resolved,
    /// For a CarePlan: the goals it listed before this write.
    pub previous_goals: &'a [String],
    pub write: usize,
}

impl Cx<'_> {
    fn practitioner(&self, id: &str) -> Option<Uuid> {
        self.resolved
            .get(&("Practitioner".to_owned(), id.to_owned()))
            .map(|t| t.care_id)
    }

    fn client(&self) -> StoreResult<Uuid> {
        self.client.ok_or_else(|| {
            zk_store::StoreError::Other(format!(
                "a {} needs the client it is about",
                self.put.resource_type
            ))
        })
    }
}

/// Writes the projection. Returns the client record for a Patient.
pub(crate) async fn apply(tx: &mut Tx<'_>, cx: &Cx<'_>) -> Step<Option<Uuid>> {
    match &cx.put.projection {
        Projection::ClientRecord {
            client_number,
            first_name,
            last_name,
            birth_date,
            email,
            address,
        } => {
            let fields = RecordFields {
                client_number,
                first_name,
                last_name,
                birth_date: date_text(*birth_date),
                email: email.as_deref(),
                address: address.as_ref(),
            };
            return client_record(tx, cx, &fields).await.map(|r| r.map(Some));
        }
        Projection::Practitioner { name, discipline } => {
            sqlx::query(
                "INSERT INTO practitioners (id, provider_id, name, discipline) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, discipline = excluded.discipline",
            )
            .bind(cx.care_id)
            .bind(cx.provider.0)
            .bind(name)
            .bind(discipline)
            .execute(&mut **tx)
            .await
            .map_err(map_err("practitioner"))?;
        }
        Projection::CareTeam { members } => {
            if let Err(refusal) = care_team(tx, cx, members).await? {
                return Ok(Err(refusal));
            }
        }
        Projection::CarePlan {
            title,
            description,
            period_start,
            period_end,
            status,
            intent,
            goals,
        } => {
            let (coarse, detail) = plan_status_columns(*status);
            sqlx::query(
                "INSERT INTO care_plans (id, client_record_id, title, description, period_start, period_end,
                     status, status_detail, intent)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (id) DO UPDATE SET client_record_id = excluded.client_record_id,
                     title = excluded.title, description = excluded.description,
                     period_start = excluded.period_start, period_end = excluded.period_end,
                     status = excluded.status, status_detail = excluded.status_detail,
                     intent = excluded.intent",
            )
            .bind(cx.care_id)
            .bind(cx.client()?)
            .bind(title)
            .bind(description)
            .bind(date_text(*period_start))
            .bind(period_end.map(date_text))
            .bind(coarse)
            .bind(detail)
            .bind(intent.as_str())
            .execute(&mut **tx)
            .await
            .map_err(map_err("care plan"))?;
            if let Err(refusal) = plan_goals(tx, cx, goals).await? {
                return Ok(Err(refusal));
            }
        }
        other => {
            if !cx.is_new {
                remove(tx, cx.provider, &cx.put.resource_type, cx.care_id, &[]).await?;
            }
            insert_leaf(tx, cx, other).await?;
        }
    }
    Ok(Ok(None))
}

struct RecordFields<'a> {
    client_number: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    birth_date: String,
    email: Option<&'a str>,
    address: Option<&'a PostalAddress>,
}

/// The Patient this provider linked to a client record, other than `except`.
async fn patient_of(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    record: Uuid,
    except: &str,
) -> StoreResult<Option<String>> {
    sqlx::query_scalar(
        "SELECT logical_id FROM fhir_resources
         WHERE provider_id = $1 AND resource_type = 'Patient' AND client_record_id = $2
           AND logical_id <> $3
         LIMIT 1",
    )
    .bind(provider.0)
    .bind(record)
    .bind(except)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("patient of client record"))
}

async fn client_record(tx: &mut Tx<'_>, cx: &Cx<'_>, f: &RecordFields<'_>) -> Step<Uuid> {
    let holder: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM client_records WHERE provider_id = $1 AND client_number = $2",
    )
    .bind(cx.provider.0)
    .bind(f.client_number)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("client number"))?;
    let record = match (cx.existing_client, holder) {
        (Some(mine), Some(other)) if other != mine => {
            let patient = patient_of(tx, cx.provider, other, &cx.put.id).await?;
            return Ok(Err(FhirRefusal::IdentifierTaken {
                write: cx.write,
                patient,
            }));
        }
        (Some(mine), _) => mine,
        (None, Some(other)) => {
            if let Some(patient) = patient_of(tx, cx.provider, other, &cx.put.id).await? {
                return Ok(Err(FhirRefusal::IdentifierTaken {
                    write: cx.write,
                    patient: Some(patient),
                }));
            }
            other
        }
        (None, None) => {
            sqlx::query(
                "INSERT INTO client_records (id, provider_id, client_number, first_name, last_name, birth_date)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(cx.care_id)
            .bind(cx.provider.0)
            .bind(f.client_number)
            .bind(f.first_name)
            .bind(f.last_name)
            .bind(&f.birth_date)
            .execute(&mut **tx)
            .await
            .map_err(map_err("client record"))?;
            cx.care_id
        }
    };
    sqlx::query(
        "UPDATE client_records SET client_number = $1, first_name = $2, last_name = $3,
             birth_date = $4, email = $5, street = $6, postal_code = $7, city = $8
         WHERE id = $9 AND provider_id = $10",
    )
    .bind(f.client_number)
    .bind(f.first_name)
    .bind(f.last_name)
    .bind(&f.birth_date)
    .bind(f.email)
    .bind(f.address.map(|a| a.street.as_str()))
    .bind(f.address.map(|a| a.postal_code.as_str()))
    .bind(f.address.map(|a| a.city.as_str()))
    .bind(record)
    .bind(cx.provider.0)
    .execute(&mut **tx)
    .await
    .map_err(map_err("client record"))?;
    Ok(Ok(record))
}

async fn care_team(tx: &mut Tx<'_>, cx: &Cx<'_>, members: &[(String, String)]) -> Step<()> {
    let client = cx.client()?;
    sqlx::query("DELETE FROM care_team_members WHERE care_team_id = $1")
        .bind(cx.care_id)
        .execute(&mut **tx)
        .await
        .map_err(map_err("care team"))?;
    for (practitioner, role) in members {
        let Some(practitioner_id) = cx.practitioner(practitioner) else {
            return Ok(Err(FhirRefusal::MissingReference {
                write: cx.write,
                resource_type: "Practitioner".into(),
                id: practitioner.clone(),
            }));
        };
        let inserted = sqlx::query(
            "INSERT INTO care_team_members (id, client_record_id, practitioner_id, role, care_team_id)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(client)
        .bind(practitioner_id)
        .bind(role)
        .bind(cx.care_id)
        .execute(&mut **tx)
        .await
        .map_err(map_err("care team member"))?
        .rows_affected();
        if inserted == 0 {
            let care_team: Option<String> = sqlx::query_scalar(
                "SELECT f.source_id FROM fhir_references f
                 JOIN fhir_resources r ON r.provider_id = f.provider_id
                     AND r.resource_type = f.source_type AND r.logical_id = f.source_id
                 WHERE f.provider_id = $1 AND f.target_type = 'Practitioner' AND f.target_id = $2
                   AND f.source_type = 'CareTeam' AND f.source_id <> $3 AND r.client_record_id = $4
                 LIMIT 1",
            )
            .bind(cx.provider.0)
            .bind(practitioner)
            .bind(&cx.put.id)
            .bind(client)
            .fetch_optional(&mut **tx)
            .await
            .map_err(map_err("care team"))?;
            return Ok(Err(FhirRefusal::InOtherCareTeam {
                write: cx.write,
                practitioner: practitioner.clone(),
                care_team,
            }));
        }
    }
    Ok(Ok(()))
}

/// Puts the goals a plan lists under it, and lets the ones it no longer lists find another
/// plan (or wait).
async fn plan_goals(tx: &mut Tx<'_>, cx: &Cx<'_>, goals: &[String]) -> Step<()> {
    let client = cx.client()?;
    for goal in goals {
        let Some(target) = cx.resolved.get(&("Goal".to_owned(), goal.clone())) else {
            continue;
        };
        if target.client_record_id != Some(client) {
            return Ok(Err(FhirRefusal::GoalOfOtherPatient {
                write: cx.write,
                goal: goal.clone(),
            }));
        }
        sqlx::query("UPDATE goals SET care_plan_id = $1 WHERE id = $2")
            .bind(cx.care_id)
            .bind(target.care_id)
            .execute(&mut **tx)
            .await
            .map_err(map_err("goal"))?;
    }
    for goal in cx.previous_goals {
        if !goals.contains(goal) {
            relink_goal(tx, cx.provider, goal).await?;
        }
    }
    Ok(Ok(()))
}

/// The care plan a goal shows under: of the shown CarePlans of its client that list it (one
/// recorded in error is not shown), the one written last.
async fn plan_for_goal(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    goal: &str,
    client: Uuid,
) -> StoreResult<Option<Uuid>> {
    sqlx::query_scalar(
        "SELECT r.care_id FROM fhir_references f
         JOIN fhir_resources r ON r.provider_id = f.provider_id
             AND r.resource_type = f.source_type AND r.logical_id = f.source_id
         WHERE f.provider_id = $1 AND f.target_type = 'Goal' AND f.target_id = $2
           AND f.source_type = 'CarePlan' AND r.client_record_id = $3
           AND EXISTS (SELECT 1 FROM care_plans p WHERE p.id = r.care_id)
         ORDER BY r.last_updated DESC, r.logical_id DESC
         LIMIT 1",
    )
    .bind(provider.0)
    .bind(goal)
    .bind(client)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("plan of goal"))
}

/// Moves a stored goal under the plan that now lists it, or out of sight.
async fn relink_goal(tx: &mut Tx<'_>, provider: ProviderId, goal: &str) -> StoreResult<()> {
    let Some(target) = super::target(tx, provider, "Goal", goal).await? else {
        return Ok(());
    };
    let plan = match target.client_record_id {
        Some(client) => plan_for_goal(tx, provider, goal, client).await?,
        None => None,
    };
    sqlx::query("UPDATE goals SET care_plan_id = $1 WHERE id = $2")
        .bind(plan)
        .bind(target.care_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
        .map_err(map_err("goal"))
}

async fn insert_leaf(tx: &mut Tx<'_>, cx: &Cx<'_>, projection: &Projection) -> StoreResult<()> {
    let e = |what| map_err(what);
    match projection {
        Projection::Appointment {
            practitioner,
            starts_at,
            ends_at,
            title,
            location,
            video_url,
            cancelled,
            state,
        } => {
            sqlx::query(
                "INSERT INTO appointments (id, client_record_id, practitioner_id, starts_at, ends_at,
                     title, location, video_url, cancelled, state)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(cx.care_id)
            .bind(cx.client()?)
            .bind(practitioner.as_deref().and_then(|p| cx.practitioner(p)))
            .bind(micros(*starts_at))
            .bind(micros(*ends_at))
            .bind(title)
            .bind(location.as_deref())
            .bind(video_url.as_deref())
            .bind(*cancelled)
            .bind(state.as_str())
            .execute(&mut **tx)
            .await
            .map_err(e("appointment"))?;
        }
        Projection::Goal {
            description,
            achieved,
            target_date,
        } => {
            let plan = plan_for_goal(tx, cx.provider, &cx.put.id, cx.client()?).await?;
            sqlx::query(
                "INSERT INTO goals (id, care_plan_id, description, achieved, target_date)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(cx.care_id)
            .bind(plan)
            .bind(description)
            .bind(*achieved)
            .bind(target_date.map(date_text))
            .execute(&mut **tx)
            .await
            .map_err(e("goal"))?;
        }
        Projection::Report {
            author,
            written_at,
            title,
            body,
        } => {
            sqlx::query(
                "INSERT INTO reports (id, client_record_id, author_id, written_at, title, body)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(cx.care_id)
            .bind(cx.client()?)
            .bind(author.as_deref().and_then(|p| cx.practitioner(p)))
            .bind(micros(*written_at))
            .bind(title)
            .bind(body)
            .execute(&mut **tx)
            .await
            .map_err(e("report"))?;
        }
        Projection::Document {
            title,
            content_type,
            created_at,
            source,
        } => {
            let stored;
            let content: &[u8] = match source {
                DocumentSource::Inline(bytes) => bytes,
                DocumentSource::Binary(id) => {
                    stored = binary_content(tx, cx.provider, id).await?;
                    &stored
                }
            };
            sqlx::query(
                "INSERT INTO documents (id, client_record_id, title, content_type, size_bytes, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(cx.care_id)
            .bind(cx.client()?)
            .bind(title)
            .bind(content_type)
            .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
            .bind(micros(*created_at))
            .execute(&mut **tx)
            .await
            .map_err(e("document"))?;
            sqlx::query("INSERT INTO document_contents (document_id, content) VALUES ($1, $2)")
                .bind(cx.care_id)
                .bind(content)
                .execute(&mut **tx)
                .await
                .map_err(e("document content"))?;
        }
        Projection::Measurement {
            label,
            value,
            unit,
            measured_at,
            status,
            components,
        } => {
            sqlx::query(
                "INSERT INTO measurements (id, client_record_id, label, value, unit, measured_at,
                     status, components)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(cx.care_id)
            .bind(cx.client()?)
            .bind(label)
            .bind(*value)
            .bind(unit)
            .bind(micros(*measured_at))
            .bind(status.as_str())
            .bind(components_text(components))
            .execute(&mut **tx)
            .await
            .map_err(e("measurement"))?;
        }
        Projection::None
        | Projection::ClientRecord { .. }
        | Projection::Practitioner { .. }
        | Projection::CareTeam { .. }
        | Projection::CarePlan { .. } => {}
    }
    Ok(())
}

async fn binary_content(tx: &mut Tx<'_>, provider: ProviderId, id: &str) -> StoreResult<Vec<u8>> {
    let content: Option<Option<Vec<u8>>> = sqlx::query_scalar(
        "SELECT content FROM fhir_resources
         WHERE provider_id = $1 AND resource_type = 'Binary' AND logical_id = $2",
    )
    .bind(provider.0)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("binary"))?;
    Ok(content.flatten().unwrap_or_default())
}

/// After a Binary changed: the documents made from it get its new content.
pub(crate) async fn refresh_documents(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    binary: &str,
    content: Option<&[u8]>,
) -> StoreResult<()> {
    let content = content.unwrap_or_default();
    let documents: Vec<Uuid> = sqlx::query_scalar(
        "SELECT r.care_id FROM fhir_references f
         JOIN fhir_resources r ON r.provider_id = f.provider_id
             AND r.resource_type = f.source_type AND r.logical_id = f.source_id
         WHERE f.provider_id = $1 AND f.target_type = 'Binary' AND f.target_id = $2
           AND f.source_type = 'DocumentReference'",
    )
    .bind(provider.0)
    .bind(binary)
    .fetch_all(&mut **tx)
    .await
    .map_err(map_err("documents of binary"))?;
    for document in documents {
        sqlx::query("UPDATE document_contents SET content = $1 WHERE document_id = $2")
            .bind(content)
            .bind(document)
            .execute(&mut **tx)
            .await
            .map_err(map_err("document content"))?;
        sqlx::query("UPDATE documents SET size_bytes = $1 WHERE id = $2")
            .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
            .bind(document)
            .execute(&mut **tx)
            .await
            .map_err(map_err("document"))?;
    }
    Ok(())
}

/// Removes what a resource of `resource_type` shows on the care page. A Patient's client record
/// stays (letters and a connection may hang on it); a CarePlan's goals (`goals`) look for
/// another plan first.
pub(crate) async fn remove(
    tx: &mut Tx<'_>,
    provider: ProviderId,
    resource_type: &str,
    care_id: Uuid,
    goals: &[String],
) -> StoreResult<()> {
    let statements: &[&'static str] = match resource_type {
        "Practitioner" => &["DELETE FROM practitioners WHERE id = $1"],
        "CareTeam" => &["DELETE FROM care_team_members WHERE care_team_id = $1"],
        "Appointment" => &["DELETE FROM appointments WHERE id = $1"],
        "Goal" => &["DELETE FROM goals WHERE id = $1"],
        "DocumentReference" => &[
            "DELETE FROM document_contents WHERE document_id = $1",
            "DELETE FROM documents WHERE id = $1",
            "DELETE FROM reports WHERE id = $1",
        ],
        "Observation" => &["DELETE FROM measurements WHERE id = $1"],
        "CarePlan" => {
            for goal in goals {
                relink_goal(tx, provider, goal).await?;
            }
            &[
                "UPDATE goals SET care_plan_id = NULL WHERE care_plan_id = $1",
                "DELETE FROM care_plans WHERE id = $1",
            ]
        }
        _ => &[],
    };
    for statement in statements {
        sqlx::query(*statement)
            .bind(care_id)
            .execute(&mut **tx)
            .await
            .map_err(map_err("remove care data"))?;
    }
    Ok(())
}
