//! Reports, documents and measurements in PostgreSQL, and the `CareStore` impl that ties the
//! care data together.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::care::*;
use zk_domain::page::{Page, PageRequest};
use zk_domain::*;
use zk_store::cursor::Cursor;
use zk_store::{CareStore, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: Uuid,
    client_record_id: Uuid,
    author_id: Option<Uuid>,
    written_at: OffsetDateTime,
    title: String,
    body: String,
}

impl TryFrom<ReportRow> for Report {
    type Error = StoreError;
    fn try_from(r: ReportRow) -> Result<Self, StoreError> {
        Ok(Report {
            id: ReportId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            author_id: r.author_id.map(PractitionerId),
            written_at: from_odt(r.written_at)?,
            title: r.title,
            body: r.body,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: Uuid,
    client_record_id: Uuid,
    title: String,
    content_type: String,
    size_bytes: i64,
    created_at: OffsetDateTime,
}

impl TryFrom<DocumentRow> for Document {
    type Error = StoreError;
    fn try_from(r: DocumentRow) -> Result<Self, StoreError> {
        Ok(Document {
            id: DocumentId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            title: r.title,
            content_type: r.content_type,
            size_bytes: u64::try_from(r.size_bytes)
                .map_err(|_| StoreError::Corrupt("document size".into()))?,
            created_at: from_odt(r.created_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MeasurementRow {
    id: Uuid,
    client_record_id: Uuid,
    label: String,
    value: Option<f64>,
    unit: String,
    status: String,
    components: Option<String>,
    measured_at: OffsetDateTime,
}

impl TryFrom<MeasurementRow> for Measurement {
    type Error = StoreError;
    fn try_from(r: MeasurementRow) -> Result<Self, StoreError> {
        Ok(Measurement {
            id: MeasurementId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            label: r.label,
            value: r.value,
            unit: r.unit,
            measured_at: from_odt(r.measured_at)?,
            status: MeasurementStatus::parse(&r.status)
                .ok_or_else(|| StoreError::Corrupt("measurement status".into()))?,
            components: zk_store::fhir::components_from_text(r.components.as_deref())?,
        })
    }
}

macro_rules! document_columns {
    () => {
        "id, client_record_id, title, content_type, size_bytes, created_at"
    };
}

#[async_trait]
impl CareStore for PostgresStore {
    async fn insert_care_team_member(&self, member: &CareTeamMember) -> StoreResult<()> {
        self.insert_team_member(member).await
    }

    async fn list_care_team(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<CareTeamMember>> {
        self.team_page(client, page).await
    }

    async fn insert_appointment(&self, appointment: &Appointment) -> StoreResult<()> {
        self.insert_appointment_row(appointment).await
    }

    async fn list_appointments(
        &self,
        client: ClientRecordId,
        window: AppointmentWindow,
        page: &PageRequest,
    ) -> StoreResult<Page<Appointment>> {
        self.appointment_page(client, window, page).await
    }

    async fn insert_care_plan(&self, plan: &CarePlan) -> StoreResult<()> {
        self.insert_plan(plan).await
    }

    async fn list_care_plans(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<CarePlan>> {
        self.plan_page(client, page).await
    }

    async fn insert_goal(&self, goal: &Goal) -> StoreResult<()> {
        self.insert_goal_row(goal).await
    }

    async fn list_goals(&self, plan: CarePlanId, page: &PageRequest) -> StoreResult<Page<Goal>> {
        self.goal_page(plan, page).await
    }

    async fn insert_report(&self, r: &Report) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO reports (id, client_record_id, author_id, written_at, title, body) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.id.0)
        .bind(r.client_record_id.0)
        .bind(r.author_id.map(|a| a.0))
        .bind(odt(r.written_at)?)
        .bind(&r.title)
        .bind(&r.body)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("report"))
    }

    async fn get_report(&self, id: ReportId) -> StoreResult<Option<Report>> {
        sqlx::query_as::<_, ReportRow>(
            "SELECT id, client_record_id, author_id, written_at, title, body FROM reports WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("report"))?
        .map(Report::try_from)
        .transpose()
    }

    async fn list_reports(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Report>> {
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, ReportRow>(
            "SELECT id, client_record_id, author_id, written_at, title, body FROM reports
             WHERE client_record_id = $1
               AND ($2::timestamptz IS NULL OR (written_at, id) < ($2, $3::uuid))
             ORDER BY written_at DESC, id DESC LIMIT $4",
        )
        .bind(client.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("reports"))?;
        let items = rows
            .into_iter()
            .map(Report::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |r| {
            Cursor::TimeId(micros(r.written_at), r.id.0).encode()
        }))
    }

    async fn insert_document(&self, d: &Document, content: &[u8]) -> StoreResult<()> {
        let size = i64::try_from(d.size_bytes)
            .map_err(|_| StoreError::Other("document too large".into()))?;
        let created_at = odt(d.created_at)?;
        let mut tx = self.pool.begin().await.map_err(map_err("document"))?;
        sqlx::query(concat!(
            "INSERT INTO documents (",
            document_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(d.id.0)
        .bind(d.client_record_id.0)
        .bind(&d.title)
        .bind(&d.content_type)
        .bind(size)
        .bind(created_at)
        .execute(&mut *tx)
        .await
        .map_err(map_err("document"))?;
        sqlx::query("INSERT INTO document_contents (document_id, content) VALUES ($1, $2)")
            .bind(d.id.0)
            .bind(content)
            .execute(&mut *tx)
            .await
            .map_err(map_err("document content"))?;
        tx.commit().await.map_err(map_err("document"))
    }

    async fn get_document(&self, id: DocumentId) -> StoreResult<Option<Document>> {
        sqlx::query_as::<_, DocumentRow>(concat!(
            "SELECT ",
            document_columns!(),
            " FROM documents WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("document"))?
        .map(Document::try_from)
        .transpose()
    }

    async fn read_document_content(&self, id: DocumentId) -> StoreResult<Option<Vec<u8>>> {
        sqlx::query_scalar("SELECT content FROM document_contents WHERE document_id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("document content"))
    }

    async fn list_documents(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Document>> {
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, DocumentRow>(concat!(
            "SELECT ",
            document_columns!(),
            " FROM documents
             WHERE client_record_id = $1
               AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
             ORDER BY created_at DESC, id DESC LIMIT $4"
        ))
        .bind(client.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("documents"))?;
        let items = rows
            .into_iter()
            .map(Document::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |d| {
            Cursor::TimeId(micros(d.created_at), d.id.0).encode()
        }))
    }

    async fn insert_measurement(&self, m: &Measurement) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO measurements (id, client_record_id, label, value, unit, measured_at, status, components)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(m.id.0)
        .bind(m.client_record_id.0)
        .bind(&m.label)
        .bind(m.value)
        .bind(&m.unit)
        .bind(odt(m.measured_at)?)
        .bind(m.status.as_str())
        .bind(zk_store::fhir::components_text(&m.components))
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("measurement"))
    }

    async fn list_measurements(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Measurement>> {
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, MeasurementRow>(
            "SELECT id, client_record_id, label, value, unit, measured_at, status, components FROM measurements
             WHERE client_record_id = $1
               AND ($2::timestamptz IS NULL OR (measured_at, id) < ($2, $3::uuid))
             ORDER BY measured_at DESC, id DESC LIMIT $4",
        )
        .bind(client.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("measurements"))?;
        let items = rows
            .into_iter()
            .map(Measurement::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |m| {
            Cursor::TimeId(micros(m.measured_at), m.id.0).encode()
        }))
    }
}
