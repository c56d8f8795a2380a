//! The network's e-mails (invitation and notices) in the recipient's language, which is not
//! the language of the page that caused them: an invitation goes out in the language the
//! inviter chose, a notice in the language of the recipient's account.

use crate::dates::day;
use crate::i18n::{I18n, Lang, Tr};
use crate::mail::{Block, button, compose, hello, regards, text};
use jiff::Timestamp;
use std::sync::Arc;
use zk_app::network_mail::{NetworkMails, NetworkNotice};
use zk_app::registration::RenderedMail;

pub struct Mails {
    pub i18n: Arc<I18n>,
}

impl Mails {
    fn tr(&self, language: &str) -> (Tr, Lang) {
        let lang = Lang::parse(language).unwrap_or(Lang::Nl);
        (Tr::new(self.i18n.clone(), lang), lang)
    }
}

fn key(notice: NetworkNotice) -> &'static str {
    match notice {
        NetworkNotice::Accepted => "mail-network-accepted",
        NetworkNotice::Declined => "mail-network-declined",
        NetworkNotice::Changed => "mail-network-changed",
        NetworkNotice::Removed => "mail-network-removed",
        NetworkNotice::Left => "mail-network-left",
        NetworkNotice::Withdrawn => "mail-network-withdrawn",
    }
}

impl NetworkMails for Mails {
    fn invitation(
        &self,
        language: &str,
        invitee: &str,
        inviter: &str,
        link: &str,
        until: Timestamp,
    ) -> RenderedMail {
        let (tr, lang) = self.tr(language);
        let until = day(lang, until);
        compose(
            tr.t_with("mail-invite-subject", &[("inviter", inviter)]),
            vec![
                hello(&tr, invitee),
                Block::Text(tr.t_with("mail-invite-1", &[("inviter", inviter)])),
                button(&tr, "mail-invite-button", link),
                Block::Text(tr.t_with("mail-invite-2", &[("until", &until)])),
                text(&tr, "mail-invite-3"),
                regards(&tr),
            ],
        )
    }

    fn notice(
        &self,
        language: &str,
        notice: NetworkNotice,
        to_name: &str,
        who: &str,
    ) -> RenderedMail {
        let (tr, _) = self.tr(language);
        let k = key(notice);
        compose(
            tr.t(&format!("{k}-subject")),
            vec![
                hello(&tr, to_name),
                Block::Strong(tr.t_with(k, &[("who", who)])),
                text(&tr, "mail-network-look"),
                regards(&tr),
            ],
        )
    }
}
