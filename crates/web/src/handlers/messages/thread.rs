//! `/zorgpagina/berichten/gesprek?pagina=&gesprek=`: one thread, newest message first (`&na=`
//! for older ones), its participants (former ones marked in words), and the reply form. Opening
//! it is recorded in the audit trail first and marks it read. The same page serves provider
//! staff (see `staff_messages`), with their own links.

use super::{FieldErrors, errors_of, reader};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::render;
use crate::handlers::own_content::failed;
use crate::linkify::linkify;
use crate::page::PageCtx;
use crate::requester::Requester;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::messages::thread::{ThreadView, open};
use zk_app::messages::{Reader, reply};
use zk_domain::MessageThreadId;

#[derive(Deserialize)]
pub struct ThreadQuery {
    pub pagina: Option<String>,
    pub gesprek: Option<String>,
    pub na: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ReplyForm {
    #[serde(default)]
    pub tekst: String,
}

pub struct ParticipantShown {
    pub name: String,
    pub former: bool,
    pub provider: bool,
}

pub struct MessageShown {
    pub from: String,
    /// The staff member who wrote for a provider.
    pub writer: Option<String>,
    pub when: String,
    /// Escaped text with links: safe to put in the page as it is.
    pub html: String,
}

#[derive(Template)]
#[template(path = "message_thread.html")]
pub(crate) struct ThreadPage<'a> {
    pub page: &'a PageCtx,
    pub subject: String,
    pub back: String,
    pub action: String,
    pub participants: Vec<ParticipantShown>,
    pub messages: Vec<MessageShown>,
    pub more: Option<String>,
    pub form: ReplyForm,
    pub errors: FieldErrors,
}

/// The page of a thread as `view` has it; `href` is the thread's own link.
pub(crate) fn thread_page(
    page: &PageCtx,
    view: ThreadView,
    back: String,
    href: &str,
    form: ReplyForm,
    errors: FieldErrors,
) -> Response {
    let refused = !errors.is_empty();
    let t = ThreadPage {
        page,
        subject: view.thread.subject,
        back,
        action: href.to_owned(),
        participants: view
            .participants
            .into_iter()
            .map(|p| ParticipantShown {
                provider: matches!(p.party, zk_domain::message::Party::Provider(_)),
                name: p.name,
                former: p.former,
            })
            .collect(),
        more: view.messages.next.map(|c| format!("{href}&na={c}")),
        messages: view
            .messages
            .items
            .into_iter()
            .map(|m| MessageShown {
                writer: m.for_provider.then(|| m.message.writer_name.clone()),
                from: m.from,
                when: format!(
                    "{}, {}",
                    dates::day(page.tr.lang, m.message.created_at),
                    dates::time(m.message.created_at)
                ),
                html: linkify(&m.message.text),
            })
            .collect(),
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

/// Shows the thread to `r` (recorded), with `form` and `errors` from a refused reply.
pub(crate) async fn show_to(
    state: &AppState,
    page: &PageCtx,
    from: &Requester,
    r: &Reader,
    id: Option<&str>,
    after: Option<String>,
    links: (String, String),
    form: ReplyForm,
    errors: FieldErrors,
) -> Response {
    let Some(id) = id.and_then(|i| i.parse::<MessageThreadId>().ok()) else {
        return failed(page, zk_app::AppError::NotFound("message thread"));
    };
    match open(&state.app, r, id, after, &from.audit_source()).await {
        Ok(view) => thread_page(page, view, links.0, &links.1, form, errors),
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            Redirect::to(&links.1).into_response()
        }
        Err(e) => failed(page, e),
    }
}

fn links(r: &Reader, id: Option<&str>) -> (String, String) {
    (
        super::list_href(r),
        format!(
            "/zorgpagina/berichten/gesprek?pagina={}&gesprek={}",
            r.page().id,
            id.unwrap_or_default()
        ),
    )
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Query(q): Query<ThreadQuery>,
) -> Response {
    let r = match reader(&state, &page, &user.account, q.pagina.as_deref()).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let id = q.gesprek.as_deref();
    let l = links(&r, id);
    show_to(&state, &page, &from, &r, id, q.na, l, ReplyForm::default(), FieldErrors::default()).await
}

/// Posts a reply as `r`; back to the thread, or the thread with the refused form.
pub(crate) async fn reply_as(
    state: &AppState,
    page: &PageCtx,
    from: &Requester,
    r: &Reader,
    id: Option<&str>,
    links: (String, String),
    form: ReplyForm,
) -> Response {
    let Some(thread) = id.and_then(|i| i.parse::<MessageThreadId>().ok()) else {
        return failed(page, zk_app::AppError::NotFound("message thread"));
    };
    match reply(&state.app, r, thread, &form.tekst).await {
        Ok(Ok(())) => Redirect::to(&links.1).into_response(),
        Ok(Err(problems)) => {
            let errors = errors_of(page, problems);
            show_to(state, page, from, r, id, None, links, form, errors).await
        }
        Err(e) => failed(page, e),
    }
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Query(q): Query<ThreadQuery>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let r = match reader(&state, &page, &user.account, q.pagina.as_deref()).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let id = q.gesprek.as_deref();
    let l = links(&r, id);
    reply_as(&state, &page, &from, &r, id, l, form).await
}
