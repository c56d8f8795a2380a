//! The e-mails about leaving: a provider unlinked from a care page, and an account deleted.
//! They name no provider and no care data: that a person is a client somewhere is itself
//! care information, so the mail says only that something changed and where to look.

use super::{Block, compose, hello, not_you, regards, text};
use crate::i18n::Tr;
use zk_app::account_deletion::DeletionMail;
use zk_app::registration::RenderedMail;
use zk_store::EndedBy;

/// To the beheerder and co-beheerders: a provider was unlinked from a care page they manage.
pub fn unlinked(tr: &Tr, name: &str, by: EndedBy, support: &str) -> RenderedMail {
    let who = match by {
        EndedBy::Beheerder => "mail-unlinked-by-beheerder",
        EndedBy::Staff => "mail-unlinked-by-staff",
    };
    let [p1, p2] = not_you(tr, support);
    let mut blocks = vec![
        hello(tr, name),
        Block::Strong(tr.t("mail-unlinked-1")),
        text(tr, who),
        text(tr, "mail-unlinked-2"),
    ];
    if by == EndedBy::Beheerder {
        blocks.extend([p1, p2]);
    }
    blocks.push(regards(tr));
    compose(tr.t("mail-unlinked-subject"), blocks)
}

/// The e-mails a deletion sends, to `name` (the recipient).
pub fn account_deletion(tr: &Tr, name: &str, what: &DeletionMail, support: &str) -> RenderedMail {
    match what {
        DeletionMail::Deleted => compose(
            tr.t("mail-deleted-subject"),
            vec![
                hello(tr, name),
                Block::Strong(tr.t("mail-deleted-1")),
                text(tr, "mail-deleted-2"),
                Block::Text(tr.t_with("mail-deleted-3", &[("support", support)])),
                regards(tr),
            ],
        ),
        DeletionMail::PageClosed => compose(
            tr.t("mail-page-closed-subject"),
            vec![
                hello(tr, name),
                Block::Strong(tr.t("mail-page-closed-1")),
                text(tr, "mail-page-closed-2"),
                regards(tr),
            ],
        ),
        DeletionMail::MemberLeft { name: who } => compose(
            tr.t("mail-member-left-subject"),
            vec![
                hello(tr, name),
                Block::Strong(tr.t_with("mail-member-left-1", &[("name", who)])),
                Block::Text(tr.t_with("mail-member-left-2", &[("name", who)])),
                regards(tr),
            ],
        ),
    }
}
