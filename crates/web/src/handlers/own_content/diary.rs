//! `/zorgpagina/dagboek?pagina=`: the diary of a care page, newest first, a page at a time
//! (`&na=`). The beheerder and co-beheerders see the form to write a new entry above it and may
//! change or delete their own entries; members with the diary permission only read.

use super::{FieldErrors, failed, href, open_page};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::diary::{DiaryView, add, entries};
use zk_app::own_page::OwnPage;
use zk_domain::diary::{DIARY_TEXT_MAX, DIARY_TITLE_MAX, DiaryProblem, check_diary};
use zk_domain::network::Permission;

#[derive(Deserialize)]
pub struct DiaryQuery {
    pub pagina: Option<String>,
    pub na: Option<String>,
    pub stukje: Option<String>,
}

/// The diary form as typed (kept when it is refused, so nothing is lost).
#[derive(Deserialize, Default)]
pub struct DiaryForm {
    #[serde(default)]
    pub datum: String,
    #[serde(default)]
    pub titel: String,
    #[serde(default)]
    pub tekst: String,
}

pub struct EntryShown {
    date: String,
    title: Option<String>,
    author: String,
    text: String,
    /// Change and delete, for the writer's own entries.
    links: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "diary.html")]
struct DiaryPage<'a> {
    page: &'a PageCtx,
    page_name: String,
    back: String,
    action: String,
    writes: bool,
    form: DiaryForm,
    errors: FieldErrors,
    entries: Vec<EntryShown>,
    more: Option<String>,
}

/// The message for a refused diary field, in the reader's language.
pub(crate) fn problem_text(page: &PageCtx, p: DiaryProblem) -> String {
    match p {
        DiaryProblem::DateMissing => page.t("diary-error-date-missing"),
        DiaryProblem::DateInvalid => page.t("diary-error-date-invalid"),
        DiaryProblem::TitleTooLong => page.tr.t_with(
            "own-error-too-long",
            &[("max", &DIARY_TITLE_MAX.to_string())],
        ),
        DiaryProblem::TextEmpty => page.t("diary-error-text-empty"),
        DiaryProblem::TextTooLong => page.tr.t_with(
            "own-error-too-long",
            &[("max", &DIARY_TEXT_MAX.to_string())],
        ),
    }
}

pub(crate) fn errors_of(page: &PageCtx, problems: Vec<DiaryProblem>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for p in problems {
        errors.push(p.field(), problem_text(page, p));
    }
    errors
}

fn shown(page: &PageCtx, own: &OwnPage, v: DiaryView) -> EntryShown {
    let id = v.entry.id;
    let link = |path: &str| format!("{}&stukje={id}", href(path, own));
    EntryShown {
        date: dates::date(page.tr.lang, v.entry.date),
        title: v.entry.title,
        author: v.author,
        text: v.entry.text,
        links: v.mine.then(|| {
            (
                link("/zorgpagina/dagboek/wijzigen"),
                link("/zorgpagina/dagboek/verwijderen"),
            )
        }),
    }
}

async fn diary_page(
    state: &AppState,
    page: &PageCtx,
    own: &OwnPage,
    after: Option<String>,
    form: DiaryForm,
    errors: FieldErrors,
) -> Response {
    let list = match entries(&state.app, own, after).await {
        Ok(l) => l,
        // A cursor from an old or edited link: start at the newest.
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            return Redirect::to(&href("/zorgpagina/dagboek", own)).into_response();
        }
        Err(e) => return failed(page, e),
    };
    let refused = !errors.is_empty();
    let t = DiaryPage {
        page,
        page_name: own.name(),
        back: href("/zorgpagina", own),
        action: href("/zorgpagina/dagboek", own),
        writes: own.writes_diary(),
        form,
        errors,
        more: list
            .next
            .map(|c| format!("{}&na={c}", href("/zorgpagina/dagboek", own))),
        entries: list
            .items
            .into_iter()
            .map(|v| shown(page, own, v))
            .collect(),
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
    let own = match open_page(
        &state,
        &page,
        &user.account,
        q.pagina.as_deref(),
        Permission::Diary,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let form = DiaryForm {
        datum: state.app.today().to_string(),
        ..DiaryForm::default()
    };
    diary_page(&state, &page, &own, q.na, form, FieldErrors::default()).await
}

pub async fn add_entry(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<DiaryQuery>,
    Form(form): Form<DiaryForm>,
) -> Response {
    let own = match open_page(
        &state,
        &page,
        &user.account,
        q.pagina.as_deref(),
        Permission::Diary,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    if !own.writes_diary() {
        return failed(&page, zk_app::AppError::NotFound("diary"));
    }
    match check_diary(&form.datum, &form.titel, &form.tekst) {
        Err(problems) => {
            let errors = errors_of(&page, problems);
            diary_page(&state, &page, &own, None, form, errors).await
        }
        Ok(input) => match add(&state.app, &own, input).await {
            Ok(_) => Redirect::to(&href("/zorgpagina/dagboek", &own)).into_response(),
            Err(e) => failed(&page, e),
        },
    }
}
