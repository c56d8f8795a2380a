//! The record parts of one provider's section on the care page: care plans with their goals,
//! reports, documents and measurements. Each reads one small page, never a whole list.

use super::{CareList, More};
use crate::App;
use crate::AppResult;
use std::collections::HashMap;
use zk_domain::care::{CarePlan, Document, Goal, Measurement};
use zk_domain::network::{Access, Permission};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ClientRecordId, ConnectionId, PractitionerId, ReportId};

/// Care plans shown per page; each reads its goals once.
pub const PLANS_SHOWN: u32 = 3;
/// Goals shown per care plan (a plan with more says so).
pub const GOALS_SHOWN: u32 = 25;
pub const REPORTS_SHOWN: u32 = 5;
pub const DOCUMENTS_SHOWN: u32 = 5;
/// Measurements read per page, all labels together (newest first).
pub const MEASUREMENTS_SHOWN: u32 = 40;

#[derive(Clone, Debug)]
pub struct PlanView {
    pub plan: CarePlan,
    pub goals: Vec<Goal>,
    /// The plan has more goals than shown.
    pub more_goals: bool,
}

/// A report in a list: the body is shown on its own page.
#[derive(Clone, Debug)]
pub struct ReportSummary {
    pub id: ReportId,
    pub title: String,
    pub written_at: jiff::Timestamp,
    pub author: Option<String>,
}

/// The measurements of one label on the current page, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasurementSeries {
    pub label: String,
    pub unit: String,
    pub measurements: Vec<Measurement>,
}

impl MeasurementSeries {
    /// The points a chart can draw: the measurements with a value of their own. A series with a
    /// measurement made of parts (a blood pressure) has none: its table says it all.
    pub fn points(&self) -> Vec<(jiff::Timestamp, f64)> {
        let points: Vec<_> = self
            .measurements
            .iter()
            .filter(|m| m.components.is_empty())
            .filter_map(|m| m.value.map(|v| (m.measured_at, v)))
            .collect();
        if points.len() == self.measurements.len() {
            points
        } else {
            Vec::new()
        }
    }
}

/// The record parts of one section.
#[derive(Clone, Debug)]
pub struct Records {
    pub plans: Page<PlanView>,
    pub reports: Page<ReportSummary>,
    pub documents: Page<Document>,
    pub measurements: Page<MeasurementSeries>,
}

/// The page request of `list` for this connection: the one asked for, else the first.
fn request(
    more: Option<&More>,
    connection: ConnectionId,
    list: CareList,
    size: u32,
) -> PageRequest {
    match more {
        Some(m) if m.connection == connection && m.list == list => {
            PageRequest::after(m.cursor.clone(), size)
        }
        _ => PageRequest::first(size),
    }
}

/// Reads the record parts of one connected client record that `access` allows. `names` holds the care team's
/// names; report authors outside the team are looked up once each.
pub async fn read(
    app: &App,
    connection: ConnectionId,
    client: ClientRecordId,
    names: &mut HashMap<PractitionerId, String>,
    more: Option<&More>,
    access: Access,
) -> AppResult<Records> {
    let plans = if access.allows(Permission::CarePlan) {
        app.store
            .list_care_plans(
                client,
                &request(more, connection, CareList::Plans, PLANS_SHOWN),
            )
            .await?
    } else {
        Page::empty()
    };
    let mut plan_views = Vec::with_capacity(plans.items.len());
    for plan in plans.items {
        let goals = app
            .store
            .list_goals(plan.id, &PageRequest::first(GOALS_SHOWN))
            .await?;
        plan_views.push(PlanView {
            plan,
            more_goals: goals.next.is_some(),
            goals: goals.items,
        });
    }

    let reports = if access.allows(Permission::Reports) {
        app.store
            .list_reports(
                client,
                &request(more, connection, CareList::Reports, REPORTS_SHOWN),
            )
            .await?
    } else {
        Page::empty()
    };
    let mut summaries = Vec::with_capacity(reports.items.len());
    for r in reports.items {
        let author = match r.author_id {
            Some(id) => author_name(app, names, id).await?,
            None => None,
        };
        summaries.push(ReportSummary {
            id: r.id,
            title: r.title,
            written_at: r.written_at,
            author,
        });
    }

    let documents = if access.allows(Permission::Documents) {
        app.store
            .list_documents(
                client,
                &request(more, connection, CareList::Documents, DOCUMENTS_SHOWN),
            )
            .await?
    } else {
        Page::empty()
    };
    let measurements = if access.allows(Permission::Measurements) {
        app.store
            .list_measurements(
                client,
                &request(more, connection, CareList::Measurements, MEASUREMENTS_SHOWN),
            )
            .await?
    } else {
        Page::empty()
    };
    Ok(Records {
        plans: Page {
            items: plan_views,
            next: plans.next,
        },
        reports: Page {
            items: summaries,
            next: reports.next,
        },
        documents,
        measurements: Page {
            items: series(measurements.items),
            next: measurements.next,
        },
    })
}

/// A practitioner's name, from the team's names or else looked up (and remembered).
pub(super) async fn author_name(
    app: &App,
    names: &mut HashMap<PractitionerId, String>,
    id: PractitionerId,
) -> AppResult<Option<String>> {
    if let Some(name) = names.get(&id) {
        return Ok(Some(name.clone()));
    }
    let name = app.store.get_practitioner(id).await?.map(|p| p.name);
    if let Some(n) = &name {
        names.insert(id, n.clone());
    }
    Ok(name)
}

/// Groups measurements (newest first) by label and unit, in the order each label was last
/// measured; each series stays newest first.
pub fn series(measurements: Vec<Measurement>) -> Vec<MeasurementSeries> {
    let mut out: Vec<MeasurementSeries> = Vec::new();
    for m in measurements {
        match out
            .iter_mut()
            .find(|s| s.label == m.label && s.unit == m.unit)
        {
            Some(s) => s.measurements.push(m),
            None => out.push(MeasurementSeries {
                label: m.label.clone(),
                unit: m.unit.clone(),
                measurements: vec![m],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zk_domain::MeasurementId;

    fn m(label: &str, value: f64, at: &str) -> Measurement {
        Measurement {
            id: MeasurementId::new(),
            client_record_id: ClientRecordId::new(),
            label: label.into(),
            value: Some(value),
            unit: "kg".into(),
            measured_at: at.parse().unwrap(),
            status: zk_domain::care::MeasurementStatus::Final,
            components: Vec::new(),
        }
    }

    #[test]
    fn measurements_are_grouped_by_label_newest_first() {
        let grouped = series(vec![
            m("Gewicht", 70.0, "2026-11-20T08:00:00Z"),
            m("Slaap", 7.0, "2026-11-19T08:00:00Z"),
            m("Gewicht", 72.0, "2026-03-03T08:00:00Z"),
        ]);
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].label, "Gewicht");
        assert_eq!(
            grouped[0].points().iter().map(|p| p.1).collect::<Vec<_>>(),
            vec![70.0, 72.0]
        );
        assert_eq!(grouped[1].label, "Slaap");
        assert!(series(Vec::new()).is_empty());
    }
}
