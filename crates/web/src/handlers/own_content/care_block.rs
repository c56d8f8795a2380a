//! The block of own content on the care page: the next few own appointments of the network,
//! labelled as such beside the providers' ones, and the ways to the diary, the agenda and the
//! messages (with how many conversations have news), each only for whoever may see it.

use super::agenda::{OccurrenceShown, shown};
use super::href;
use crate::AppState;
use crate::page::PageCtx;
use zk_app::AppResult;
use zk_app::agenda::upcoming;
use zk_app::own_page::{Opening, open};
use zk_domain::account::{Account, CarePage};
use zk_domain::network::{Access, Permission};

/// Own appointments shown on the care page before "Naar de agenda".
pub const SHOWN_ON_CARE_PAGE: usize = 5;

pub struct OwnBlock {
    pub diary: Option<String>,
    /// The messages link's address and label (with the number of unread conversations).
    pub messages: Option<(String, String)>,
    pub agenda: Option<String>,
    pub upcoming: Vec<OccurrenceShown>,
}

/// The block for `care_page` as `account` may see it; `None` when it may see neither.
pub async fn build(
    state: &AppState,
    page: &PageCtx,
    account: &Account,
    care_page: &CarePage,
    access: Access,
) -> AppResult<Option<OwnBlock>> {
    let diary = access.allows(Permission::Diary);
    let agenda = access.allows(Permission::Agenda);
    let messages = access.allows(Permission::Messages);
    if !diary && !agenda && !messages {
        return Ok(None);
    }
    let mut block = OwnBlock {
        diary: None,
        messages: None,
        agenda: None,
        upcoming: Vec::new(),
    };
    // Opened again, as the diary and agenda pages do: the same check, in one place.
    for permission in [Permission::Diary, Permission::Agenda] {
        if !access.allows(permission) {
            continue;
        }
        if let Opening::Open(own) = open(&state.app, account, care_page.id, permission).await? {
            if permission == Permission::Diary {
                block.diary = Some(href("/zorgpagina/dagboek", &own));
            } else {
                block.agenda = Some(href("/zorgpagina/agenda", &own));
                block.upcoming = upcoming(&state.app, &own, SHOWN_ON_CARE_PAGE)
                    .await?
                    .into_iter()
                    .map(|o| shown(page, &own, o))
                    .collect();
            }
        }
    }
    if messages
        && let Opening::Open(own) =
            open(&state.app, account, care_page.id, Permission::Messages).await?
    {
        let reader = zk_app::messages::Reader::member(&state.app, &own).await?;
        let unread = zk_app::messages::unread(&state.app, &reader).await?;
        let label = if unread == 0 {
            page.t("msg-to-messages")
        } else {
            page.tr
                .t_with("msg-to-messages-unread", &[("count", &unread.to_string())])
        };
        block.messages = Some((href("/zorgpagina/berichten", &own), label));
    }
    Ok(Some(block))
}
