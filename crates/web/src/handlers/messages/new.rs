//! `/zorgpagina/berichten/nieuw?pagina=`: a new thread: a subject, the participants (network
//! members with the permission, and connected providers that read messages) and the first
//! message. A refused form says why next to each field and stores nothing.

use super::{FieldErrors, closed_notice, errors_of, reader, thread_href};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::render;
use crate::handlers::own_content::failed;
use crate::page::PageCtx;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::messages::{Reader, candidates, start};

#[derive(Deserialize)]
pub struct NewQuery {
    pub pagina: Option<String>,
}

/// The form as typed; `deelnemer` repeats, once per ticked participant.
#[derive(Default)]
pub struct NewForm {
    pub onderwerp: String,
    pub tekst: String,
    pub deelnemer: Vec<String>,
}

impl NewForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "onderwerp" => f.onderwerp = v,
                "tekst" => f.tekst = v,
                "deelnemer" => f.deelnemer.push(v),
                _ => {}
            }
        }
        f
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "message_new.html")]
struct NewPage<'a> {
    page: &'a PageCtx,
    back: String,
    action: String,
    choices: Vec<Choice>,
    closed: Vec<String>,
    form: NewForm,
    errors: FieldErrors,
}

async fn new_page(
    state: &AppState,
    page: &PageCtx,
    r: &Reader,
    form: NewForm,
    errors: FieldErrors,
) -> Response {
    let c = match candidates(&state.app, r).await {
        Ok(c) => c,
        Err(e) => return failed(page, e),
    };
    let refused = !errors.is_empty();
    let t = NewPage {
        page,
        back: super::list_href(r),
        action: format!("/zorgpagina/berichten/nieuw?pagina={}", r.page().id),
        choices: c
            .open
            .iter()
            .map(|(party, name)| {
                let value = party.form_value();
                Choice {
                    checked: form.deelnemer.contains(&value),
                    value,
                    label: name.clone(),
                }
            })
            .collect(),
        closed: c.closed.iter().map(|p| closed_notice(page, p)).collect(),
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
    Query(q): Query<NewQuery>,
) -> Response {
    match reader(&state, &page, &user.account, q.pagina.as_deref()).await {
        Ok(r) => {
            new_page(
                &state,
                &page,
                &r,
                NewForm::default(),
                FieldErrors::default(),
            )
            .await
        }
        Err(resp) => resp,
    }
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<NewQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = NewForm::from_pairs(pairs);
    let r = match reader(&state, &page, &user.account, q.pagina.as_deref()).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match start(
        &state.app,
        &r,
        &form.onderwerp,
        &form.tekst,
        &form.deelnemer,
    )
    .await
    {
        Ok(Ok(id)) => Redirect::to(&thread_href(&r, id)).into_response(),
        Ok(Err(problems)) => {
            let errors = errors_of(&page, problems);
            new_page(&state, &page, &r, form, errors).await
        }
        Err(e) => failed(&page, e),
    }
}
