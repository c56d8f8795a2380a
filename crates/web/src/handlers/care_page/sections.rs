//! The care page's provider sections made ready to show: dates and numbers in the reader's
//! language, statuses in words, charts drawn, and the "more" links of every list.

use crate::chart::{ChartPoint, ChartText, line_chart, number};
use crate::dates;
use crate::page::PageCtx;
use zk_app::care_page::{
    AppointmentView, CareList, MeasurementSeries, PlanView, ProviderSection, ReportSummary,
    TeamMember,
};
use zk_domain::care::{
    AppointmentState, CarePlanIntent, CarePlanStatus, Document, MeasurementStatus,
};
use zk_domain::{CarePageId, ConnectionId};

/// An appointment ready to show.
pub struct Shown {
    pub day: String,
    pub from: String,
    pub until: String,
    pub title: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub with: Option<String>,
    pub cancelled: bool,
    /// Where the appointment stands when it is not simply planned, in words.
    pub notice: Option<String>,
}

pub struct GoalShown {
    pub description: String,
    pub target: Option<String>,
    pub achieved: bool,
}

pub struct PlanShown {
    pub title: String,
    pub description: String,
    pub period: String,
    pub status: String,
    /// Only a proposal or an option, not (yet) the plan: said in words.
    pub intent: Option<String>,
    pub goals: Vec<GoalShown>,
    pub more_goals: bool,
}

pub struct ReportShown {
    pub href: String,
    pub title: String,
    pub date: String,
    pub author: Option<String>,
}

pub struct DocumentShown {
    pub href: String,
    pub title: String,
    pub date: String,
    pub size: String,
}

pub struct Row {
    pub date: String,
    pub value: String,
    pub unit: String,
    /// The labels of the parts a value joins ("120/80": systolic / diastolic).
    pub parts: Option<String>,
    /// How final the value is, in words, when it is not simply final ("voorlopig").
    pub mark: Option<String>,
}

pub struct SeriesShown {
    pub label: String,
    pub rows: Vec<Row>,
    /// Inline SVG, built from escaped text only.
    pub chart: Option<String>,
}

pub struct Section {
    /// The connection's id: the anchors of its lists end in it.
    pub id: String,
    pub provider_name: String,
    pub secretariat_email: String,
    pub secretariat_phone: String,
    pub team: Vec<TeamMember>,
    pub upcoming: Vec<Shown>,
    pub past: Vec<Shown>,
    pub more_past: Option<String>,
    pub plans: Vec<PlanShown>,
    pub more_plans: Option<String>,
    pub reports: Vec<ReportShown>,
    pub more_reports: Option<String>,
    pub documents: Vec<DocumentShown>,
    pub more_documents: Option<String>,
    pub measurements: Vec<SeriesShown>,
    pub more_measurements: Option<String>,
}

/// The query parameter that pages on through a list, and the anchor of its heading.
fn list_param(list: CareList) -> (&'static str, &'static str) {
    match list {
        CareList::Past => ("eerder_na", "eerder"),
        CareList::Plans => ("plannen_na", "zorgplan"),
        CareList::Reports => ("verslagen_na", "verslagen"),
        CareList::Documents => ("documenten_na", "documenten"),
        CareList::Measurements => ("metingen_na", "metingen"),
    }
}

/// The link to the next page of one list; `pagina` keeps the chosen care page.
fn more_link(
    pagina: Option<CarePageId>,
    connection: ConnectionId,
    list: CareList,
    next: Option<String>,
) -> Option<String> {
    let (param, anchor) = list_param(list);
    let page = pagina.map(|p| format!("pagina={p}&")).unwrap_or_default();
    next.map(|cursor| {
        format!("/zorgpagina?{page}koppeling={connection}&{param}={cursor}#{anchor}-{connection}")
    })
}

fn shown(page: &PageCtx, a: AppointmentView) -> Shown {
    Shown {
        day: dates::day(page.tr.lang, a.starts_at),
        from: dates::time(a.starts_at),
        until: dates::time(a.ends_at),
        title: a.title,
        location: a.location,
        video_url: a.video_url,
        with: a.with,
        cancelled: a.cancelled,
        notice: match a.state {
            AppointmentState::Planned => None,
            AppointmentState::Unconfirmed => Some(page.t("care-unconfirmed")),
            AppointmentState::Cancelled => Some(page.t("care-cancelled")),
            AppointmentState::NoShow => Some(page.t("care-noshow")),
        },
    }
}

fn plan(page: &PageCtx, p: PlanView) -> PlanShown {
    let lang = page.tr.lang;
    let from = dates::date(lang, p.plan.period_start);
    let period = match p.plan.period_end {
        Some(end) => page.tr.t_with(
            "care-plan-period",
            &[("from", &from), ("until", &dates::date(lang, end))],
        ),
        None => page.tr.t_with("care-plan-period-open", &[("from", &from)]),
    };
    let status = match p.plan.status {
        CarePlanStatus::Draft => "care-plan-status-draft",
        CarePlanStatus::Active => "care-plan-status-active",
        CarePlanStatus::OnHold => "care-plan-status-on-hold",
        CarePlanStatus::Revoked => "care-plan-status-revoked",
        CarePlanStatus::Completed => "care-plan-status-completed",
        CarePlanStatus::Unknown => "care-plan-status-unknown",
    };
    let intent = match p.plan.intent {
        CarePlanIntent::Plan | CarePlanIntent::Order => None,
        CarePlanIntent::Proposal => Some(page.t("care-plan-intent-proposal")),
        CarePlanIntent::Option => Some(page.t("care-plan-intent-option")),
    };
    PlanShown {
        title: p.plan.title,
        description: p.plan.description,
        period,
        status: page.t(status),
        intent,
        goals: p
            .goals
            .into_iter()
            .map(|g| GoalShown {
                description: g.description,
                target: g.target_date.map(|d| dates::date(lang, d)),
                achieved: g.achieved,
            })
            .collect(),
        more_goals: p.more_goals,
    }
}

fn report(page: &PageCtx, r: ReportSummary) -> ReportShown {
    ReportShown {
        href: format!("/zorgpagina/verslagen/{}", r.id),
        title: r.title,
        date: dates::date(page.tr.lang, dates::local_date(r.written_at)),
        author: r.author,
    }
}

fn document(page: &PageCtx, d: Document) -> DocumentShown {
    DocumentShown {
        href: format!("/zorgpagina/documenten/{}", d.id),
        title: d.title,
        date: dates::date(page.tr.lang, dates::local_date(d.created_at)),
        // Rounded up: a small document is "1 kB", never "0 kB".
        size: format!("{} kB", d.size_bytes.div_ceil(1024).max(1)),
    }
}

/// The words that mark a measurement that is not simply final.
fn measurement_mark(page: &PageCtx, status: MeasurementStatus) -> Option<String> {
    let key = match status {
        MeasurementStatus::Final => return None,
        MeasurementStatus::Preliminary => "care-measure-preliminary",
        MeasurementStatus::Amended => "care-measure-amended",
        MeasurementStatus::Unknown => "care-measure-status-unknown",
    };
    Some(page.t(key))
}

/// A measurement series as a table and, when every value is a number of its own, a chart whose
/// label says the values in words.
pub fn series(page: &PageCtx, s: MeasurementSeries) -> SeriesShown {
    let lang = page.tr.lang;
    let rows = s
        .measurements
        .iter()
        .map(|m| {
            let shown = m.shown(|v| number(lang, v));
            Row {
                date: dates::date(lang, dates::local_date(m.measured_at)),
                value: shown.value,
                unit: shown.unit,
                parts: shown.parts,
                mark: measurement_mark(page, m.status),
            }
        })
        .collect();
    let points = s.points();
    SeriesShown {
        chart: chart(page, &s.label, &s.unit, &points),
        rows,
        label: s.label,
    }
}

/// The chart of a series' points (newest first), or `None` without points.
fn chart(
    page: &PageCtx,
    label: &str,
    unit: &str,
    points: &[(jiff::Timestamp, f64)],
) -> Option<String> {
    let lang = page.tr.lang;
    let with_unit = |v: f64| {
        if unit.is_empty() {
            number(lang, v)
        } else {
            format!("{} {}", number(lang, v), unit)
        }
    };
    let (Some(newest), Some(oldest)) = (points.first(), points.last()) else {
        return None;
    };
    let (first_day, last_day) = (dates::local_date(oldest.0), dates::local_date(newest.0));
    // The year only when the series spans more than one.
    let say = |d: jiff::civil::Date| {
        if first_day.year() == last_day.year() {
            dates::day_month(lang, d)
        } else {
            dates::date(lang, d)
        }
    };
    let aria = if points.len() == 1 {
        page.tr.t_with(
            "care-chart-one",
            &[
                ("label", label),
                ("value", &with_unit(newest.1)),
                ("date", &say(last_day)),
            ],
        )
    } else {
        page.tr.t_with(
            "care-chart-range",
            &[
                ("label", label),
                ("from", &with_unit(oldest.1)),
                ("fromdate", &say(first_day)),
                ("to", &with_unit(newest.1)),
                ("todate", &say(last_day)),
            ],
        )
    };
    let points: Vec<ChartPoint> = points
        .iter()
        .map(|(at, value)| ChartPoint {
            at: at.as_second(),
            value: *value,
        })
        .collect();
    line_chart(
        &points,
        &ChartText {
            aria_label: &aria,
            first_date: &say(first_day),
            last_date: &say(last_day),
            lang,
        },
    )
}

/// One provider's section ready to show.
pub fn section(page: &PageCtx, pagina: Option<CarePageId>, s: ProviderSection) -> Section {
    let c = s.connection;
    let r = s.records;
    Section {
        id: c.to_string(),
        more_past: more_link(pagina, c, CareList::Past, s.past.next),
        provider_name: s.provider_name,
        secretariat_email: s.secretariat_email,
        secretariat_phone: s.secretariat_phone,
        team: s.team,
        upcoming: s.upcoming.into_iter().map(|a| shown(page, a)).collect(),
        past: s.past.items.into_iter().map(|a| shown(page, a)).collect(),
        more_plans: more_link(pagina, c, CareList::Plans, r.plans.next),
        plans: r.plans.items.into_iter().map(|p| plan(page, p)).collect(),
        more_reports: more_link(pagina, c, CareList::Reports, r.reports.next),
        reports: r
            .reports
            .items
            .into_iter()
            .map(|x| report(page, x))
            .collect(),
        more_documents: more_link(pagina, c, CareList::Documents, r.documents.next),
        documents: r
            .documents
            .items
            .into_iter()
            .map(|d| document(page, d))
            .collect(),
        more_measurements: more_link(pagina, c, CareList::Measurements, r.measurements.next),
        measurements: r
            .measurements
            .items
            .into_iter()
            .map(|m| series(page, m))
            .collect(),
    }
}
