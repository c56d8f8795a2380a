//! `/zorgpagina/inzage?pagina=<id>`: "Wie heeft mijn gegevens bekeken?" — the care page's audit
//! trail for its beheerder and co-beheerders: when, who (with their role), what, and whether it
//! was allowed; filtered by person and period, a page at a time. Anyone else gets "not found",
//! exactly like a page that does not exist; reading the trail is recorded itself.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use crate::paging::requested;
use crate::requester::Requester;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use serde::Deserialize;
use zk_app::audit::TRAIL_SHOWN;
use zk_domain::CarePageId;
use zk_domain::audit::{AuditRecord, Outcome};
use zk_store::AuditFilter;

#[derive(Deserialize)]
pub struct TrailQuery {
    pagina: Option<String>,
    /// Only this person (an actor id), or everyone when empty.
    persoon: Option<String>,
    /// From this day on (YYYY-MM-DD, as a date field sends it).
    van: Option<String>,
    /// Up to and including this day.
    tot: Option<String>,
    na: Option<String>,
}

/// One record as a line of the list (also the staff area's trail).
pub(crate) struct Row {
    pub(crate) when: String,
    pub(crate) who: String,
    pub(crate) role: String,
    pub(crate) what: String,
    pub(crate) outcome: String,
    pub(crate) refused: bool,
}

struct Person {
    id: String,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "care_audit.html")]
struct TrailTemplate<'a> {
    page: &'a PageCtx,
    page_name: String,
    pagina: String,
    people: Vec<Person>,
    van: String,
    tot: String,
    /// The period could not be read: a message next to the fields.
    bad_date: bool,
    rows: Vec<Row>,
    more: Option<String>,
    back: String,
}

/// A day typed in a date field; `Err` for anything that is not one.
fn day(text: Option<&str>) -> Result<Option<Date>, ()> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| ()),
    }
}

/// A period typed in two date fields, as days and as a filter.
pub(crate) struct Period {
    pub(crate) van: Option<Date>,
    pub(crate) tot: Option<Date>,
    /// A day could not be read (and is left out of the filter).
    pub(crate) bad_date: bool,
    pub(crate) filter: AuditFilter,
}

/// The period from day `van` up to and including day `tot`, either open.
pub(crate) fn period(van: Option<&str>, tot: Option<&str>) -> Period {
    let (van, tot) = (day(van), day(tot));
    let bad_date = van.is_err() || tot.is_err();
    let (van, tot) = (van.unwrap_or(None), tot.unwrap_or(None));
    let filter = AuditFilter {
        actor: None,
        from: van.and_then(start_of),
        // "Up to and including" a day: before the start of the next one.
        until: tot.and_then(|d| d.tomorrow().ok()).and_then(start_of),
    };
    Period {
        van,
        tot,
        bad_date,
        filter,
    }
}

/// The start of a Dutch calendar day.
fn start_of(d: Date) -> Option<jiff::Timestamp> {
    d.to_zoned(zk_app::dutch_time_zone())
        .ok()
        .map(|z| z.timestamp())
}

pub(crate) fn row(page: &PageCtx, r: AuditRecord) -> Row {
    let e = r.event;
    let role = match e.role.relation() {
        Some(rel) => format!(
            "{}, {}",
            page.t(&format!("audit-role-{}", e.role.kind())),
            page.t(&format!("audit-relation-{}", rel.as_str()))
        ),
        None => page.t(&format!("audit-role-{}", e.role.kind())),
    };
    Row {
        when: format!("{}, {}", dates::day(page.tr.lang, e.at), dates::time(e.at)),
        who: e.actor_name,
        role,
        what: match e.kind {
            Some(kind) => page.t(&format!("auditx-kind-{}", kind.as_str())),
            None => format!(
                "{}: {}",
                page.t(&format!("audit-action-{}", e.action.as_str())),
                page.t(&format!("audit-category-{}", e.category.as_str()))
            ),
        },
        outcome: page.t(&format!("audit-outcome-{}", e.outcome.as_str())),
        refused: e.outcome != Outcome::Success,
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Query(q): Query<TrailQuery>,
) -> Response {
    let Some(Ok(page_id)) = q.pagina.as_deref().map(str::parse::<CarePageId>) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let actor = q
        .persoon
        .as_deref()
        .and_then(|p| p.parse::<zk_domain::AccountId>().ok())
        .map(|a| a.0);
    let Period {
        van,
        tot,
        bad_date,
        filter,
    } = period(q.van.as_deref(), q.tot.as_deref());
    let filter = AuditFilter { actor, ..filter };
    let request = requested(q.na.as_ref(), TRAIL_SHOWN);
    let source = from.audit_source();
    let found = zk_app::audit::for_care_page(
        &state.app,
        &user.account,
        page_id,
        &filter,
        &request,
        &source,
    )
    .await;
    let trail = match found {
        Ok(t) => t,
        Err(zk_app::AppError::NotFound(_)) => return error_page(&page, StatusCode::NOT_FOUND),
        // A cursor from an old or edited link: start at the first page.
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            return Redirect::to(&format!("/zorgpagina/inzage?pagina={page_id}")).into_response();
        }
        Err(e) => return internal(&page, e),
    };
    let records = trail.records;
    let mut query = format!("/zorgpagina/inzage?pagina={page_id}");
    for (name, value) in [("persoon", &q.persoon), ("van", &q.van), ("tot", &q.tot)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            query.push_str(&format!("&{name}={}", crate::auth::url_escape(v)));
        }
    }
    let t = TrailTemplate {
        page: &page,
        page_name: format!("{} {}", trail.page.first_name, trail.page.last_name),
        pagina: page_id.to_string(),
        people: trail
            .actors
            .into_iter()
            .map(|(id, name)| Person {
                selected: Some(id) == actor,
                id: id.to_string(),
                name,
            })
            .collect(),
        van: van.map(|d| d.to_string()).unwrap_or_default(),
        tot: tot.map(|d| d.to_string()).unwrap_or_default(),
        bad_date,
        more: records
            .next
            .map(|n| format!("{query}&na={}", crate::auth::url_escape(&n))),
        rows: records.items.into_iter().map(|r| row(&page, r)).collect(),
        back: format!("/zorgpagina?pagina={page_id}"),
    };
    render(&page, &t)
}
