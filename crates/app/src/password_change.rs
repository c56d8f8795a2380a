//! Changing the password while logged in. The web layer asks for a fresh password first (see
//! `reauth`); the new one meets the same policy as at registration, and every other session of
//! the account ends, and its open reset links and pending e-mail changes stop working, so
//! whoever knew the old password (or could read the mailbox) is out.

use crate::password::{PasswordProblem, check_new_password, hash_password};
use crate::sessions::Authenticated;
use crate::{App, AppResult};
use zk_domain::audit::{AuditAction, AuditKind};

/// Sets a new password; returns how many other sessions ended.
pub async fn change_password(
    app: &App,
    user: &Authenticated,
    password: &str,
    repeated: &str,
) -> AppResult<Result<u64, PasswordProblem>> {
    let a = &user.account;
    let personal = [
        a.first_name.as_str(),
        a.last_name.as_str(),
        a.email.as_str(),
    ];
    if let Err(problem) = check_new_password(password, repeated, &personal) {
        return Ok(Err(problem));
    }
    let hash = hash_password(app, password.to_owned()).await?;
    let (kind, action) = (AuditKind::PasswordChange, AuditAction::Update);
    let pending = crate::audit::security::change(app, a, kind, action);
    let ended = app
        .store
        .change_password(a.id, &hash, user.session.id, app.now(), pending.audit())
        .await?;
    Ok(Ok(ended))
}
