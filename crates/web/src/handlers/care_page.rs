//! `/zorgpagina`: the logged-in user's care page: per provider the care team ("Jouw
//! behandelaar") and the appointments, or, until a second factor is set, the request to add a
//! phone number.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{internal, render};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zk_app::care_page::{AppointmentView, CarePageView, view};

#[derive(Deserialize)]
pub struct PastPage {
    koppeling: Option<String>,
    eerder_na: Option<String>,
}

/// An appointment ready to show.
struct Shown {
    day: String,
    from: String,
    until: String,
    title: String,
    location: Option<String>,
    video_url: Option<String>,
    with: Option<String>,
    cancelled: bool,
}

struct Section {
    /// The connection's id: the anchor of its earlier appointments.
    anchor: String,
    provider_name: String,
    secretariat_email: String,
    secretariat_phone: String,
    team: Vec<zk_app::care_page::TeamMember>,
    upcoming: Vec<Shown>,
    past: Vec<Shown>,
    more_past: Option<String>,
}

#[derive(Template)]
#[template(path = "care_page.html")]
struct CarePageTemplate<'a> {
    page: &'a PageCtx,
    user_name: String,
    page_name: String,
    hidden: bool,
    /// The account has a second factor but no recovery codes yet: offer to make them.
    needs_codes: bool,
    providers: Vec<String>,
    sections: Vec<Section>,
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
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<PastPage>,
) -> Response {
    let past_after = match (q.koppeling.and_then(|k| k.parse().ok()), q.eerder_na) {
        (Some(id), Some(cursor)) => Some((id, cursor)),
        _ => None,
    };
    let built = match view(&state.app, &user.account, past_after).await {
        Ok(v) => v,
        // A cursor from an old or edited link: start at the first page.
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            return axum::response::Redirect::to("/zorgpagina").into_response();
        }
        Err(e) => return internal(&page, e),
    };
    let needs_codes = user.account.has_second_factor()
        && match zk_app::recovery_codes::count(&state.app, &user.account).await {
            Ok(n) => n == 0,
            Err(e) => return internal(&page, e),
        };
    let mut t = CarePageTemplate {
        page: &page,
        user_name: user.account.full_name(),
        page_name: String::new(),
        hidden: false,
        needs_codes,
        providers: Vec::new(),
        sections: Vec::new(),
    };
    match built {
        CarePageView::None => {}
        CarePageView::Hidden { page: p, providers } => {
            t.page_name = format!("{} {}", p.first_name, p.last_name);
            t.hidden = true;
            t.providers = providers;
        }
        CarePageView::Visible { page: p, sections } => {
            t.page_name = format!("{} {}", p.first_name, p.last_name);
            t.sections = sections
                .into_iter()
                .map(|s| Section {
                    more_past: s.past.next.map(|c| {
                        format!(
                            "/zorgpagina?koppeling={}&eerder_na={c}#eerder-{}",
                            s.connection, s.connection
                        )
                    }),
                    anchor: format!("eerder-{}", s.connection),
                    provider_name: s.provider_name,
                    secretariat_email: s.secretariat_email,
                    secretariat_phone: s.secretariat_phone,
                    team: s.team,
                    upcoming: s.upcoming.into_iter().map(|a| shown(&page, a)).collect(),
                    past: s.past.items.into_iter().map(|a| shown(&page, a)).collect(),
                })
                .collect();
        }
    }
    render(&page, &t)
}
