//! Opening a care page for its own content (diary, agenda): checked on every request, like
//! the care page itself. A page the account has no access to, or whose category it may not
//! see, is `NotFound` exactly like one that does not exist; the content shows only once the
//! account has a second factor (SPEC S2.14).

use crate::{App, AppError, AppResult};
use std::collections::HashMap;
use zk_domain::account::{Account, CarePage};
use zk_domain::network::{Access, Permission};
use zk_domain::{AccountId, CarePageId};

/// A care page opened by an account that may see `permission` on it. Only this module makes
/// one, so holding it proves the check was done for this request.
#[derive(Clone, Debug)]
pub struct OwnPage {
    page: CarePage,
    access: Access,
    account: Account,
}

/// The outcome of opening: the page, or the request to add a second factor first.
#[derive(Clone, Debug)]
pub enum Opening {
    Open(Box<OwnPage>),
    /// The account may see the page, but not its content before it has a second factor.
    NeedsSecondFactor(CarePageId),
}

const NOT_FOUND: AppError = AppError::NotFound("care page");

/// Opens care page `id` for `account`, if it may see `permission` there.
pub async fn open(
    app: &App,
    account: &Account,
    id: CarePageId,
    permission: Permission,
) -> AppResult<Opening> {
    let page = app.store.get_care_page(id).await?.ok_or(NOT_FOUND)?;
    let access = crate::network::access(app, account, &page)
        .await?
        .filter(|a| a.allows(permission))
        .ok_or(NOT_FOUND)?;
    if !account.has_second_factor() {
        return Ok(Opening::NeedsSecondFactor(id));
    }
    Ok(Opening::Open(Box::new(OwnPage {
        page,
        access,
        account: account.clone(),
    })))
}

impl OwnPage {
    pub fn page(&self) -> &CarePage {
        &self.page
    }

    pub fn access(&self) -> Access {
        self.access
    }

    pub fn account(&self) -> &Account {
        &self.account
    }

    /// The client's name, as the page is called.
    pub fn name(&self) -> String {
        format!("{} {}", self.page.first_name, self.page.last_name)
    }

    /// The beheerder and co-beheerders write the diary, for and with the client.
    pub fn writes_diary(&self) -> bool {
        self.access.manages()
    }

    /// Whether something written or added by `author` may be changed and deleted here: by its
    /// author, and (for the agenda) by whoever manages the page.
    pub fn may_change(&self, author: AccountId, by_managers_too: bool) -> bool {
        author == self.account.id || (by_managers_too && self.access.manages())
    }
}

/// Names of authors, read once per request each.
pub(crate) struct Names(HashMap<AccountId, String>);

impl Names {
    pub(crate) fn new() -> Self {
        Self(HashMap::new())
    }

    /// The author's full name; empty when the account no longer exists.
    pub(crate) async fn of(&mut self, app: &App, id: AccountId) -> AppResult<String> {
        if let Some(n) = self.0.get(&id) {
            return Ok(n.clone());
        }
        let name = app
            .store
            .get_account(id)
            .await?
            .map(|a| a.full_name())
            .unwrap_or_default();
        self.0.insert(id, name.clone());
        Ok(name)
    }
}
