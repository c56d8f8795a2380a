//! The Store trait for a care page's network (SPEC S6): its members with their relation and
//! permissions. Every change carries the e-mails that confirm it, written in the same
//! transaction so nobody is told of a change that did not happen.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use zk_domain::network::Member;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, CarePageId};

#[async_trait]
pub trait NetworkStore {
    /// Adds a member and stores `messages`. Conflict when the account is a member of this care
    /// page already; nothing is written then.
    async fn add_member(&self, member: &Member, messages: &[OutgoingMessage]) -> StoreResult<()>;
    async fn get_member(
        &self,
        care_page: CarePageId,
        account: AccountId,
    ) -> StoreResult<Option<Member>>;
    /// A care page's members, in the order they joined.
    async fn members_of(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Member>>;
    /// The care pages an account is a member of (not those it is beheerder of), in the order
    /// it joined them.
    async fn memberships_of(
        &self,
        account: AccountId,
        page: &PageRequest,
    ) -> StoreResult<Page<Member>>;
    /// Replaces a member's relation, permissions, co-beheerder and contacts flags, and stores
    /// `messages` and `audit`. False (and nothing written) when the account is not a member.
    async fn update_member(
        &self,
        member: &Member,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Ends a membership and stores `messages` and `audit`. False (and nothing written) when the account
    /// was not a member.
    async fn remove_member(
        &self,
        care_page: CarePageId,
        account: AccountId,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
}
