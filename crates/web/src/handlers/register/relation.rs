//! `/account-aanmaken/relatie`: how the helper is related to the client: ouder of voogd,
//! wettelijk vertegenwoordiger (mentor, curator), or anders. The age rules of redeeming the
//! letter depend on it (zk_domain::redeem_rule).

use super::{path, progress_for, refusal_text, save_and_go};
use crate::AppState;
use crate::error::render;
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Step, set_relation};
use zk_domain::network::Relation;

#[derive(Deserialize)]
pub struct Answer {
    relatie: Option<String>,
}

/// The choices offered here, with their form value and label key.
const CHOICES: [(Relation, &str, &str); 3] = [
    (Relation::Parent, "ouder", "register-relation-parent"),
    (
        Relation::LegalRepresentative,
        "vertegenwoordiger",
        "relation-legal",
    ),
    (Relation::Other, "anders", "register-relation-other"),
];

fn form<'a>(
    page: &'a PageCtx,
    client: &str,
    chosen: Option<Relation>,
    error: Option<String>,
) -> FormPage<'a> {
    let name = [("name", client)];
    let mut f = FormPage::new(page, "relation-title");
    f.title = page.tr.t_with("relation-title", &name);
    f.fields = vec![Field::radio(
        "relatie",
        f.title.clone(),
        CHOICES
            .iter()
            .map(|(relation, value, key)| Choice {
                value: (*value).into(),
                label: page.t(key),
                checked: chosen == Some(*relation),
            })
            .collect(),
    )];
    f.after = vec![Para::text(page.tr.t_with("relation-rules", &name))];
    f.error = error;
    f.back = Some(path(Step::Client).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Relation).await {
        Ok((p, _)) => render(
            &page,
            &form(&page, &p.state.client_name(), p.state.relation(), None),
        ),
        Err(r) => r,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(a): Form<Answer>,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Relation).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let chosen = CHOICES
        .iter()
        .find(|(_, value, _)| a.relatie.as_deref() == Some(*value))
        .map(|(relation, _, _)| *relation);
    match set_relation(&mut progress.state, chosen) {
        Ok(_) => save_and_go(&state, &page, &progress, path(Step::Letter)).await,
        Err(r) => {
            let text = refusal_text(&page, &r, state.app.now());
            let client = progress.state.client_name();
            render(&page, &form(&page, &client, None, Some(text)))
        }
    }
}
