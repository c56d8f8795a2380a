//! `/account-aanmaken`: the terms, the tick box "Ik ga akkoord met de voorwaarden" and the button
//! "Start met {brand}", which starts the registration. Also `/voorwaarden`, the terms themselves.

use super::{path, refusal_text};
use crate::AppState;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, InfoPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Refusal, Step};

fn form<'a>(page: &'a PageCtx, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "terms-title");
    f.paras = vec![
        Para::link(page.t("terms-intro"), page.t("terms-link"), "/voorwaarden"),
        Para::text(page.t("terms-why")),
    ];
    f.fields = vec![Field::checkbox("akkoord", page.t("terms-accept"), false)];
    f.submit = page.t("terms-start");
    f.error = error;
    f.back = Some("/".into());
    f.after = vec![Para::link(
        page.t("terms-have-account"),
        page.t("login-title"),
        "/inloggen",
    )];
    f
}

pub async fn show(page: PageCtx) -> Response {
    render(&page, &form(&page, None))
}

#[derive(Deserialize)]
pub struct Answer {
    akkoord: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(answer): Form<Answer>,
) -> Response {
    if answer.akkoord.as_deref() != Some("ja") {
        let text = refusal_text(&page, &Refusal::TermsNotAccepted, state.app.now());
        return render(&page, &form(&page, Some(text)));
    }
    match zk_app::registration::start(&state.app, page.lang_code()).await {
        Ok((token, _)) => {
            let jar = cookies::set(
                jar,
                Kind::Registration,
                state.config.served_over_tls(),
                token,
            );
            (jar, Redirect::to(path(Step::Name))).into_response()
        }
        Err(e) => internal(&page, e),
    }
}

/// `/voorwaarden`: the terms in plain words.
pub async fn terms_page(page: PageCtx) -> Response {
    let paras = [
        "terms-page-1",
        "terms-page-2",
        "terms-page-3",
        "terms-page-4",
    ]
    .iter()
    .map(|k| Para::text(page.t(k)))
    .collect();
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("terms-page-title"),
            paras,
            action: None,
            back: Some(super::START.into()),
        },
    )
}
