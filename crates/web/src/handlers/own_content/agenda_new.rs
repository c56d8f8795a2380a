//! `/zorgpagina/agenda/nieuw?pagina=`: adding an appointment to the network's agenda, for the
//! beheerder, co-beheerders and members with the agenda permission.

use super::agenda::AgendaQuery;
use super::agenda_form::{AgendaFields, Frame, errors_of, form_page};
use super::{FieldErrors, agenda_mail, failed, href, open_page};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::page::PageCtx;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::agenda::{WEEKS_SHOWN, add};
use zk_app::own_page::OwnPage;
use zk_domain::agenda::check_agenda;
use zk_domain::network::Permission;

fn frame(own: &OwnPage) -> Frame {
    Frame {
        title_key: "agenda-new-title",
        submit_key: "agenda-new-button",
        page_name: own.name(),
        back: href("/zorgpagina/agenda", own),
        action: href("/zorgpagina/agenda/nieuw", own),
    }
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
    let form = AgendaFields {
        begindatum: state.app.today().to_string(),
        ..AgendaFields::default()
    };
    form_page(&page, frame(&own), form, FieldErrors::default())
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<AgendaQuery>,
    Form(fields): Form<AgendaFields>,
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
    let input = match check_agenda(&fields.form()) {
        Ok(i) => i,
        Err(problems) => return form_page(&page, frame(&own), fields, errors_of(&page, problems)),
    };
    let first_day = input.starts.date();
    let render = |to: &zk_domain::account::Account, n: &zk_app::agenda::AgendaNotice| {
        agenda_mail(&page, to, n)
    };
    match add(&state.app, &own, input, &render).await {
        Ok(_) => Redirect::to(&after_saving(&state, &own, first_day)).into_response(),
        Err(e) => failed(&page, e),
    }
}

/// Back to the agenda, at the weeks that show the appointment's first day.
pub(crate) fn after_saving(
    state: &AppState,
    own: &OwnPage,
    first_day: jiff::civil::Date,
) -> String {
    let base = href("/zorgpagina/agenda", own);
    let today = state.app.today();
    let shown_until = today
        .checked_add(jiff::Span::new().days(WEEKS_SHOWN * 7 - 1))
        .unwrap_or(today);
    if first_day > shown_until {
        format!("{base}&vanaf={first_day}")
    } else {
        base
    }
}
