//! Who may see which care page, and what of it (SPEC S6): the beheerder sees everything of the
//! page they manage, a member what was granted. Checked on every request, so a change of
//! permissions or a removal takes effect on the next one. A vacant page (its beheerder left)
//! has no beheerder until a new letter gives it one.

use crate::{App, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::network::Access;
use zk_domain::page::PageRequest;

/// Care pages listed in the switcher, per kind (managed, member of); a handful is expected.
pub const PAGES_LISTED: u32 = 50;

/// The account's access to `page`, or `None` when it has none.
pub async fn access(app: &App, account: &Account, page: &CarePage) -> AppResult<Option<Access>> {
    if page.beheerder == account.id && page.vacant_since.is_none() {
        return Ok(Some(Access::beheerder()));
    }
    Ok(app
        .store
        .get_member(page.id, account.id)
        .await?
        .map(|m| Access::of_member(&m)))
}

/// Every care page the account sees, with its access: those it manages first (oldest first),
/// then those it is a member of (in the order it joined them).
pub async fn pages_of(app: &App, account: &Account) -> AppResult<Vec<(CarePage, Access)>> {
    let mut pages: Vec<(CarePage, Access)> = app
        .store
        .care_pages_of(account.id, &PageRequest::first(PAGES_LISTED))
        .await?
        .items
        .into_iter()
        .filter(|p| p.vacant_since.is_none())
        .map(|p| (p, Access::beheerder()))
        .collect();
    for m in app
        .store
        .memberships_of(account.id, &PageRequest::first(PAGES_LISTED))
        .await?
        .items
    {
        if let Some(page) = app.store.get_care_page(m.care_page_id).await? {
            pages.push((page, Access::of_member(&m)));
        }
    }
    Ok(pages)
}
