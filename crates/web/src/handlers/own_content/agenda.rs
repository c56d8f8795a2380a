//! `/zorgpagina/agenda?pagina=`: the network's own appointments on a care page for the coming
//! weeks, repeating ones once per time they take place, each labelled as the network's own and
//! with who added it. `&vanaf=` (a later day) shows the weeks from that day.

use super::{failed, href, open_page};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use zk_app::agenda::{OccurrenceView, WEEKS_SHOWN, window};
use zk_app::own_page::OwnPage;
use zk_domain::diary::parse_form_date;
use zk_domain::network::Permission;
use zk_domain::recurrence::Frequency;

#[derive(Deserialize)]
pub struct AgendaQuery {
    pub pagina: Option<String>,
    pub vanaf: Option<String>,
    pub afspraak: Option<String>,
}

/// One time an own appointment takes place, ready to show.
pub struct OccurrenceShown {
    pub day: String,
    pub from: String,
    pub until: String,
    pub title: String,
    pub place: Option<String>,
    pub remarks: Option<String>,
    /// "Elke week", "Elke week, tot en met 31 december 2026".
    pub repeats: Option<String>,
    pub added_by: String,
    /// Change and delete, for whoever may.
    pub links: Option<(String, String)>,
}

/// How an appointment repeats, in words.
fn repeats_text(page: &PageCtx, o: &OccurrenceView) -> Option<String> {
    let r = o.item.recurrence?;
    let every = page.t(match r.frequency {
        Frequency::Daily => "agenda-repeat-daily",
        Frequency::Weekly => "agenda-repeat-weekly",
        Frequency::Monthly => "agenda-repeat-monthly",
        Frequency::Yearly => "agenda-repeat-yearly",
    });
    Some(match r.until {
        Some(u) => page.tr.t_with(
            "agenda-repeat-until",
            &[("every", &every), ("until", &dates::date(page.tr.lang, u))],
        ),
        None => every,
    })
}

pub fn shown(page: &PageCtx, own: &OwnPage, o: OccurrenceView) -> OccurrenceShown {
    let lang = page.tr.lang;
    let same_day = dates::local_date(o.starts_at) == dates::local_date(o.ends_at);
    let until = if same_day {
        dates::time(o.ends_at)
    } else {
        format!(
            "{}, {}",
            dates::day(lang, o.ends_at),
            dates::time(o.ends_at)
        )
    };
    let id = o.item.id;
    let link = |path: &str| format!("{}&afspraak={id}", href(path, own));
    OccurrenceShown {
        day: dates::day(lang, o.starts_at),
        from: dates::time(o.starts_at),
        until,
        repeats: repeats_text(page, &o),
        links: o.may_change.then(|| {
            (
                link("/zorgpagina/agenda/wijzigen"),
                link("/zorgpagina/agenda/verwijderen"),
            )
        }),
        title: o.item.title,
        place: o.item.place,
        remarks: o.item.remarks,
        added_by: o.added_by,
    }
}

#[derive(Template)]
#[template(path = "agenda.html")]
struct AgendaPage<'a> {
    page: &'a PageCtx,
    page_name: String,
    back: String,
    add: String,
    period: String,
    occurrences: Vec<OccurrenceShown>,
    cut: bool,
    later: String,
    /// Back to the weeks from today, when looking further ahead.
    now: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<AgendaQuery>,
) -> Response {
    let own = match open_page(
        &state,
        &page,
        &user.account,
        q.pagina.as_deref(),
        Permission::Agenda,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    // A day that cannot be read shows the weeks from today, as without one.
    let from = q.vanaf.as_deref().and_then(parse_form_date);
    let w = match window(&state.app, &own, from).await {
        Ok(w) => w,
        Err(e) => return failed(&page, e),
    };
    let lang = page.tr.lang;
    // The window ends at the start of the day the next weeks begin with.
    let next_day = dates::local_date(w.to);
    let last_day = next_day.yesterday().unwrap_or(next_day);
    let period = page.tr.t_with(
        "agenda-period",
        &[
            ("from", &dates::date(lang, dates::local_date(w.from))),
            ("until", &dates::date(lang, last_day)),
            ("weeks", &WEEKS_SHOWN.to_string()),
        ],
    );
    let base = href("/zorgpagina/agenda", &own);
    let t = AgendaPage {
        page: &page,
        page_name: own.name(),
        back: href("/zorgpagina", &own),
        add: href("/zorgpagina/agenda/nieuw", &own),
        period,
        cut: w.cut,
        later: format!("{base}&vanaf={next_day}"),
        now: from
            .filter(|d| *d > state.app.today())
            .map(|_| base.clone()),
        occurrences: w
            .occurrences
            .into_iter()
            .map(|o| shown(&page, &own, o))
            .collect(),
    };
    render(&page, &t)
}
