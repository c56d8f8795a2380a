//! The block of own content on the care page: the next few own appointments of the network,
//! labelled as such beside the providers' ones, and the ways to the diary and the agenda, each
//! only for whoever may see it.

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
    if !diary && !agenda {
        return Ok(None);
    }
    let mut block = OwnBlock {
        diary: None,
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
    Ok(Some(block))
}
