//! `/zorgpagina/toevoegen`: "Zorgpagina toevoegen" (SPEC S1 "extra zorgpagina"). The user
//! makes a care page for someone they care for: the person's first and last name, birth date,
//! and what the user is of that person. The new page opens at once; from there the user
//! invites the network, and connects a provider later with a letter on Connecties.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::extra_pages::{MAX_EXTRA_PAGES, NewPage, Problem, create};
use zk_domain::network::Relation;

pub const PATH: &str = "/zorgpagina/toevoegen";

#[derive(Default, Deserialize)]
pub struct Answer {
    #[serde(default)]
    voornaam: String,
    #[serde(default)]
    achternaam: String,
    #[serde(default)]
    geboortedatum: String,
    relatie: Option<String>,
}

/// The relation choices: form value, label key, relation.
const RELATIONS: [(&str, &str, Relation); 3] = [
    ("ouder", "xpage-relation-parent", Relation::Parent),
    (
        "vertegenwoordiger",
        "xpage-relation-legal",
        Relation::LegalRepresentative,
    ),
    ("anders", "xpage-relation-other", Relation::Other),
];

fn relation(value: Option<&str>) -> Option<Relation> {
    RELATIONS
        .iter()
        .find(|(v, _, _)| Some(*v) == value)
        .map(|(_, _, r)| *r)
}

fn problem_text(page: &PageCtx, p: Problem) -> String {
    match p {
        Problem::FirstNameMissing => page.t("xpage-first-missing"),
        Problem::LastNameMissing => page.t("xpage-last-missing"),
        Problem::NameTooLong => page.t("xpage-name-too-long"),
        Problem::BirthDateFormat => page.t("xpage-birth-format"),
        Problem::BirthDateNoSuchDate => page.t("xpage-birth-no-such-date"),
        Problem::BirthDateFuture => page.t("xpage-birth-future"),
        Problem::BirthDateTooOld => page.t("xpage-birth-too-old"),
        Problem::RelationMissing => page.t("xpage-relation-missing"),
        Problem::TooMany => page
            .tr
            .t_with("xpage-too-many", &[("max", &MAX_EXTRA_PAGES.to_string())]),
    }
}

fn form<'a>(page: &'a PageCtx, a: &Answer, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "xpage-title");
    f.paras = vec![
        Para::text(page.t("xpage-intro")),
        Para::text(page.t("xpage-later")),
    ];
    f.fields = vec![
        Field::text(
            "voornaam",
            page.t("xpage-first"),
            &a.voornaam,
            "text",
            "off",
        ),
        Field::text(
            "achternaam",
            page.t("xpage-last"),
            &a.achternaam,
            "text",
            "off",
        ),
        Field::text(
            "geboortedatum",
            page.t("xpage-birth"),
            &a.geboortedatum,
            "text",
            "off",
        )
        .with_hint(page.t("birth-date-hint")),
        Field::radio(
            "relatie",
            page.t("xpage-relation"),
            RELATIONS
                .iter()
                .map(|(value, key, _)| Choice {
                    value: (*value).into(),
                    label: page.t(key),
                    checked: a.relatie.as_deref() == Some(*value),
                })
                .collect(),
        ),
    ];
    f.submit = page.t("xpage-submit");
    f.back = Some("/zorgpagina".into());
    f.error = error;
    f
}

pub async fn show(page: PageCtx, LoggedIn(_user): LoggedIn) -> Response {
    render(&page, &form(&page, &Answer::default(), None))
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Form(a): Form<Answer>,
) -> Response {
    let new = NewPage {
        first_name: &a.voornaam,
        last_name: &a.achternaam,
        birth_date: &a.geboortedatum,
        relation: relation(a.relatie.as_deref()),
    };
    match create(&state.app, &user.account, &new, &from.audit_source()).await {
        Ok(Ok(id)) => Redirect::to(&format!("/zorgpagina?pagina={id}")).into_response(),
        Ok(Err(problems)) => {
            let text = problems
                .into_iter()
                .map(|p| problem_text(&page, p))
                .collect::<Vec<_>>()
                .join(" ");
            let form = render(&page, &form(&page, &a, Some(text)));
            (StatusCode::UNPROCESSABLE_ENTITY, form).into_response()
        }
        Err(e) => internal(&page, e),
    }
}
