//! `/dev/outbox` (demo mode only): the e-mails and SMS messages the demo "sent", newest first,
//! with clickable links, so a newcomer can walk every flow on one machine.

use crate::AppState;
use crate::error::{error_page, internal, render};
use crate::linkify::linkify;
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::path::PathBuf;
use zk_notify::{DevMail, DevSms};

/// How many messages of each kind the page lists.
const SHOWN: usize = 50;

#[derive(Template)]
#[template(path = "dev_outbox.html")]
struct OutboxPage<'a> {
    page: &'a PageCtx,
    mails: Vec<DevMail>,
    sms: Vec<DevSms>,
}

#[derive(Template)]
#[template(path = "dev_mail.html")]
struct MailPage<'a> {
    page: &'a PageCtx,
    mail: DevMail,
    body_html: String,
}

fn folders(state: &AppState) -> Option<(PathBuf, PathBuf)> {
    let root = state.config.demo_outbox.as_ref()?;
    Some((root.join("mail"), root.join("sms")))
}

pub async fn list(State(state): State<AppState>, page: PageCtx) -> Response {
    let Some((mail_dir, sms_dir)) = folders(&state) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let (mail_files, sms_files) = match (
        zk_notify::list_mail_files(&mail_dir, SHOWN).await,
        zk_notify::list_sms_files(&sms_dir, SHOWN).await,
    ) {
        (Ok(m), Ok(s)) => (m, s),
        (Err(e), _) | (_, Err(e)) => return internal(&page, e),
    };
    let mut mails = Vec::with_capacity(mail_files.len());
    for f in mail_files {
        if let Some(mail) = zk_notify::read_dev_mail(&mail_dir, &f.name).await {
            mails.push(mail);
        }
    }
    let mut sms = Vec::with_capacity(sms_files.len());
    for f in sms_files {
        if let Some(message) = zk_notify::read_dev_sms(&sms_dir, &f.name).await {
            sms.push(message);
        }
    }
    render(
        &page,
        &OutboxPage {
            page: &page,
            mails,
            sms,
        },
    )
}

pub async fn mail(
    State(state): State<AppState>,
    page: PageCtx,
    Path(name): Path<String>,
) -> Response {
    let Some((mail_dir, _)) = folders(&state) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    match zk_notify::read_dev_mail(&mail_dir, &name).await {
        Some(mail) => {
            let body_html = linkify(&mail.text);
            render(
                &page,
                &MailPage {
                    page: &page,
                    mail,
                    body_html,
                },
            )
        }
        None => error_page(&page, StatusCode::NOT_FOUND),
    }
}
