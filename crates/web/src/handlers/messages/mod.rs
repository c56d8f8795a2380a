//! Messages under the care page (SPEC S5b): the list of threads (`/zorgpagina/berichten`), a
//! new thread (`/berichten/nieuw`) and one thread with its reply form (`/berichten/gesprek`),
//! each for the care page named by `?pagina=`. Every request opens the page with the account's
//! access; a page or thread the account may not see is "not found", like a missing one.

pub mod list;
pub mod new;
pub mod thread;

use super::own_content::{FieldErrors, failed, open_page};
use crate::AppState;
use crate::page::PageCtx;
use axum::response::Response;
use zk_app::messages::Reader;
use zk_domain::account::Account;
use zk_domain::message::{
    MESSAGE_SUBJECT_MAX, MESSAGE_TEXT_MAX, MESSAGES_PER_HOUR, MessageProblem, PARTICIPANTS_MAX,
};
use zk_domain::network::Permission;
use zk_domain::provider::Provider;

/// Opens the messages of care page `pagina` for a network member, or the response instead.
pub(crate) async fn reader(
    state: &AppState,
    page: &PageCtx,
    account: &Account,
    pagina: Option<&str>,
) -> Result<Reader, Response> {
    let own = open_page(state, page, account, pagina, Permission::Messages).await?;
    Reader::member(&state.app, &own)
        .await
        .map_err(|e| failed(page, e))
}

/// The message for a refused field, in the reader's language.
pub(crate) fn problem_text(page: &PageCtx, p: MessageProblem) -> String {
    let max = |key: &str, n: usize| page.tr.t_with(key, &[("max", &n.to_string())]);
    match p {
        MessageProblem::SubjectEmpty => page.t("msg-error-subject-empty"),
        MessageProblem::SubjectTooLong => max("msg-error-subject-long", MESSAGE_SUBJECT_MAX),
        MessageProblem::TextEmpty => page.t("msg-error-text-empty"),
        MessageProblem::TextTooLong => max("msg-error-text-long", MESSAGE_TEXT_MAX),
        MessageProblem::NoParticipants => page.t("msg-error-no-participants"),
        MessageProblem::TooManyParticipants => {
            max("msg-error-too-many-participants", PARTICIPANTS_MAX)
        }
        MessageProblem::UnknownParticipant => page.t("msg-error-unknown-participant"),
        MessageProblem::ParticipantCannotRead => page.t("msg-error-cannot-read"),
        MessageProblem::TooManyMessages => max("msg-error-rate", MESSAGES_PER_HOUR as usize),
    }
}

pub(crate) fn errors_of(page: &PageCtx, problems: Vec<MessageProblem>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for p in problems {
        errors.push(p.field(), problem_text(page, p));
    }
    errors
}

/// "{provider} leest geen berichten in {brand}. Bel of mail het secretariaat: …"
pub(crate) fn closed_notice(page: &PageCtx, p: &Provider) -> String {
    page.tr.t_with(
        "msg-provider-closed",
        &[
            ("provider", &p.name),
            ("phone", &p.secretariat.phone),
            ("email", &p.secretariat.email),
        ],
    )
}

pub(crate) fn list_href(r: &Reader) -> String {
    format!("/zorgpagina/berichten?pagina={}", r.page().id)
}

pub(crate) fn thread_href(r: &Reader, thread: zk_domain::MessageThreadId) -> String {
    format!(
        "/zorgpagina/berichten/gesprek?pagina={}&gesprek={thread}",
        r.page().id
    )
}
