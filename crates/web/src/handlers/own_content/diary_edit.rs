//! `/zorgpagina/dagboek/wijzigen?pagina=&stukje=`: changing one of your own diary entries. An
//! entry of someone else, or of another care page, is "not found".

use super::diary::{DiaryForm, DiaryQuery, errors_of};
use super::{FieldErrors, failed, href, open_page};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{error_page, render};
use crate::page::PageCtx;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::diary::{change, own_entry};
use zk_app::own_page::OwnPage;
use zk_domain::DiaryEntryId;
use zk_domain::diary::check_diary;
use zk_domain::network::Permission;

#[derive(Template)]
#[template(path = "diary_edit.html")]
struct EditPage<'a> {
    page: &'a PageCtx,
    page_name: String,
    back: String,
    action: String,
    form: DiaryForm,
    errors: FieldErrors,
}

/// The page and entry the query names, opened for this account, or the response instead.
pub(crate) async fn opened(
    state: &AppState,
    page: &PageCtx,
    user: &zk_app::sessions::Authenticated,
    q: &DiaryQuery,
) -> Result<(OwnPage, DiaryEntryId), Response> {
    let own = open_page(
        state,
        page,
        &user.account,
        q.pagina.as_deref(),
        Permission::Diary,
    )
    .await?;
    let id = q
        .stukje
        .as_deref()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| error_page(page, StatusCode::NOT_FOUND))?;
    Ok((own, id))
}

fn edit_page(
    page: &PageCtx,
    own: &OwnPage,
    id: DiaryEntryId,
    form: DiaryForm,
    errors: FieldErrors,
) -> Response {
    let refused = !errors.is_empty();
    let t = EditPage {
        page,
        page_name: own.name(),
        back: href("/zorgpagina/dagboek", own),
        action: format!("{}&stukje={id}", href("/zorgpagina/dagboek/wijzigen", own)),
        form,
        errors,
    };
    let body = render(page, &t);
    if refused {
        (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
    } else {
        body
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<DiaryQuery>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    match own_entry(&state.app, &own, id).await {
        Ok(e) => {
            let form = DiaryForm {
                datum: e.date.to_string(),
                titel: e.title.unwrap_or_default(),
                tekst: e.text,
            };
            edit_page(&page, &own, id, form, FieldErrors::default())
        }
        Err(e) => failed(&page, e),
    }
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<DiaryQuery>,
    Form(form): Form<DiaryForm>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    // Someone else's entry is not found, before any word about the form.
    if let Err(e) = own_entry(&state.app, &own, id).await {
        return failed(&page, e);
    }
    match check_diary(&form.datum, &form.titel, &form.tekst) {
        Err(problems) => {
            let errors = errors_of(&page, problems);
            edit_page(&page, &own, id, form, errors)
        }
        Ok(input) => match change(&state.app, &own, id, input).await {
            Ok(_) => Redirect::to(&href("/zorgpagina/dagboek", &own)).into_response(),
            Err(e) => failed(&page, e),
        },
    }
}
