//! Creating an account (SPEC S2): one handler file per step. Each GET shows the step if the
//! earlier steps are done (else it sends the browser to the furthest allowed step); each POST
//! checks the answer, stores it server-side and moves on with a redirect.

pub mod activate;
pub mod check;
pub mod client;
pub mod code;
pub mod done;
pub mod email;
pub mod explain;
pub mod letter;
pub mod management;
pub mod matched;
pub mod name;
pub mod password;
pub mod relation;
pub mod role;
pub mod sent;
pub mod terms;

use crate::AppState;
use crate::cookies::{self, Kind};
use crate::error::internal;
use crate::page::PageCtx;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use zk_app::registration::{Progress, Refusal, Step, save};

pub const START: &str = "/account-aanmaken";

pub fn path(step: Step) -> &'static str {
    match step {
        Step::Terms => START,
        Step::Name => "/account-aanmaken/naam",
        Step::Role => "/account-aanmaken/rol",
        Step::Management => "/account-aanmaken/beheer",
        Step::Email => "/account-aanmaken/e-mailadres",
        Step::Client => "/account-aanmaken/voor-wie",
        Step::Relation => "/account-aanmaken/relatie",
        Step::Letter => "/account-aanmaken/brief",
        Step::Code => "/account-aanmaken/code",
        Step::Match => "/account-aanmaken/koppeling",
        Step::Check => "/account-aanmaken/controle",
        Step::EmailSent => "/account-aanmaken/e-mail-verstuurd",
        Step::Password => "/account-aanmaken/wachtwoord",
    }
}

/// What the code is redeemed for: the client's own page, or a helper's for the client.
pub fn purpose(progress: &Progress) -> zk_app::registration::Purpose {
    use zk_app::registration::Purpose;
    match progress.state.relation() {
        Some(relation) if progress.state.helps() => Purpose::Representative(relation),
        _ => Purpose::SelfManagement,
    }
}

/// The registration of this browser, if it may be on `step`; otherwise where to go instead.
pub async fn progress_for(
    state: &AppState,
    page: &PageCtx,
    jar: &CookieJar,
    step: Step,
) -> Result<(Progress, String), Response> {
    let tls = state.config.served_over_tls();
    let Some(token) = cookies::read(jar, Kind::Registration, tls) else {
        return Err(Redirect::to(START).into_response());
    };
    match zk_app::registration::load(&state.app, &token).await {
        Ok(Some(progress)) if progress.state.allows(step) => Ok((progress, token)),
        Ok(Some(progress)) => {
            Err(Redirect::to(path(progress.state.furthest_step())).into_response())
        }
        Ok(None) => Err(Redirect::to(START).into_response()),
        Err(e) => Err(internal(page, e)),
    }
}

/// Stores the progress and goes to `to`.
pub async fn save_and_go(
    state: &AppState,
    page: &PageCtx,
    progress: &Progress,
    to: &str,
) -> Response {
    match save(&state.app, progress).await {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => internal(page, e),
    }
}

/// A refusal in the user's words.
pub fn refusal_text(page: &PageCtx, refusal: &Refusal, now: jiff::Timestamp) -> String {
    use zk_app::password::PasswordProblem as P;
    let contact = |key: &str, provider: &str, email: &str, phone: &str| {
        page.tr.t_with(
            key,
            &[("provider", provider), ("email", email), ("phone", phone)],
        )
    };
    match refusal {
        Refusal::TermsNotAccepted => page.t("terms-error"),
        Refusal::NameMissing => page.t("name-missing"),
        Refusal::NameTooLong => page.t("name-too-long"),
        Refusal::ChoiceMissing => page.t("choice-missing"),
        Refusal::EmailInvalid => page.t("email-invalid"),
        Refusal::CodeWrongLength => page.t("code-wrong-length"),
        Refusal::CodeNotDigits => page.t("code-not-digits"),
        Refusal::CodeTypo => page.t("code-typo"),
        Refusal::BirthDateFormat => page.t("birth-date-format"),
        Refusal::BirthDateNoSuchDate => page.t("birth-date-no-such-date"),
        Refusal::BirthDateFuture => page.t("birth-date-future"),
        Refusal::NoMatch => page.t("no-match"),
        Refusal::Wait { until } => {
            let secs = until.duration_since(now).as_secs().max(1) as u64;
            let minutes = secs.div_ceil(60).to_string();
            page.tr.t_with("wait-minutes", &[("minutes", &minutes)])
        }
        Refusal::LetterExpired {
            provider,
            email,
            phone,
        } => contact("letter-expired", provider, email, phone),
        Refusal::LetterUsed {
            provider,
            email,
            phone,
        } => contact("letter-used", provider, email, phone),
        Refusal::LetterRevoked {
            provider,
            email,
            phone,
        } => contact("letter-revoked", provider, email, phone),
        Refusal::LetterLocked {
            provider,
            email,
            phone,
        } => contact("letter-locked", provider, email, phone),
        Refusal::NotForSelfManagement { provider } => {
            page.tr.t_with("not-for-self", &[("provider", provider)])
        }
        Refusal::OnlyParentOrRepresentative { provider } => page
            .tr
            .t_with("only-parent-or-representative", &[("provider", provider)]),
        Refusal::ClientManagesSelf { provider } => page
            .tr
            .t_with("client-manages-self", &[("provider", provider)]),
        Refusal::ManagedByRepresentative { provider } => page
            .tr
            .t_with("managed-by-representative", &[("provider", provider)]),
        Refusal::RelationMissing => page.t("relation-missing"),
        Refusal::Password(P::Mismatch) => page.t("password-mismatch"),
        Refusal::Password(P::TooShort) => page.t("password-too-short"),
        Refusal::Password(P::TooLong) => page.t("password-too-long"),
        Refusal::Password(P::Common) => page.t("password-common"),
        Refusal::Password(P::TooEasy) => page.t("password-too-easy"),
        Refusal::Password(P::ContainsPersonalInfo) => page.t("password-personal"),
        Refusal::LetterTakenMeanwhile => page.t("letter-taken"),
        Refusal::EmailNotProven => page.t("email-not-proven"),
        Refusal::OtherPerson => page.t("connect-other-person"),
        Refusal::NotThePagePerson { name } => {
            page.tr.t_with("xpage-other-person", &[("name", name)])
        }
        Refusal::ProviderAlreadyConnected { provider } => {
            page.tr.t_with("connect-already", &[("provider", provider)])
        }
    }
}
