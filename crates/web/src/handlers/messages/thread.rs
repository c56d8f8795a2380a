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

/// One thread as one reader reaches it: the request, the reader, the thread id (`None` when
/// the address held no id), and the links back to the list and to the thread itself, built
/// from the checked ids.
pub(crate) struct Reach<'a> {
    pub state: &'a AppState,
    pub page: &'a PageCtx,
    pub from: &'a Requester,
    pub reader: &'a Reader,
    pub id: Option<MessageThreadId>,
    pub back: String,
    pub href: String,
}

impl Reach<'_> {
    fn thread(&self) -> Option<MessageThreadId> {
        self.id
    }

    /// Shows the thread (recorded), with `form` and `errors` from a refused reply.
    pub(crate) async fn show(
        &self,
        after: Option<String>,
        form: ReplyForm,
        errors: FieldErrors,
    ) -> Response {
        let Some(id) = self.thread() else {
            return failed(self.page, zk_app::AppError::NotFound("message thread"));
        };
        let source = self.from.audit_source();
        match open(&self.state.app, self.reader, id, after, &source).await {
            Ok(view) => thread_page(self.page, view, self.back.clone(), &self.href, form, errors),
            Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
                Redirect::to(&self.href).into_response()
            }
            Err(e) => failed(self.page, e),
        }
    }

    /// Posts a reply; back to the thread, or the thread with the refused form.
    pub(crate) async fn reply(&self, form: ReplyForm) -> Response {
        let Some(thread) = self.thread() else {
            return failed(self.page, zk_app::AppError::NotFound("message thread"));
        };
        match reply(&self.state.app, self.reader, thread, &form.tekst).await {
            Ok(Ok(())) => Redirect::to(&self.href).into_response(),
            Ok(Err(problems)) => {
                let errors = errors_of(self.page, problems);
                self.show(None, form, errors).await
            }
            Err(e) => failed(self.page, e),
        }
    }
}

fn reach<'a>(
    state: &'a AppState,
    page: &'a PageCtx,
    from: &'a Requester,
    r: &'a Reader,
    id: Option<&str>,
) -> Reach<'a> {
    let id = id.and_then(|i| i.parse::<MessageThreadId>().ok());
    let href = id.map_or_else(String::new, |t| {
        format!(
            "/zorgpagina/berichten/gesprek?pagina={}&gesprek={t}",
            r.page().id
        )
    });
    Reach {
        state,
        page,
        from,
        reader: r,
        id,
        back: super::list_href(r),
        href,
    }
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
    reach(&state, &page, &from, &r, q.gesprek.as_deref())
        .show(q.na, ReplyForm::default(), FieldErrors::default())
        .await
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
    reach(&state, &page, &from, &r, q.gesprek.as_deref())
        .reply(form)
        .await
}
