//! `/zorgaanbieder/{provider}/logboek`: the audit trail of the provider's clients and of its own
//! staff and API tokens, for the provider's admins only (SPEC S9): a list with a period filter,
//! a page at a time, and the whole period as a CSV file. Reading and downloading it are
//! recorded first.

use super::care_page::audit::{Period, Row, period, row};
use crate::AppState;
use crate::error::{internal, render};
use crate::page::PageCtx;
use crate::paging::requested;
use crate::staff::STAFF_ROOT;
use crate::staff_admin::StaffAdmin;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use zk_app::audit::TRAIL_SHOWN;
use zk_app::audit::staff::{EXPORT_MAX, provider_export, provider_trail};
use zk_domain::ProviderId;
use zk_domain::audit::AuditRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zorgaanbieder/{provider}/logboek", get(show))
        .route("/zorgaanbieder/{provider}/logboek/download", get(download))
}

#[derive(Deserialize)]
pub struct LogQuery {
    van: Option<String>,
    tot: Option<String>,
    na: Option<String>,
}

#[derive(Template)]
#[template(path = "staff_audit.html")]
struct LogPage<'a> {
    page: &'a PageCtx,
    provider: String,
    back: String,
    action: String,
    van: String,
    tot: String,
    bad_date: bool,
    /// The period holds more than one file may: choose a shorter one.
    too_many: Option<String>,
    rows: Vec<Row>,
    more: Option<String>,
    download: String,
}

fn base(provider: ProviderId) -> String {
    format!("{STAFF_ROOT}/{provider}/logboek")
}

/// The query string of the period, for links.
fn query_of(q: &LogQuery) -> String {
    let mut parts = Vec::new();
    for (name, value) in [("van", &q.van), ("tot", &q.tot)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", crate::auth::url_escape(v)));
        }
    }
    parts.join("&")
}

async fn page_with(
    page: &PageCtx,
    state: &AppState,
    staff: &crate::staff::StaffMember,
    q: &LogQuery,
    too_many: bool,
) -> Response {
    let provider = staff.provider.id;
    let Period {
        van,
        tot,
        bad_date,
        filter,
    } = period(q.van.as_deref(), q.tot.as_deref());
    let request = requested(q.na.as_ref(), TRAIL_SHOWN);
    let account = &staff.user.account;
    let records = match provider_trail(&state.app, account, provider, &filter, &request).await {
        Ok(r) => r,
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            return Redirect::to(&base(provider)).into_response();
        }
        Err(e) => return internal(page, e),
    };
    let query = query_of(q);
    let with = |extra: String| {
        let joined = [query.as_str(), extra.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("&");
        if joined.is_empty() {
            String::new()
        } else {
            format!("?{joined}")
        }
    };
    let t = LogPage {
        page,
        provider: staff.provider.name.clone(),
        back: format!("{STAFF_ROOT}/{provider}"),
        action: base(provider),
        van: van.map(|d| d.to_string()).unwrap_or_default(),
        tot: tot.map(|d| d.to_string()).unwrap_or_default(),
        bad_date,
        too_many: too_many.then(|| {
            let max = EXPORT_MAX.to_string();
            page.tr.t_with("auditx-export-too-many", &[("max", &max)])
        }),
        more: records.next.map(|n| {
            let next = format!("na={}", crate::auth::url_escape(&n));
            format!("{}{}", base(provider), with(next))
        }),
        rows: records.items.into_iter().map(|r| row(page, r)).collect(),
        download: format!("{}/download{}", base(provider), with(String::new())),
    };
    let body = render(page, &t);
    if too_many {
        (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
    } else {
        body
    }
}

/// `GET …/logboek`.
pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Query(q): Query<LogQuery>,
) -> Response {
    page_with(&page, &state, &staff, &q, false).await
}

/// `GET …/logboek/download`: the period as CSV, newest first.
pub async fn download(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Query(q): Query<LogQuery>,
) -> Response {
    let Period {
        bad_date, filter, ..
    } = period(q.van.as_deref(), q.tot.as_deref());
    if bad_date {
        return page_with(&page, &state, &staff, &q, false).await;
    }
    let account = &staff.user.account;
    let provider = staff.provider.id;
    let records = match provider_export(&state.app, account, provider, &filter).await {
        Ok(Some(r)) => r,
        Ok(None) => return page_with(&page, &state, &staff, &q, true).await,
        Err(e) => return internal(&page, e),
    };
    let name = format!("logboek-{}.csv", state.app.now().strftime("%Y-%m-%d"));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv(&records),
    )
        .into_response()
}

/// The columns of the CSV file, in order.
pub const CSV_HEADER: &str = "seq,at,action,kind,category,actor_id,actor_name,role,on_behalf_of,\
ground,care_page_id,client_record_id,resource_id,source_ip,user_agent,outcome,hash";

/// One CSV field: quoted, with quotes doubled, and a leading `=`, `+`, `-` or `@` defused so a
/// spreadsheet never runs a name as a formula.
fn field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// The records as CSV, with the stable names the trail stores.
pub fn csv(records: &[AuditRecord]) -> String {
    let mut out = String::with_capacity(records.len() * 300 + CSV_HEADER.len() + 2);
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    let id = |v: Option<String>| v.unwrap_or_default();
    for r in records {
        let e = &r.event;
        let hash: String = r.hash.iter().map(|b| format!("{b:02x}")).collect();
        let cells = [
            r.seq.to_string(),
            e.at.to_string(),
            e.action.as_str().to_owned(),
            e.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            e.category.as_str().to_owned(),
            id(e.actor_id.map(|a| a.to_string())),
            e.actor_name.clone(),
            e.role.to_name(),
            id(e.on_behalf_of.map(|p| p.to_string())),
            e.ground.as_str().to_owned(),
            id(e.care_page_id.map(|c| c.to_string())),
            id(e.client_record_id.map(|c| c.to_string())),
            id(e.resource_id.clone()),
            e.source.ip.clone(),
            e.source.user_agent.clone(),
            e.outcome.as_str().to_owned(),
            hash,
        ];
        let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}
