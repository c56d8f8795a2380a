//! A care page's network in SQLite: members with their relation and permission bits, and the
//! e-mails that confirm each change, written in the same transaction.

use crate::convert::*;
use crate::outbox::insert_message;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, CarePageId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{NetworkStore, OutgoingMessage, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct MemberRow {
    care_page_id: Uuid,
    account_id: Uuid,
    relation: String,
    permissions: i64,
    co_beheerder: i64,
    sees_contacts: i64,
    joined_at: i64,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Self, StoreError> {
        Ok(Member {
            care_page_id: CarePageId(r.care_page_id),
            account_id: AccountId(r.account_id),
            relation: Relation::parse(&r.relation)
                .ok_or_else(|| StoreError::Corrupt("member relation".into()))?,
            permissions: Permissions::from_bits(
                u32::try_from(r.permissions)
                    .map_err(|_| StoreError::Corrupt("member permissions".into()))?,
            ),
            co_beheerder: r.co_beheerder != 0,
            sees_contacts: r.sees_contacts != 0,
            joined_at: from_micros(r.joined_at)?,
        })
    }
}

/// Starts a write transaction, labelled with what it does for its errors.
pub(crate) async fn begin<'a>(
    store: &'a SqliteStore,
    what: &'static str,
) -> StoreResult<Transaction<'a, Sqlite>> {
    store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err(what))
}

/// Commits with `messages` and `audit` when `done`, else rolls back: a refused change mails
/// nobody and leaves no record.
pub(crate) async fn finish(
    mut tx: Transaction<'_, Sqlite>,
    done: bool,
    messages: &[OutgoingMessage],
    audit: Audit<'_>,
    what: &'static str,
) -> StoreResult<bool> {
    if !done {
        tx.rollback().await.map_err(map_err(what))?;
        return Ok(false);
    }
    for m in messages {
        insert_message(&mut *tx, m).await?;
    }
    crate::audit::append_in(&mut tx, audit).await?;
    tx.commit().await.map_err(map_err(what))?;
    Ok(true)
}

fn page_of(
    rows: Vec<MemberRow>,
    page: &PageRequest,
    key: fn(&Member) -> Uuid,
) -> StoreResult<Page<Member>> {
    let items = rows
        .into_iter()
        .map(Member::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(items, page.size(), |m| {
        Cursor::TimeId(micros(m.joined_at), key(m)).encode()
    }))
}

#[async_trait]
impl NetworkStore for SqliteStore {
    async fn add_member(&self, m: &Member, messages: &[OutgoingMessage]) -> StoreResult<()> {
        let mut tx = begin(self, "add member").await?;
        sqlx::query(
            "INSERT INTO care_page_members (care_page_id, account_id, relation, permissions,
                 co_beheerder, sees_contacts, joined_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(m.care_page_id.0)
        .bind(m.account_id.0)
        .bind(m.relation.as_str())
        .bind(i64::from(m.permissions.bits()))
        .bind(i64::from(m.co_beheerder))
        .bind(i64::from(m.sees_contacts))
        .bind(micros(m.joined_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("member"))?;
        finish(tx, true, messages, Audit::NONE, "add member")
            .await
            .map(|_| ())
    }

    async fn get_member(
        &self,
        care_page: CarePageId,
        account: AccountId,
    ) -> StoreResult<Option<Member>> {
        sqlx::query_as::<_, MemberRow>(
            "SELECT care_page_id, account_id, relation, permissions, co_beheerder, sees_contacts,
                    joined_at
             FROM care_page_members WHERE care_page_id = $1 AND account_id = $2",
        )
        .bind(care_page.0)
        .bind(account.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("member"))?
        .map(Member::try_from)
        .transpose()
    }

    async fn members_of(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Member>> {
        let after = page
            .after
            .as_deref()
            .map(Cursor::decode_time_id)
            .transpose()?;
        let rows = sqlx::query_as::<_, MemberRow>(
            "SELECT care_page_id, account_id, relation, permissions, co_beheerder, sees_contacts,
                    joined_at
             FROM care_page_members
             WHERE care_page_id = $1
               AND ($2 IS NULL OR joined_at > $2 OR (joined_at = $2 AND account_id > $3))
             ORDER BY joined_at, account_id LIMIT $4",
        )
        .bind(care_page.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("members"))?;
        page_of(rows, page, |m| m.account_id.0)
    }

    async fn memberships_of(
        &self,
        account: AccountId,
        page: &PageRequest,
    ) -> StoreResult<Page<Member>> {
        let after = page
            .after
            .as_deref()
            .map(Cursor::decode_time_id)
            .transpose()?;
        let rows = sqlx::query_as::<_, MemberRow>(
            "SELECT care_page_id, account_id, relation, permissions, co_beheerder, sees_contacts,
                    joined_at
             FROM care_page_members
             WHERE account_id = $1
               AND ($2 IS NULL OR joined_at > $2 OR (joined_at = $2 AND care_page_id > $3))
             ORDER BY joined_at, care_page_id LIMIT $4",
        )
        .bind(account.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("memberships"))?;
        page_of(rows, page, |m| m.care_page_id.0)
    }

    async fn update_member(
        &self,
        m: &Member,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "update member").await?;
        let done = sqlx::query(
            "UPDATE care_page_members
             SET relation = $3, permissions = $4, co_beheerder = $5, sees_contacts = $6
             WHERE care_page_id = $1 AND account_id = $2",
        )
        .bind(m.care_page_id.0)
        .bind(m.account_id.0)
        .bind(m.relation.as_str())
        .bind(i64::from(m.permissions.bits()))
        .bind(i64::from(m.co_beheerder))
        .bind(i64::from(m.sees_contacts))
        .execute(&mut *tx)
        .await
        .map_err(map_err("update member"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            audit,
            "update member",
        )
        .await
    }

    async fn remove_member(
        &self,
        care_page: CarePageId,
        account: AccountId,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "remove member").await?;
        let done = sqlx::query(
            "DELETE FROM care_page_members WHERE care_page_id = $1 AND account_id = $2",
        )
        .bind(care_page.0)
        .bind(account.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err("remove member"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            audit,
            "remove member",
        )
        .await
    }
}
