//! `/uitnodiging/{token}`: the link in an invitation e-mail. It shows who invites, for whose
//! care page, and what the invitee will see; then "Accepteren" or "Weigeren". Without a login
//! it offers to log in or create an account and comes back here afterwards (a cookie holds the
//! link until the care page is reached). Any account may accept, also one with another e-mail
//! address than the one invited: people have more than one, and the link proves the invitation
//! reached them. The page says so plainly.

pub mod answer;
pub mod show;

use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use zk_app::invitations::Details;
use zk_domain::invitation::InvitationState;

/// The page for a link that no longer works, naming who to ask when we know.
pub(crate) fn dead<'a>(page: &'a PageCtx, details: Option<&Details>) -> InfoPage<'a> {
    let mut paras = Vec::new();
    match details {
        Some(d) => {
            let key = match d.invitation.state {
                InvitationState::Accepted => "invitation-dead-accepted",
                InvitationState::Declined => "invitation-dead-declined",
                InvitationState::Withdrawn => "invitation-dead-withdrawn",
                InvitationState::Open => "invitation-dead-expired",
            };
            paras.push(Para::text(page.t(key)));
            paras.push(Para::text(
                page.tr
                    .t_with("invitation-dead-ask", &[("inviter", &d.inviter_name)]),
            ));
        }
        None => paras.push(Para::text(page.t("invitation-dead-unknown"))),
    }
    InfoPage {
        page,
        title: page.t("invitation-dead-title"),
        paras,
        action: Some((page.t("nav-home"), "/".into(), false)),
        back: None,
    }
}
