//! E-mails in the user's language: plain text for every client, and a simple HTML version with
//! one clear button. No images, no tracking, no care information. Every mail is a list of
//! blocks, written once as text and once as HTML.

mod leaving;
mod messages;

pub use leaving::*;
pub use messages::*;

use crate::i18n::Tr;
use crate::linkify::escape;
use zk_app::registration::{ActivationMail, RenderedMail};

/// One part of a mail.
pub(crate) enum Block {
    Text(String),
    /// A sentence that stands out (what changed).
    Strong(String),
    /// The one action of the mail: a button in HTML, the label and the link in text.
    Button {
        label: String,
        link: String,
    },
}

const BUTTON: &str = "display:inline-block;padding:12px 24px;background:#0b5cad;color:#ffffff;\
    text-decoration:none;border-radius:6px;font-weight:bold";

pub(crate) fn compose(subject: String, blocks: Vec<Block>) -> RenderedMail {
    let text: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Text(t) | Block::Strong(t) => t.clone(),
            Block::Button { label, link } => format!("{label}:\n{link}"),
        })
        .collect();
    let html: String = blocks
        .iter()
        .map(|b| match b {
            Block::Text(t) => format!("<p>{}</p>", escape(t)),
            Block::Strong(t) => format!("<p><strong>{}</strong></p>", escape(t)),
            Block::Button { label, link } => format!(
                "<p><a href=\"{}\" style=\"{BUTTON}\">{}</a></p>",
                escape(link),
                escape(label)
            ),
        })
        .collect();
    RenderedMail {
        subject,
        text: format!("{}\n", text.join("\n\n")),
        html: format!(
            "<!doctype html><html><body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1c1c1c\">{html}</body></html>"
        ),
    }
}

pub(crate) fn hello(tr: &Tr, name: &str) -> Block {
    Block::Text(tr.t_with("mail-activate-hello", &[("name", name)]))
}

pub(crate) fn text(tr: &Tr, key: &str) -> Block {
    Block::Text(tr.t(key))
}

pub(crate) fn regards(tr: &Tr) -> Block {
    text(tr, "mail-regards")
}

pub(crate) fn button(tr: &Tr, key: &str, link: &str) -> Block {
    Block::Button {
        label: tr.t(key),
        link: link.to_owned(),
    }
}

/// "Was this not you?": what to do, with the support address.
fn not_you(tr: &Tr, support: &str) -> [Block; 2] {
    [
        text(tr, "mail-security-1"),
        Block::Text(tr.t_with("mail-security-2", &[("support", support)])),
    ]
}

/// The activation e-mail, or the "you already have an account" e-mail.
pub fn activation(tr: &Tr, name: &str, support: &str, kind: ActivationMail) -> RenderedMail {
    match kind {
        ActivationMail::Link(link) => compose(
            tr.t("mail-activate-subject"),
            vec![
                hello(tr, name),
                text(tr, "mail-activate-1"),
                button(tr, "mail-activate-button", &link),
                text(tr, "mail-activate-2"),
                text(tr, "mail-activate-3"),
                regards(tr),
            ],
        ),
        ActivationMail::AlreadyRegistered => compose(
            tr.t("mail-exists-subject"),
            vec![
                hello(tr, name),
                text(tr, "mail-exists-1"),
                Block::Text(tr.t_with("mail-exists-2", &[("support", support)])),
                text(tr, "mail-exists-3"),
                regards(tr),
            ],
        ),
    }
}

/// The password reset e-mail.
pub fn password_reset(tr: &Tr, name: &str, link: &str) -> RenderedMail {
    compose(
        tr.t("mail-reset-subject"),
        vec![
            hello(tr, name),
            text(tr, "mail-reset-1"),
            button(tr, "mail-reset-button", link),
            text(tr, "mail-reset-2"),
            text(tr, "mail-reset-3"),
            regards(tr),
        ],
    )
}

/// "Er is iets veranderd aan je account": what changed, and what to do if it was not them.
pub fn security_change(tr: &Tr, name: &str, what_key: &str, support: &str) -> RenderedMail {
    let [p1, p2] = not_you(tr, support);
    compose(
        tr.t("mail-security-subject"),
        vec![
            hello(tr, name),
            Block::Strong(tr.t(what_key)),
            p1,
            p2,
            regards(tr),
        ],
    )
}

/// The link that confirms a new e-mail address, sent to that address.
pub fn email_change_link(tr: &Tr, name: &str, link: &str) -> RenderedMail {
    compose(
        tr.t("mail-email-change-subject"),
        vec![
            hello(tr, name),
            text(tr, "mail-email-change-1"),
            button(tr, "mail-email-change-button", link),
            text(tr, "mail-email-change-2"),
            regards(tr),
        ],
    )
}

/// Sent instead of the link when the new address already has an account: the person asking
/// learns nothing on screen, the owner of the address learns what happened.
pub fn email_change_taken(tr: &Tr, support: &str) -> RenderedMail {
    let [_, p2] = not_you(tr, support);
    compose(
        tr.t("mail-email-change-subject"),
        vec![text(tr, "mail-email-taken-1"), p2, regards(tr)],
    )
}

/// "Er is ingelogd vanaf een nieuw apparaat": which browser, when, and what to do if it was not
/// the holder.
pub fn new_browser(tr: &Tr, name: &str, browser: &str, when: &str, support: &str) -> RenderedMail {
    let [p1, p2] = not_you(tr, support);
    let what = tr.t_with(
        "mail-new-browser-1",
        &[("browser", browser), ("when", when)],
    );
    compose(
        tr.t("mail-new-browser-subject"),
        vec![hello(tr, name), Block::Strong(what), p1, p2, regards(tr)],
    )
}

/// The invitation e-mail for a staff member: a link to accept, valid 7 days, once.
pub fn staff_welcome(tr: &Tr, name: &str, provider: &str, link: &str) -> RenderedMail {
    compose(
        tr.t("mail-staff-subject"),
        vec![
            hello(tr, name),
            Block::Text(tr.t_with("mail-staff-1", &[("provider", provider)])),
            button(tr, "mail-staff-button", link),
            text(tr, "mail-staff-2"),
            text(tr, "mail-staff-3"),
            regards(tr),
        ],
    )
}

/// To a staff member whose role changed (`role`: the new role's name) or who was removed from
/// the provider's staff (`None`).
pub fn staff_changed(tr: &Tr, name: &str, provider: &str, role: Option<&str>) -> RenderedMail {
    let what = match role {
        Some(role) => tr.t_with(
            "mail-staff-role-1",
            &[("provider", provider), ("role", role)],
        ),
        None => tr.t_with("mail-staff-removed-1", &[("provider", provider)]),
    };
    compose(
        tr.t("mail-staff-changed-subject"),
        vec![
            hello(tr, name),
            Block::Strong(what),
            Block::Text(tr.t_with("mail-staff-changed-2", &[("provider", provider)])),
            regards(tr),
        ],
    )
}

/// To the beheerder or the adder when someone else added, changed or deleted an appointment in
/// a care page's agenda: who and on whose page, never the appointment itself.
pub fn agenda_changed(tr: &Tr, name: &str, notice: &zk_app::agenda::AgendaNotice) -> RenderedMail {
    use zk_app::agenda::AgendaChange;
    let key = match notice.change {
        AgendaChange::Added => "mail-agenda-added",
        AgendaChange::Changed => "mail-agenda-changed",
        AgendaChange::Deleted => "mail-agenda-deleted",
    };
    let args = [
        ("actor", notice.actor.as_str()),
        ("page", notice.page_name.as_str()),
    ];
    compose(
        tr.t("mail-agenda-subject"),
        vec![
            hello(tr, name),
            Block::Strong(tr.t_with(key, &args)),
            text(tr, "mail-agenda-look"),
            regards(tr),
        ],
    )
}

/// "{name} beheert nu de eigen zorgpagina": to the previous beheerder and the members of a care
/// page that was handed over. Only the client's first name; no care data.
pub fn hand_over(tr: &Tr, name: &str, client: &str, by_client: bool) -> RenderedMail {
    let c = [("client", client)];
    let (subject, what) = if by_client {
        ("mail-hand-over-subject", "mail-hand-over-1")
    } else {
        ("mail-hand-over-new-subject", "mail-hand-over-new-1")
    };
    compose(
        tr.t_with(subject, &c),
        vec![
            hello(tr, name),
            Block::Strong(tr.t_with(what, &c)),
            Block::Text(tr.t_with("mail-hand-over-2", &c)),
            regards(tr),
        ],
    )
}

/// Writes [`hand_over`] in each recipient's own language.
pub fn hand_over_for(
    page: &crate::page::PageCtx,
) -> impl Fn(&zk_domain::account::Account, &str, bool) -> RenderedMail + Send + Sync + use<> {
    let i18n = page.tr.i18n();
    move |to, client, by_client| {
        let lang = crate::i18n::Lang::parse(&to.language).unwrap_or(crate::i18n::Lang::Nl);
        hand_over(
            &Tr::new(i18n.clone(), lang),
            &to.first_name,
            client,
            by_client,
        )
    }
}

/// "Er is een eigen brief gemaakt voor {client}": to the beheerder of the client's page when the
/// provider makes a letter addressed to the client. No care data.
pub fn own_letter(tr: &Tr, name: &str, client: &str, from: &str) -> RenderedMail {
    let c = [("client", client), ("date", from)];
    compose(
        tr.t_with("mail-own-letter-subject", &c),
        vec![
            hello(tr, name),
            Block::Strong(tr.t_with("mail-own-letter-1", &c)),
            Block::Text(tr.t_with("mail-own-letter-2", &c)),
            regards(tr),
        ],
    )
}

/// Writes [`own_letter`] in the recipient's own language.
pub fn own_letter_for(
    page: &crate::page::PageCtx,
) -> impl Fn(&zk_domain::account::Account, &str, jiff::civil::Date) -> RenderedMail + Send + Sync + use<>
{
    let i18n = page.tr.i18n();
    move |to, client, from| {
        let lang = crate::i18n::Lang::parse(&to.language).unwrap_or(crate::i18n::Lang::Nl);
        let from = zk_domain::BirthDate::new(from).dutch();
        own_letter(&Tr::new(i18n.clone(), lang), &to.first_name, client, &from)
    }
}
