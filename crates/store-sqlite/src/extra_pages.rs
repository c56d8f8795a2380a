//! Care pages an account makes without a letter, counted per maker (see
//! `zk_store::ExtraPageStore`).

use crate::accounts::insert_care_page;
use crate::network::{begin, finish};
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use zk_domain::AccountId;
use zk_domain::account::CarePage;
use zk_store::Audit;
use zk_store::{ExtraPageOutcome, ExtraPageStore, StoreResult};

const WHAT: &str = "extra care page";

#[async_trait]
impl ExtraPageStore for SqliteStore {
    async fn create_extra_care_page(
        &self,
        page: &CarePage,
        max: u32,
        audit: Audit<'_>,
    ) -> StoreResult<ExtraPageOutcome> {
        // BEGIN IMMEDIATE: the count and the insert happen under the one writer lock.
        let mut tx = begin(self, WHAT).await?;
        let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM care_pages WHERE created_by = $1")
            .bind(page.beheerder.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err(WHAT))?;
        if made >= i64::from(max) {
            finish(tx, false, &[], Audit::NONE, WHAT).await?;
            return Ok(ExtraPageOutcome::LimitReached);
        }
        insert_care_page(&mut *tx, page).await?;
        sqlx::query("UPDATE care_pages SET created_by = $1 WHERE id = $2")
            .bind(page.beheerder.0)
            .bind(page.id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err(WHAT))?;
        finish(tx, true, &[], audit, WHAT).await?;
        Ok(ExtraPageOutcome::Created)
    }

    async fn count_extra_care_pages(&self, account: AccountId) -> StoreResult<u32> {
        let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM care_pages WHERE created_by = $1")
            .bind(account.0)
            .fetch_one(&self.reader)
            .await
            .map_err(map_err(WHAT))?;
        Ok(u32::try_from(made).unwrap_or(u32::MAX))
    }
}
