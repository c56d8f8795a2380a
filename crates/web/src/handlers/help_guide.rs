//! `GET /hulp/instructie/{slug}`: one instruction of the seed texts, step by step, each step
//! with a screenshot of the product and a text alternative for it.

use crate::AppState;
use crate::error::{error_page, render};
use crate::help_guides::{guide, image_name};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

pub(crate) struct Step {
    name: &'static str,
    text: String,
    alt: String,
    image: String,
}

#[derive(Template)]
#[template(path = "help_guide.html")]
struct GuidePage<'a> {
    page: &'a PageCtx,
    title: String,
    intro: Vec<String>,
    steps: Vec<Step>,
    support_email: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Response {
    let Some(g) = guide(&slug) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let support = state.config.support_email.clone();
    let args = [("support", support.as_str())];
    let steps = g
        .steps
        .iter()
        .map(|step| Step {
            name: step,
            text: page.tr.t_with(&format!("hguide-{}-{step}", g.slug), &args),
            alt: page.t(&format!("hguide-{}-{step}-alt", g.slug)),
            image: image_name(page.tr.lang, g.slug, step),
        })
        .collect();
    render(
        &page,
        &GuidePage {
            page: &page,
            title: page.t(&format!("hguide-{}-title", g.slug)),
            intro: vec![page.tr.t_with(&format!("hguide-{}-intro", g.slug), &args)],
            steps,
            support_email: support,
        },
    )
}
