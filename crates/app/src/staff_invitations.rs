//! Joining a provider's staff by invitation (SPEC S8). An admin (or the operator on the command
//! line) invites an e-mail address; the address gets a link that works once, for seven days. An
//! account with exactly that address accepts it after logging in with its second factor; an
//! address without an account makes one through the link (the link proves the address). Until
//! then nobody is a member, and the admin sees only the address typed: never whether it has an
//! account, nor that account's name.

use crate::audit::staff_changes::{self, By};
use crate::password::{PasswordProblem, check_new_password, hash_password};
use crate::providers::{email, required};
use crate::registration::RenderedMail;
use crate::sessions::Authenticated;
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppError, AppResult};
use jiff::SignedDuration;
use uuid::Uuid;
use zk_domain::account::{Account, normalize_email};
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::Provider;
use zk_domain::{AccountId, ProviderId};
use zk_store::{
    OutgoingMessage, StaffAcceptance, StaffInvitation, StaffInvitationState, StaffRole,
};

/// How long an invitation's link works.
pub const INVITATION_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);

/// A staff member to invite.
#[derive(Clone, Debug)]
pub struct NewStaffMember {
    pub provider: ProviderId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: StaffRole,
}

/// Whom the invitation e-mail is written for: the name the admin typed, and the language of the
/// address's account when it has one (e-mail only; never shown to the admin).
#[derive(Clone, Debug)]
pub struct Invitee<'a> {
    pub first_name: &'a str,
    pub language: &'a str,
}

/// An invitation sent.
#[derive(Clone, Debug)]
pub struct StaffAdded {
    pub invitation: StaffInvitation,
    /// The link (also queued as an e-mail to the address).
    pub link: String,
}

/// Invites `new.email` into `new.provider`'s staff: stores the invitation and queues its e-mail
/// (`render` writes it), replacing an open invitation of the same address. `by`: the inviting
/// admin, none from the command line. NotFound when the provider does not exist; Conflict when
/// the address's account is a member already (the admin's staff list shows members' addresses
/// anyway, so this tells nothing new).
pub async fn add_staff_member(
    app: &App,
    new: NewStaffMember,
    base_url: &str,
    render: impl FnOnce(&Invitee, &Provider, &str) -> RenderedMail,
) -> AppResult<StaffAdded> {
    invite(app, new, By::Operator, base_url, render).await
}

/// [`add_staff_member`] by `by` (an admin of the provider: the caller checks), recorded in the
/// audit trail in the same transaction.
pub async fn invite(
    app: &App,
    new: NewStaffMember,
    by: By<'_>,
    base_url: &str,
    render: impl FnOnce(&Invitee, &Provider, &str) -> RenderedMail,
) -> AppResult<StaffAdded> {
    let address = normalize_email(&email("email", &new.email)?);
    let first_name = required("first_name", &new.first_name, 100)?;
    let last_name = required("last_name", &new.last_name, 100)?;
    let Some(provider) = app.store.get_provider(new.provider).await? else {
        return Err(AppError::NotFound("provider"));
    };
    let existing = app.store.find_account_by_email(&address).await?;
    if let Some(account) = &existing
        && app
            .store
            .staff_membership(account.id, provider.id)
            .await?
            .is_some()
    {
        return Err(AppError::Conflict("staff membership"));
    }
    let now = app.now();
    let invitation = StaffInvitation {
        id: Uuid::now_v7(),
        provider_id: provider.id,
        email: address,
        first_name,
        last_name,
        role: new.role,
        invited_by: match by {
            By::Staff(admin) => Some(admin.id),
            By::Operator => None,
        },
        created_at: now,
        expires_at: now + INVITATION_LIFETIME,
        state: StaffInvitationState::Open,
    };
    let (token, hash) = new_token();
    let link = format!(
        "{}{}/{token}",
        base_url.trim_end_matches('/'),
        INVITATION_PATH
    );
    let invitee = Invitee {
        first_name: &invitation.first_name,
        language: existing.as_ref().map_or("nl", |a| a.language.as_str()),
    };
    let mail = render(&invitee, &provider, &link);
    let message = OutgoingMessage::mail(
        &invitation.email,
        &mail.subject,
        &mail.text,
        Some(&mail.html),
        now,
    );
    let audit = staff_changes::staff_invitation(app, by, provider.id, invitation.id, false);
    app.store
        .create_staff_invitation(&invitation, &hash, &message, audit.audit())
        .await?;
    Ok(StaffAdded { invitation, link })
}

/// Where an invitation's link points, before its token.
pub const INVITATION_PATH: &str = "/medewerker-uitnodiging";

/// A provider's open invitations, a page at a time.
pub async fn open_invitations(
    app: &App,
    provider: ProviderId,
    page: &PageRequest,
) -> AppResult<Page<StaffInvitation>> {
    Ok(app
        .store
        .list_staff_invitations(provider, app.now(), page)
        .await?)
}

/// Withdraws an open invitation of `provider` (`id` as in its withdraw link) by `by`: its link
/// stops working, recorded in the same transaction. False (nothing recorded) when there is none.
pub async fn withdraw(app: &App, by: By<'_>, provider: ProviderId, id: &str) -> AppResult<bool> {
    let Ok(id) = id.parse::<Uuid>() else {
        return Ok(false);
    };
    let audit = staff_changes::staff_invitation(app, by, provider, id, true);
    Ok(app
        .store
        .withdraw_staff_invitation(provider, id, app.now(), audit.audit())
        .await?)
}

/// What a link leads to.
#[derive(Clone, Debug)]
pub enum Lookup {
    /// No such link.
    Unknown,
    /// Used, withdrawn, replaced or expired.
    Dead(Provider),
    /// Open. `has_account`: whether the invited address has an account (shown only to whoever
    /// holds the link, which went to that address).
    Usable {
        invitation: StaffInvitation,
        provider: Provider,
        has_account: bool,
    },
}

/// The invitation of a link.
pub async fn lookup(app: &App, token: &str) -> AppResult<Lookup> {
    if !looks_like_token(token) {
        return Ok(Lookup::Unknown);
    }
    let Some(invitation) = app.store.find_staff_invitation(&hash_token(token)).await? else {
        return Ok(Lookup::Unknown);
    };
    let Some(provider) = app.store.get_provider(invitation.provider_id).await? else {
        return Ok(Lookup::Unknown);
    };
    if invitation.state != StaffInvitationState::Open || invitation.expires_at <= app.now() {
        return Ok(Lookup::Dead(provider));
    }
    let has_account = app
        .store
        .find_account_by_email(&invitation.email)
        .await?
        .is_some();
    Ok(Lookup::Usable {
        invitation,
        provider,
        has_account,
    })
}

/// What came of accepting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acceptance {
    /// A member now, of this provider.
    Accepted(ProviderId),
    /// The account has no second factor yet: it adds one first.
    NeedsSecondFactor,
    /// The logged-in account's address is not the invited one.
    OtherAddress,
    AlreadyMember,
    /// Used, withdrawn, replaced or expired.
    NotUsable,
}

/// Accepts the invitation of `token` for the logged-in `user`: only when the account has a
/// second factor and exactly the invited address (checked again where the membership is made).
pub async fn accept(app: &App, user: &Authenticated, token: &str) -> AppResult<Acceptance> {
    let Lookup::Usable { invitation, .. } = lookup(app, token).await? else {
        return Ok(Acceptance::NotUsable);
    };
    if user.account.email != invitation.email {
        return Ok(Acceptance::OtherAddress);
    }
    if !user.account.has_second_factor() {
        return Ok(Acceptance::NeedsSecondFactor);
    }
    let audit = staff_changes::staff_joined(
        app,
        &user.account,
        invitation.provider_id,
        invitation.id,
        false,
    );
    Ok(
        match app
            .store
            .accept_staff_invitation(
                &hash_token(token),
                user.account.id,
                None,
                app.now(),
                audit.audit(),
            )
            .await?
        {
            StaffAcceptance::Accepted => Acceptance::Accepted(invitation.provider_id),
            StaffAcceptance::OtherAddress => Acceptance::OtherAddress,
            StaffAcceptance::AlreadyMember => Acceptance::AlreadyMember,
            StaffAcceptance::NotUsable | StaffAcceptance::EmailTaken => Acceptance::NotUsable,
        },
    )
}

/// Why a new account was not made through an invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewAccountRefusal {
    Password(PasswordProblem),
    /// The address has an account: log in with it and accept.
    HasAccount,
    /// Used, withdrawn, replaced or expired.
    NotUsable,
}

/// Makes the account of an invited address that has none, with the name the admin typed and
/// the chosen password, and makes it a member, all at once. The link proves the address. The
/// new member logs in next and adds a second factor before the staff pages open.
pub async fn accept_with_new_account(
    app: &App,
    token: &str,
    password: &str,
    repeated: &str,
) -> AppResult<Result<AccountId, NewAccountRefusal>> {
    let Lookup::Usable {
        invitation,
        has_account,
        ..
    } = lookup(app, token).await?
    else {
        return Ok(Err(NewAccountRefusal::NotUsable));
    };
    if has_account {
        return Ok(Err(NewAccountRefusal::HasAccount));
    }
    let i = &invitation;
    let personal = [
        i.first_name.as_str(),
        i.last_name.as_str(),
        i.email.as_str(),
    ];
    if let Err(problem) = check_new_password(password, repeated, &personal) {
        return Ok(Err(NewAccountRefusal::Password(problem)));
    }
    let account = Account {
        id: AccountId::new(),
        email: i.email.clone(),
        first_name: i.first_name.clone(),
        last_name: i.last_name.clone(),
        password_hash: hash_password(app, password.to_owned()).await?,
        phone: None,
        phone_verified_at: None,
        language: "nl".into(),
        created_at: app.now(),
        has_authenticator: false,
        passkeys: 0,
    };
    let audit = staff_changes::staff_joined(app, &account, i.provider_id, i.id, true);
    Ok(
        match app
            .store
            .accept_staff_invitation(
                &hash_token(token),
                account.id,
                Some(&account),
                app.now(),
                audit.audit(),
            )
            .await?
        {
            StaffAcceptance::Accepted => Ok(account.id),
            StaffAcceptance::EmailTaken => Err(NewAccountRefusal::HasAccount),
            _ => Err(NewAccountRefusal::NotUsable),
        },
    )
}
