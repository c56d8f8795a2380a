//! The phone as second factor (SPEC S2.14, S7): a 6-digit code by SMS, valid 10 minutes, at most
//! 5 tries, single use, and a limited number of SMS per hour. Used to verify a new number and
//! as the second step of a login. Codes are stored only as a keyed hash.

use crate::reauth::is_fresh;
use crate::sessions::{Authenticated, RotatedToken};
use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};
use subtle::ConstantTimeEq;
use zk_domain::account::Account;
use zk_domain::audit::{AuditAction, AuditKind};
use zk_domain::phone::{PhoneError, PhoneNumber};
use zk_domain::{SessionId, SmsChallengeId};
use zk_store::{OutgoingMessage, SmsChallenge};

pub const CODE_LIFETIME: SignedDuration = SignedDuration::from_mins(10);
pub const MAX_TRIES: u32 = 5;
/// SMS messages one account may be sent per hour, all purposes together.
pub const MAX_SMS_PER_HOUR: u32 = 5;
/// The shortest time between two SMS messages to one account.
pub const RESEND_AFTER: SignedDuration = SignedDuration::from_secs(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyPhone,
    Login,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyPhone => "verify-phone",
            Self::Login => "login",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneRefusal {
    Number(PhoneError),
    /// Too many SMS messages: wait until then.
    Wait {
        until: Timestamp,
    },
    /// No code was sent, or it is older than 10 minutes or used: ask for a new one.
    CodeExpired,
    WrongCode,
    /// Five wrong codes: this code no longer works; ask for a new one.
    TooManyTries,
    /// The account has no verified phone (for a login code).
    NoPhone,
    /// Replacing a second factor needs a fresh login (the password or a passkey proven within
    /// five minutes, as for every sensitive change); this session's is older.
    FreshLoginNeeded,
    /// SMS do not go to this number's country, or to this kind of number (premium rate,
    /// satellite, international networks).
    Destination,
    /// The SMS budget of this IP address or of the installation is spent: wait until then.
    Busy {
        until: Timestamp,
    },
}

fn code_hash(app: &App, challenge: SmsChallengeId, code: &str) -> String {
    app.key
        .keyed_hex("sms-code", &format!("{challenge}:{code}"))
}

/// Sends a code to `phone` (the new number, or the account's own for a login). `text` writes
/// the SMS for a code.
async fn send_code(
    app: &App,
    account: &Account,
    purpose: Purpose,
    phone: &PhoneNumber,
    text: impl FnOnce(&str) -> String,
) -> AppResult<Result<(), PhoneRefusal>> {
    if !app.policy.sms_countries.allows(phone) {
        return Ok(Err(PhoneRefusal::Destination));
    }
    let now = app.now();
    let hour_ago = now - SignedDuration::from_hours(1);
    if app
        .store
        .count_sms_challenges_since(account.id, hour_ago)
        .await?
        >= MAX_SMS_PER_HOUR
    {
        return Ok(Err(PhoneRefusal::Wait {
            until: now + SignedDuration::from_mins(15),
        }));
    }
    for p in [Purpose::VerifyPhone, Purpose::Login] {
        if let Some(last) = app
            .store
            .latest_sms_challenge(account.id, p.as_str())
            .await?
            && last.created_at + RESEND_AFTER > now
        {
            return Ok(Err(PhoneRefusal::Wait {
                until: last.created_at + RESEND_AFTER,
            }));
        }
    }
    // Last, so that a request refused for the account's own limits spends no budget.
    if let Err(until) = crate::sms_budget::take(app, purpose == Purpose::VerifyPhone).await? {
        return Ok(Err(PhoneRefusal::Busy { until }));
    }
    let code = format!("{:06}", zk_domain::random::below(1_000_000));
    let id = SmsChallengeId::new();
    let challenge = SmsChallenge {
        id,
        account_id: account.id,
        purpose: purpose.as_str().to_owned(),
        phone: phone.as_e164().to_owned(),
        code_hash: code_hash(app, id, &code),
        created_at: now,
        expires_at: now + CODE_LIFETIME,
        failed_attempts: 0,
        used_at: None,
    };
    let sms = OutgoingMessage::sms(phone.as_e164(), &text(&code), now);
    app.store.create_sms_challenge(&challenge, &sms).await?;
    Ok(Ok(()))
}

/// Step one of adding a phone: parse the number and text it a code. This needs a fresh login
/// (the password proven through the throttled check of `reauth`, or a passkey): a stolen
/// session alone must not be enough to move the second factor to another phone, and there is
/// no password check here to guess against.
pub async fn start_verification(
    app: &App,
    user: &Authenticated,
    input: &str,
    text: impl FnOnce(&str) -> String,
) -> AppResult<Result<PhoneNumber, PhoneRefusal>> {
    let account = &user.account;
    let phone = match PhoneNumber::parse_mobile(input) {
        Ok(p) => p,
        Err(e) => return Ok(Err(PhoneRefusal::Number(e))),
    };
    // Also for the first second factor: a session left open must not be enough to make
    // someone else's phone the second step.
    if !is_fresh(&user.session, app.now()) {
        return Ok(Err(PhoneRefusal::FreshLoginNeeded));
    }
    Ok(send_code(app, account, Purpose::VerifyPhone, &phone, text)
        .await?
        .map(|()| phone))
}

/// The second login step: text a code to the account's verified phone.
pub async fn start_login(
    app: &App,
    account: &Account,
    text: impl FnOnce(&str) -> String,
) -> AppResult<Result<(), PhoneRefusal>> {
    let Some(phone) = account
        .phone
        .as_deref()
        .filter(|_| account.has_verified_phone())
    else {
        return Ok(Err(PhoneRefusal::NoPhone));
    };
    let phone = match PhoneNumber::parse_mobile(phone) {
        Ok(p) => p,
        Err(e) => return Ok(Err(PhoneRefusal::Number(e))),
    };
    send_code(app, account, Purpose::Login, &phone, text).await
}

/// Checks a typed code against the newest challenge; on success it is used up and the phone it
/// went to is returned.
async fn check_code(
    app: &App,
    account: &Account,
    purpose: Purpose,
    typed: &str,
) -> AppResult<Result<String, PhoneRefusal>> {
    let now = app.now();
    let Some(challenge) = app
        .store
        .latest_sms_challenge(account.id, purpose.as_str())
        .await?
    else {
        return Ok(Err(PhoneRefusal::CodeExpired));
    };
    if challenge.used_at.is_some() || now >= challenge.expires_at {
        return Ok(Err(PhoneRefusal::CodeExpired));
    }
    // Take the try before comparing, so parallel guesses cannot pass the limit.
    let Some(tries) = app.store.take_sms_try(challenge.id, MAX_TRIES).await? else {
        return Ok(Err(PhoneRefusal::TooManyTries));
    };
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let expected = challenge.code_hash.as_bytes();
    let given = code_hash(app, challenge.id, &typed);
    if !bool::from(given.as_bytes().ct_eq(expected)) {
        return Ok(Err(if tries >= MAX_TRIES {
            PhoneRefusal::TooManyTries
        } else {
            PhoneRefusal::WrongCode
        }));
    }
    if !app.store.use_sms_challenge(challenge.id, now).await? {
        return Ok(Err(PhoneRefusal::CodeExpired));
    }
    Ok(Ok(challenge.phone))
}

/// Step two of adding a phone: the code proves the number; it becomes the account's second
/// factor, and this session counts as having passed it.
pub async fn confirm_verification(
    app: &App,
    account: &Account,
    session: SessionId,
    typed: &str,
) -> AppResult<Result<RotatedToken, PhoneRefusal>> {
    match check_code(app, account, Purpose::VerifyPhone, typed).await? {
        Ok(phone) => {
            let now = app.now();
            let (kind, action) = (AuditKind::PhoneChange, AuditAction::Update);
            let pending = crate::audit::security::change(app, account, kind, action);
            app.store
                .set_phone(account.id, Some(&phone), Some(now), pending.audit())
                .await?;
            Ok(Ok(
                crate::sessions::second_factor_passed(app, session).await?
            ))
        }
        Err(r) => Ok(Err(r)),
    }
}

/// The second login step: the code completes this session's login.
pub async fn confirm_login(
    app: &App,
    account: &Account,
    session: SessionId,
    typed: &str,
) -> AppResult<Result<RotatedToken, PhoneRefusal>> {
    match check_code(app, account, Purpose::Login, typed).await? {
        Ok(_) => {
            crate::audit::security::granted(app, account, AuditKind::SecondFactor).await?;
            Ok(Ok(
                crate::sessions::second_factor_passed(app, session).await?
            ))
        }
        Err(r) => {
            crate::audit::security::failed(app, account, AuditKind::SecondFactor).await?;
            Ok(Err(r))
        }
    }
}
