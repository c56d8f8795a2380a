//! Care team, appointments, care plans and goals in PostgreSQL.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::care::*;
use zk_domain::page::{Page, PageRequest};
use zk_domain::*;
use zk_store::cursor::Cursor;
use zk_store::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub(crate) struct TeamRow {
    id: Uuid,
    client_record_id: Uuid,
    practitioner_id: Uuid,
    role: String,
}

impl From<TeamRow> for CareTeamMember {
    fn from(r: TeamRow) -> Self {
        CareTeamMember {
            id: CareTeamMemberId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            practitioner_id: PractitionerId(r.practitioner_id),
            role: r.role,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AppointmentRow {
    id: Uuid,
    client_record_id: Uuid,
    practitioner_id: Option<Uuid>,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    title: String,
    location: Option<String>,
    video_url: Option<String>,
    cancelled: bool,
    state: String,
}

impl TryFrom<AppointmentRow> for Appointment {
    type Error = StoreError;
    fn try_from(r: AppointmentRow) -> Result<Self, StoreError> {
        Ok(Appointment {
            id: AppointmentId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            practitioner_id: r.practitioner_id.map(PractitionerId),
            starts_at: from_odt(r.starts_at)?,
            ends_at: from_odt(r.ends_at)?,
            title: r.title,
            location: r.location,
            video_url: r.video_url,
            cancelled: r.cancelled,
            state: AppointmentState::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt("appointment state".into()))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PlanRow {
    id: Uuid,
    client_record_id: Uuid,
    title: String,
    description: String,
    period_start: time::Date,
    period_end: Option<time::Date>,
    status: String,
    status_detail: Option<String>,
    intent: String,
}

impl TryFrom<PlanRow> for CarePlan {
    type Error = StoreError;
    fn try_from(r: PlanRow) -> Result<Self, StoreError> {
        Ok(CarePlan {
            id: CarePlanId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            title: r.title,
            description: r.description,
            period_start: from_pg_date(r.period_start)?,
            period_end: opt_date(r.period_end)?,
            status: zk_store::fhir::plan_status_from_columns(
                &r.status,
                r.status_detail.as_deref(),
            )?,
            intent: CarePlanIntent::parse(&r.intent)
                .ok_or_else(|| StoreError::Corrupt("care plan intent".into()))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct GoalRow {
    id: Uuid,
    care_plan_id: Uuid,
    description: String,
    achieved: bool,
    target_date: Option<time::Date>,
}

impl TryFrom<GoalRow> for Goal {
    type Error = StoreError;
    fn try_from(r: GoalRow) -> Result<Self, StoreError> {
        Ok(Goal {
            id: GoalId(r.id),
            care_plan_id: CarePlanId(r.care_plan_id),
            description: r.description,
            achieved: r.achieved,
            target_date: opt_date(r.target_date)?,
        })
    }
}

macro_rules! appointment_columns {
    () => {
        "id, client_record_id, practitioner_id, starts_at, ends_at, title, location, video_url, cancelled, state"
    };
}

impl PostgresStore {
    pub(crate) async fn insert_team_member(&self, m: &CareTeamMember) -> StoreResult<()> {
        sqlx::query("INSERT INTO care_team_members (id, client_record_id, practitioner_id, role) VALUES ($1, $2, $3, $4)")
            .bind(m.id.0)
            .bind(m.client_record_id.0)
            .bind(m.practitioner_id.0)
            .bind(&m.role)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("care team member"))
    }

    pub(crate) async fn team_page(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<CareTeamMember>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, TeamRow>(
            "SELECT id, client_record_id, practitioner_id, role FROM care_team_members
             WHERE client_record_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3",
        )
        .bind(client.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("care team"))?;
        let items = rows.into_iter().map(CareTeamMember::from).collect();
        Ok(Page::from_rows(items, page.size(), |m: &CareTeamMember| {
            Cursor::Id(m.id.0).encode()
        }))
    }

    pub(crate) async fn insert_appointment_row(&self, a: &Appointment) -> StoreResult<()> {
        sqlx::query(concat!(
            "INSERT INTO appointments (",
            appointment_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(a.id.0)
        .bind(a.client_record_id.0)
        .bind(a.practitioner_id.map(|p| p.0))
        .bind(odt(a.starts_at)?)
        .bind(odt(a.ends_at)?)
        .bind(&a.title)
        .bind(&a.location)
        .bind(&a.video_url)
        .bind(a.cancelled)
        .bind(a.state.as_str())
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("appointment"))
    }

    pub(crate) async fn appointment_page(
        &self,
        client: ClientRecordId,
        window: AppointmentWindow,
        page: &PageRequest,
    ) -> StoreResult<Page<Appointment>> {
        let after = after_time_id(page)?;
        // Upcoming: not yet ended, soonest first. Past: ended, latest first.
        let (now, sql) = match window {
            AppointmentWindow::Upcoming { now } => (
                now,
                concat!(
                    "SELECT ",
                    appointment_columns!(),
                    " FROM appointments
                 WHERE client_record_id = $1 AND ends_at > $2
                   AND ($3::timestamptz IS NULL OR (starts_at, id) > ($3, $4::uuid))
                 ORDER BY starts_at, id LIMIT $5"
                ),
            ),
            AppointmentWindow::Past { now } => (
                now,
                concat!(
                    "SELECT ",
                    appointment_columns!(),
                    " FROM appointments
                 WHERE client_record_id = $1 AND ends_at <= $2
                   AND ($3::timestamptz IS NULL OR (starts_at, id) < ($3, $4::uuid))
                 ORDER BY starts_at DESC, id DESC LIMIT $5"
                ),
            ),
        };
        let rows = sqlx::query_as::<_, AppointmentRow>(sql)
            .bind(client.0)
            .bind(odt(now)?)
            .bind(after.map(|a| a.0))
            .bind(after.map(|a| a.1))
            .bind(i64::from(page.size()) + 1)
            .fetch_all(&self.pool)
            .await
            .map_err(map_err("appointments"))?;
        let items = rows
            .into_iter()
            .map(Appointment::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |a| {
            Cursor::TimeId(micros(a.starts_at), a.id.0).encode()
        }))
    }

    pub(crate) async fn insert_plan(&self, p: &CarePlan) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO care_plans (id, client_record_id, title, description, period_start, period_end,
                 status, status_detail, intent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(p.id.0)
        .bind(p.client_record_id.0)
        .bind(&p.title)
        .bind(&p.description)
        .bind(pg_date(p.period_start)?)
        .bind(opt_pg_date(p.period_end)?)
        .bind(zk_store::fhir::plan_status_columns(p.status).0)
        .bind(zk_store::fhir::plan_status_columns(p.status).1)
        .bind(p.intent.as_str())
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("care plan"))
    }

    pub(crate) async fn plan_page(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<CarePlan>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, PlanRow>(
            "SELECT id, client_record_id, title, description, period_start, period_end, status,
                 status_detail, intent FROM care_plans
             WHERE client_record_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3",
        )
        .bind(client.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("care plans"))?;
        let items = rows
            .into_iter()
            .map(CarePlan::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |p| {
            Cursor::Id(p.id.0).encode()
        }))
    }

    pub(crate) async fn insert_goal_row(&self, g: &Goal) -> StoreResult<()> {
        sqlx::query("INSERT INTO goals (id, care_plan_id, description, achieved, target_date) VALUES ($1, $2, $3, $4, $5)")
            .bind(g.id.0)
            .bind(g.care_plan_id.0)
            .bind(&g.description)
            .bind(g.achieved)
            .bind(opt_pg_date(g.target_date)?)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("goal"))
    }

    pub(crate) async fn goal_page(
        &self,
        plan: CarePlanId,
        page: &PageRequest,
    ) -> StoreResult<Page<Goal>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, GoalRow>(
            "SELECT id, care_plan_id, description, achieved, target_date FROM goals
             WHERE care_plan_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3",
        )
        .bind(plan.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("goals"))?;
        let items = rows
            .into_iter()
            .map(Goal::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |g| {
            Cursor::Id(g.id.0).encode()
        }))
    }
}
