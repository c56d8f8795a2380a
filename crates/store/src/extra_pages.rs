//! The Store trait for care pages an account makes itself, without a letter ("extra
//! zorgpagina", SPEC S1): the maker becomes the beheerder, and the number of pages one account
//! may make is counted in the same transaction, so racing requests cannot pass the limit. The
//! page's audit record is appended in that transaction too.

use crate::{Audit, StoreResult};
use async_trait::async_trait;
use zk_domain::AccountId;
use zk_domain::account::CarePage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraPageOutcome {
    Created,
    /// The account made `max` pages already; nothing was written.
    LimitReached,
}

#[async_trait]
pub trait ExtraPageStore {
    /// Creates `page` without a connection, made by its beheerder, with `audit`, unless that
    /// account made `max` pages this way already (then nothing is written, no record either).
    /// All or nothing.
    async fn create_extra_care_page(
        &self,
        page: &CarePage,
        max: u32,
        audit: Audit<'_>,
    ) -> StoreResult<ExtraPageOutcome>;
    /// How many care pages `account` made without a letter.
    async fn count_extra_care_pages(&self, account: AccountId) -> StoreResult<u32>;
}
