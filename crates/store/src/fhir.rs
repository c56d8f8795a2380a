//! The Store trait for the FHIR API: resources kept by the provider's own logical ids, each
//! written together with its projection into the care tables the care page reads. One call is
//! one transaction: a whole transaction Bundle is stored, or nothing is.
//!
//! Everything is scoped to one provider: a provider's ids, references and searches never see
//! another provider's rows. The store resolves references inside the transaction (so a Bundle
//! may refer to what it creates itself) and refuses a write, leaving everything as it was, when
//! a required reference does not exist for this provider.

use crate::{Audit, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use uuid::Uuid;
use zk_domain::ProviderId;
use zk_domain::care::{
    AppointmentState, CarePlanIntent, CarePlanStatus, MeasurementComponent, MeasurementStatus,
};
use zk_domain::client::PostalAddress;

/// A reference from a resource to another resource of the same provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FhirReference {
    pub resource_type: String,
    pub id: String,
    /// When true the target must exist (in the store, or earlier in the same call) and cannot
    /// be deleted while this reference stands; when false it may come later (a CarePlan may list
    /// a Goal that is sent after it).
    pub required: bool,
}

impl FhirReference {
    pub fn required(resource_type: &str, id: &str) -> Self {
        Self {
            resource_type: resource_type.to_owned(),
            id: id.to_owned(),
            required: true,
        }
    }

    pub fn optional(resource_type: &str, id: &str) -> Self {
        Self {
            required: false,
            ..Self::required(resource_type, id)
        }
    }
}

/// Where a document's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentSource {
    Inline(Vec<u8>),
    /// The content of this Binary (a required reference of the write); follows its updates.
    Binary(String),
}

/// What a resource shows on the care page. Practitioners are named by their logical id and
/// must be among the write's required references; the client is the write's `patient`.
#[derive(Clone, Debug, PartialEq)]
pub enum Projection {
    /// Nothing (e.g. an entered-in-error resource); an earlier projection is removed.
    None,
    /// A Patient: the client record with this client number. An unlinked record of the
    /// provider with the same number is taken over (the secretariat may have made it first).
    ClientRecord {
        client_number: String,
        first_name: String,
        last_name: String,
        birth_date: Date,
        email: Option<String>,
        address: Option<PostalAddress>,
    },
    Practitioner {
        name: String,
        discipline: String,
    },
    /// A CareTeam: its members replace the ones it had. A practitioner can be in one care team
    /// of a client only.
    CareTeam {
        /// (practitioner id, role), each practitioner once.
        members: Vec<(String, String)>,
    },
    Appointment {
        practitioner: Option<String>,
        starts_at: Timestamp,
        ends_at: Timestamp,
        title: String,
        location: Option<String>,
        video_url: Option<String>,
        cancelled: bool,
        state: AppointmentState,
    },
    /// A CarePlan; the goals it lists (optional references) appear under it.
    CarePlan {
        title: String,
        description: String,
        period_start: Date,
        period_end: Option<Date>,
        status: CarePlanStatus,
        intent: CarePlanIntent,
        /// The Goals' logical ids, in order.
        goals: Vec<String>,
    },
    /// A Goal: shown under the CarePlan of the same client that lists it (the one written last
    /// when several do); kept out of sight while none does.
    Goal {
        description: String,
        achieved: bool,
        target_date: Option<Date>,
    },
    Report {
        author: Option<String>,
        written_at: Timestamp,
        title: String,
        body: String,
    },
    Document {
        title: String,
        content_type: String,
        created_at: Timestamp,
        source: DocumentSource,
    },
    /// An Observation that is shown (one recorded in error or cancelled projects to `None`).
    Measurement {
        label: String,
        value: Option<f64>,
        unit: String,
        measured_at: Timestamp,
        status: MeasurementStatus,
        components: Vec<MeasurementComponent>,
    },
}

/// A care plan status as the care tables keep it: `status` holds draft, active or completed
/// (what the first schema allows), `status_detail` the finer status when there is one.
pub fn plan_status_columns(status: CarePlanStatus) -> (&'static str, Option<&'static str>) {
    match status {
        CarePlanStatus::Draft | CarePlanStatus::Active | CarePlanStatus::Completed => {
            (status.as_str(), None)
        }
        CarePlanStatus::OnHold | CarePlanStatus::Unknown => ("active", Some(status.as_str())),
        CarePlanStatus::Revoked => ("completed", Some(status.as_str())),
    }
}

/// A care plan status from the care tables' `status` and `status_detail`.
pub fn plan_status_from_columns(
    status: &str,
    detail: Option<&str>,
) -> crate::StoreResult<CarePlanStatus> {
    CarePlanStatus::parse(detail.unwrap_or(status))
        .ok_or_else(|| crate::StoreError::Corrupt("care plan status".into()))
}

/// The parts of a measurement as the care tables keep them: JSON text, `None` for none.
pub fn components_text(components: &[MeasurementComponent]) -> Option<String> {
    if components.is_empty() {
        None
    } else {
        serde_json::to_string(components).ok()
    }
}

/// The parts of a measurement from the care tables.
pub fn components_from_text(text: Option<&str>) -> crate::StoreResult<Vec<MeasurementComponent>> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(t)
            .map_err(|_| crate::StoreError::Corrupt("measurement components".into())),
    }
}

/// Create or replace one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct FhirPut {
    pub resource_type: String,
    pub id: String,
    /// The resource's JSON as the API emits it, without `meta`.
    pub body: String,
    /// Raw bytes kept beside the JSON (a Binary's content).
    pub content: Option<Vec<u8>>,
    /// Where the date searches with `date` look at begins (see [`DateTest`]).
    pub search_date: Option<Timestamp>,
    /// Where that date ends (exclusive); `None` with a `search_date` is an open end (+∞).
    pub search_date_end: Option<Timestamp>,
    /// A Patient's client number (the care records' key).
    pub identifier: Option<String>,
    /// Every identifier of the resource as (system, value), `""` for no system: what searches
    /// with `identifier` look at.
    pub identifiers: Vec<(String, String)>,
    /// The Patient (logical id) this resource is about; also among `references`.
    pub patient: Option<String>,
    pub references: Vec<FhirReference>,
    pub projection: Projection,
    /// The id of the resource's row in the care tables when it is new; an existing resource
    /// keeps the id it has.
    pub new_care_id: Uuid,
}

/// How many versions of each resource are kept for `vread` and `_history` (the current one
/// included). A deletion counts as a version.
pub const FHIR_VERSIONS_KEPT: i64 = 10;

/// One write of a call.
#[derive(Clone, Debug, PartialEq)]
pub enum FhirWrite {
    Put(Box<FhirPut>),
    Delete {
        resource_type: String,
        id: String,
        /// Refuse while another resource refers to it.
        refuse_while_referenced: bool,
    },
    /// A precondition (`If-Match`) for the writes after it: the resource's current version
    /// must be `version_id` (a deleted or missing resource has none). Writes nothing.
    Expect {
        resource_type: String,
        id: String,
        version_id: i64,
    },
}

/// What one write did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FhirWriteResult {
    /// `created` when the resource was new. A PUT identical to what is stored changes nothing
    /// and reports the stored version and time.
    Put {
        created: bool,
        version_id: i64,
        last_updated: Timestamp,
    },
    /// `existed` is false when there was nothing to delete.
    Deleted { existed: bool },
    /// An `Expect` held.
    Checked,
}

/// Why a call was refused; `write` is the index of the offending write. Nothing was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FhirRefusal {
    /// A required reference has no target for this provider.
    MissingReference {
        write: usize,
        resource_type: String,
        id: String,
    },
    /// The client number belongs to another Patient of this provider (`None`: to a client
    /// record made without the API, while this Patient has its own record already).
    IdentifierTaken {
        write: usize,
        patient: Option<String>,
    },
    /// A practitioner of this CareTeam is already in the care team of the same client, through
    /// another CareTeam (`None`: added without the API).
    InOtherCareTeam {
        write: usize,
        practitioner: String,
        care_team: Option<String>,
    },
    /// A listed Goal is about another client than the CarePlan.
    GoalOfOtherPatient { write: usize, goal: String },
    /// The resource to delete is still referred to.
    StillReferenced {
        write: usize,
        resource_type: String,
        id: String,
    },
    /// An `Expect` did not hold: the current version (`None`: deleted or never there).
    VersionMismatch { write: usize, current: Option<i64> },
}

/// The outcome of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FhirWriteOutcome {
    /// Every write was stored; one result per write, in order.
    Done(Vec<FhirWriteResult>),
    Refused(FhirRefusal),
}

/// A stored resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFhirResource {
    pub resource_type: String,
    pub id: String,
    pub body: String,
    pub content: Option<Vec<u8>>,
    pub version_id: i64,
    pub last_updated: Timestamp,
    pub search_date: Option<Timestamp>,
}

/// One kept version of a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FhirVersion {
    pub version_id: i64,
    pub last_updated: Timestamp,
    /// `None` for a deletion.
    pub resource: Option<StoredFhirResource>,
}

/// A resource's kept versions, newest first, and the newest version number it ever had (also
/// when its versions are no longer kept; 0 when it never existed).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FhirHistory {
    pub versions: Vec<FhirVersion>,
    pub latest: i64,
}

/// A half-open time range `[from, until)`; an open end is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeRange {
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

/// A FHIR date prefix. A resource's date is a range `[start, end)`, a search value too
/// (`[from, until)`, e.g. a whole Dutch day); the prefixes compare the two as FHIR R4 defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePrefix {
    /// The resource's range lies within the value's.
    Eq,
    /// Not `Eq`.
    Ne,
    /// The resource's range reaches beyond the value's end.
    Gt,
    /// The resource's range begins before the value's start.
    Lt,
    /// `Gt` or `Eq`.
    Ge,
    /// `Lt` or `Eq`.
    Le,
    /// The resource's range begins at or after the value's end.
    Sa,
    /// The resource's range ends at or before the value's start.
    Eb,
    /// The ranges overlap (the caller widens the value for "approximately").
    Ap,
}

/// One `date` value of a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTest {
    pub prefix: DatePrefix,
    pub from: Timestamp,
    pub until: Timestamp,
}

/// One `identifier` value of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentifierToken {
    /// `None`: any system; `Some("")`: no system.
    pub system: Option<String>,
    pub value: String,
}

/// A search over one resource type of one provider. Every list is AND over its elements (the
/// repeats of a parameter), every inner list OR (a parameter's comma-separated values).
///
/// Results are ordered by logical id and pages continue after the last id of the previous one
/// (a keyset cursor): logical ids never change, so an update while a client pages through the
/// results cannot move a resource to another page, and nothing that matched when paging began
/// (and still matches) is skipped or shown twice. A resource created meanwhile appears only when
/// its id sorts after the cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FhirQuery {
    pub resource_type: String,
    /// The Patients (logical ids) the resource may be about; `None`: any.
    pub patients: Option<Vec<String>>,
    pub identifiers: Vec<Vec<IdentifierToken>>,
    pub dates: Vec<Vec<DateTest>>,
    pub last_updated: TimeRange,
    /// Continue after this logical id.
    pub after_id: Option<String>,
    pub limit: u32,
}

/// Builds the `WHERE` clause of a [`FhirQuery`] for both databases, which take `$n` parameters:
/// the store binds each [`SqlValue`] in order with its own types.
pub mod sql {
    use super::{DatePrefix, FhirQuery};
    use jiff::Timestamp;

    /// A parameter of the built statement.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum SqlValue {
        Text(String),
        Time(Timestamp),
    }

    fn param(values: &mut Vec<SqlValue>, v: SqlValue) -> String {
        values.push(v);
        format!("${}", values.len() + 2)
    }

    /// The conditions after `provider_id = $1 AND resource_type = $2` (which the store binds
    /// first), each starting with ` AND `, and their parameters from `$3` on. `infinity` is the
    /// database's SQL literal for an open end.
    pub fn conditions(q: &FhirQuery, infinity: &str) -> (String, Vec<SqlValue>) {
        let mut sql = String::new();
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(patients) = &q.patients {
            let list: Vec<String> = patients
                .iter()
                .map(|p| param(&mut values, SqlValue::Text(p.clone())))
                .collect();
            sql.push_str(&format!(
                " AND client_record_id IN (SELECT p.client_record_id FROM fhir_resources p
                   WHERE p.provider_id = $1 AND p.resource_type = 'Patient'
                     AND p.logical_id IN ({}))",
                if list.is_empty() {
                    "NULL".to_owned()
                } else {
                    list.join(", ")
                }
            ));
        }
        for any_of in &q.identifiers {
            let alternatives: Vec<String> = any_of
                .iter()
                .map(|t| {
                    let value = param(&mut values, SqlValue::Text(t.value.clone()));
                    match &t.system {
                        None => format!("i.value = {value}"),
                        Some(s) => {
                            let system = param(&mut values, SqlValue::Text(s.clone()));
                            format!("(i.value = {value} AND i.system = {system})")
                        }
                    }
                })
                .collect();
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM fhir_identifiers i WHERE i.provider_id = $1
                   AND i.resource_type = $2 AND i.logical_id = fhir_resources.logical_id
                   AND ({}))",
                alternatives.join(" OR ")
            ));
        }
        let end = format!("COALESCE(search_date_end, {infinity})");
        for any_of in &q.dates {
            let alternatives: Vec<String> = any_of
                .iter()
                .map(|t| {
                    let from = param(&mut values, SqlValue::Time(t.from));
                    let until = param(&mut values, SqlValue::Time(t.until));
                    let within = format!("(search_date >= {from} AND {end} <= {until})");
                    let above = format!("{end} > {until}");
                    let below = format!("search_date < {from}");
                    match t.prefix {
                        DatePrefix::Eq => within,
                        DatePrefix::Ne => format!("NOT {within}"),
                        DatePrefix::Gt => above,
                        DatePrefix::Lt => below,
                        DatePrefix::Ge => format!("({above} OR {within})"),
                        DatePrefix::Le => format!("({below} OR {within})"),
                        DatePrefix::Sa => format!("search_date >= {until}"),
                        DatePrefix::Eb => format!("{end} <= {from}"),
                        DatePrefix::Ap => format!("(search_date < {until} AND {end} > {from})"),
                    }
                })
                .collect();
            sql.push_str(&format!(
                " AND search_date IS NOT NULL AND ({})",
                alternatives.join(" OR ")
            ));
        }
        if let Some(from) = q.last_updated.from {
            let p = param(&mut values, SqlValue::Time(from));
            sql.push_str(&format!(" AND last_updated >= {p}"));
        }
        if let Some(until) = q.last_updated.until {
            let p = param(&mut values, SqlValue::Time(until));
            sql.push_str(&format!(" AND last_updated < {p}"));
        }
        (sql, values)
    }
}

#[async_trait]
pub trait FhirStore {
    /// Applies `writes` in order in one transaction, at time `at`: all of them, or (refused or
    /// failed) none. `audit` is appended in the same transaction when the writes are applied,
    /// and not when they are refused.
    async fn write_fhir(
        &self,
        provider: ProviderId,
        writes: &[FhirWrite],
        at: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<FhirWriteOutcome>;
    async fn read_fhir(
        &self,
        provider: ProviderId,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<Option<StoredFhirResource>>;
    /// The kept versions of one resource (see [`FHIR_VERSIONS_KEPT`]).
    async fn fhir_history(
        &self,
        provider: ProviderId,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<FhirHistory>;
    /// The ids and bodies of the provider's resources of one type whose body contains
    /// `needle` (all of them when `None`), by id: candidates for matching a conditional
    /// create or update, which the caller checks by reading the JSON.
    async fn fhir_bodies_containing(
        &self,
        provider: ProviderId,
        resource_type: &str,
        needle: Option<&str>,
    ) -> StoreResult<Vec<(String, String)>>;
    /// Up to `limit + 1` matches after `after_id`, by logical id: the extra one only says
    /// there is more.
    async fn search_fhir(
        &self,
        provider: ProviderId,
        query: &FhirQuery,
    ) -> StoreResult<Vec<StoredFhirResource>>;
    /// How many resources match `query`, on all pages (`after_id` and `limit` do not count).
    async fn count_fhir(&self, provider: ProviderId, query: &FhirQuery) -> StoreResult<u64>;
}
