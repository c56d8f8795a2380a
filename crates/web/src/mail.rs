//! E-mails in the user's language: plain text for every client, and a simple HTML version with
//! one clear button. No images, no tracking, no care information.

use crate::i18n::Tr;
use crate::linkify::escape;
use zk_app::registration::{ActivationMail, RenderedMail};

/// The activation e-mail, or the "you already have an account" e-mail.
pub fn activation(tr: &Tr, name: &str, support: &str, kind: ActivationMail) -> RenderedMail {
    let hello = tr.t_with("mail-activate-hello", &[("name", name)]);
    let regards = tr.t("mail-regards");
    match kind {
        ActivationMail::Link(link) => {
            let button = tr.t("mail-activate-button");
            let (p1, p2, p3) = (
                tr.t("mail-activate-1"),
                tr.t("mail-activate-2"),
                tr.t("mail-activate-3"),
            );
            RenderedMail {
                subject: tr.t("mail-activate-subject"),
                text: format!("{hello}\n\n{p1}\n\n{button}:\n{link}\n\n{p2}\n{p3}\n\n{regards}\n"),
                html: layout(&format!(
                    "<p>{}</p><p>{}</p><p><a href=\"{}\" style=\"{BUTTON}\">{}</a></p><p>{}</p><p>{}</p><p>{}</p>",
                    escape(&hello),
                    escape(&p1),
                    escape(&link),
                    escape(&button),
                    escape(&p2),
                    escape(&p3),
                    escape(&regards)
                )),
            }
        }
        ActivationMail::AlreadyRegistered => {
            let p1 = tr.t("mail-exists-1");
            let p2 = tr.t_with("mail-exists-2", &[("support", support)]);
            let p3 = tr.t("mail-exists-3");
            RenderedMail {
                subject: tr.t("mail-exists-subject"),
                text: format!("{hello}\n\n{p1}\n\n{p2}\n\n{p3}\n\n{regards}\n"),
                html: layout(&format!(
                    "<p>{}</p><p>{}</p><p>{}</p><p>{}</p><p>{}</p>",
                    escape(&hello),
                    escape(&p1),
                    escape(&p2),
                    escape(&p3),
                    escape(&regards)
                )),
            }
        }
    }
}

const BUTTON: &str = "display:inline-block;padding:12px 24px;background:#0b5cad;color:#ffffff;\
    text-decoration:none;border-radius:6px;font-weight:bold";

fn layout(body: &str) -> String {
    format!(
        "<!doctype html><html><body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1c1c1c\">{body}</body></html>"
    )
}

/// The password reset e-mail.
pub fn password_reset(tr: &Tr, name: &str, link: &str) -> RenderedMail {
    let hello = tr.t_with("mail-activate-hello", &[("name", name)]);
    let (p1, button, p2, p3) = (
        tr.t("mail-reset-1"),
        tr.t("mail-reset-button"),
        tr.t("mail-reset-2"),
        tr.t("mail-reset-3"),
    );
    let regards = tr.t("mail-regards");
    RenderedMail {
        subject: tr.t("mail-reset-subject"),
        text: format!("{hello}\n\n{p1}\n\n{button}:\n{link}\n\n{p2}\n{p3}\n\n{regards}\n"),
        html: layout(&format!(
            "<p>{}</p><p>{}</p><p><a href=\"{}\" style=\"{BUTTON}\">{}</a></p><p>{}</p><p>{}</p><p>{}</p>",
            escape(&hello),
            escape(&p1),
            escape(link),
            escape(&button),
            escape(&p2),
            escape(&p3),
            escape(&regards)
        )),
    }
}

/// "Er is iets veranderd aan je account": what changed, and what to do if it was not them.
pub fn security_change(tr: &Tr, name: &str, what_key: &str, support: &str) -> RenderedMail {
    let hello = tr.t_with("mail-activate-hello", &[("name", name)]);
    let what = tr.t(what_key);
    let (p1, p2) = (
        tr.t("mail-security-1"),
        tr.t_with("mail-security-2", &[("support", support)]),
    );
    let regards = tr.t("mail-regards");
    RenderedMail {
        subject: tr.t("mail-security-subject"),
        text: format!("{hello}\n\n{what}\n\n{p1}\n{p2}\n\n{regards}\n"),
        html: layout(&format!(
            "<p>{}</p><p><strong>{}</strong></p><p>{}</p><p>{}</p><p>{}</p>",
            escape(&hello),
            escape(&what),
            escape(&p1),
            escape(&p2),
            escape(&regards)
        )),
    }
}

/// The link that confirms a new e-mail address, sent to that address.
pub fn email_change_link(tr: &Tr, name: &str, link: &str) -> RenderedMail {
    let hello = tr.t_with("mail-activate-hello", &[("name", name)]);
    let (p1, button, p2) = (
        tr.t("mail-email-change-1"),
        tr.t("mail-email-change-button"),
        tr.t("mail-email-change-2"),
    );
    let regards = tr.t("mail-regards");
    RenderedMail {
        subject: tr.t("mail-email-change-subject"),
        text: format!("{hello}\n\n{p1}\n\n{button}:\n{link}\n\n{p2}\n\n{regards}\n"),
        html: layout(&format!(
            "<p>{}</p><p>{}</p><p><a href=\"{}\" style=\"{BUTTON}\">{}</a></p><p>{}</p><p>{}</p>",
            escape(&hello),
            escape(&p1),
            escape(link),
            escape(&button),
            escape(&p2),
            escape(&regards)
        )),
    }
}

/// Sent instead of the link when the new address already has an account: the person asking
/// learns nothing on screen, the owner of the address learns what happened.
pub fn email_change_taken(tr: &Tr, support: &str) -> RenderedMail {
    let (p1, p2) = (
        tr.t("mail-email-taken-1"),
        tr.t_with("mail-security-2", &[("support", support)]),
    );
    let regards = tr.t("mail-regards");
    RenderedMail {
        subject: tr.t("mail-email-change-subject"),
        text: format!("{p1}\n\n{p2}\n\n{regards}\n"),
        html: layout(&format!(
            "<p>{}</p><p>{}</p><p>{}</p>",
            escape(&p1),
            escape(&p2),
            escape(&regards)
        )),
    }
}

/// "Er is ingelogd vanaf een nieuw apparaat": which browser, when, and what to do if it was not
/// the holder.
pub fn new_browser(tr: &Tr, name: &str, browser: &str, when: &str, support: &str) -> RenderedMail {
    let hello = tr.t_with("mail-activate-hello", &[("name", name)]);
    let what = tr.t_with(
        "mail-new-browser-1",
        &[("browser", browser), ("when", when)],
    );
    let (p1, p2) = (
        tr.t("mail-security-1"),
        tr.t_with("mail-security-2", &[("support", support)]),
    );
    let regards = tr.t("mail-regards");
    RenderedMail {
        subject: tr.t("mail-new-browser-subject"),
        text: format!("{hello}\n\n{what}\n\n{p1}\n{p2}\n\n{regards}\n"),
        html: layout(&format!(
            "<p>{}</p><p><strong>{}</strong></p><p>{}</p><p>{}</p><p>{}</p>",
            escape(&hello),
            escape(&what),
            escape(&p1),
            escape(&p2),
            escape(&regards)
        )),
    }
}
