//! `/zorgpagina/agenda/wijzigen?pagina=&afspraak=`: changing an own appointment, for whoever
//! added it and whoever manages the care page. Anyone else, or an appointment of another care
//! page, gets "not found".

use super::agenda::AgendaQuery;
use super::agenda_form::{AgendaFields, Frame, errors_of, form_page};
use super::agenda_new::after_saving;
use super::{FieldErrors, agenda_mail, failed, href, open_page};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::error_page;
use crate::page::PageCtx;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::agenda::{change, changeable};
use zk_app::own_page::OwnPage;
use zk_domain::AgendaItemId;
use zk_domain::agenda::check_agenda;
use zk_domain::network::Permission;

fn frame(own: &OwnPage, id: AgendaItemId) -> Frame {
    Frame {
        title_key: "agenda-edit-title",
        submit_key: "own-save-changes",
        page_name: own.name(),
        back: href("/zorgpagina/agenda", own),
        action: format!("{}&afspraak={id}", href("/zorgpagina/agenda/wijzigen", own)),
    }
}

/// The page and appointment the query names, opened for this account, or the response instead.
pub(crate) async fn opened(
    state: &AppState,
    page: &PageCtx,
    user: &zk_app::sessions::Authenticated,
    q: &AgendaQuery,
) -> Result<(OwnPage, AgendaItemId), Response> {
    let own = open_page(
        state,
        page,
        &user.account,
        q.pagina.as_deref(),
        Permission::Agenda,
    )
    .await?;
    let id = q
        .afspraak
        .as_deref()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| error_page(page, StatusCode::NOT_FOUND))?;
    Ok((own, id))
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<AgendaQuery>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    match changeable(&state.app, &own, id).await {
        Ok(item) => form_page(
            &page,
            frame(&own, id),
            AgendaFields::of(&item),
            FieldErrors::default(),
        ),
        Err(e) => failed(&page, e),
    }
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<AgendaQuery>,
    Form(fields): Form<AgendaFields>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    // Someone else's appointment is not found, before any word about the form.
    if let Err(e) = changeable(&state.app, &own, id).await {
        return failed(&page, e);
    }
    let input = match check_agenda(&fields.form()) {
        Ok(i) => i,
        Err(problems) => {
            return form_page(&page, frame(&own, id), fields, errors_of(&page, problems));
        }
    };
    let first_day = input.starts.date();
    let render = |to: &zk_domain::account::Account, n: &zk_app::agenda::AgendaNotice| {
        agenda_mail(&page, to, n)
    };
    match change(&state.app, &own, id, input, &render).await {
        Ok(_) => Redirect::to(&after_saving(&state, &own, first_day)).into_response(),
        Err(e) => failed(&page, e),
    }
}
