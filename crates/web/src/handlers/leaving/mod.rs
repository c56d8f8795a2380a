//! Leaving (SPEC S4, S8, S9): unlinking a provider from a care page, by its beheerder or by the
//! provider's staff, and deleting one's own account. Each asks first, in plain words, what
//! will happen.

pub mod delete_account;
pub mod staff_unlink;
pub mod unlink;

use crate::AppState;
use crate::i18n::Tr;
use crate::page::PageCtx;
use axum::Router;
use axum::routing::get;
use zk_domain::account::Account;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            unlink::PATH,
            get(unlink::confirm_page).post(unlink::unlink_provider),
        )
        .route(
            staff_unlink::PATH,
            get(staff_unlink::confirm_page).post(staff_unlink::unlink_client),
        )
        .route(
            delete_account::PATH,
            get(delete_account::show).post(delete_account::delete),
        )
        .route(delete_account::DONE, get(delete_account::done))
}

/// Translations in `account`'s language, for an e-mail to them.
fn tr_for(page: &PageCtx, account: &Account) -> Tr {
    page.tr.of(account)
}
