//! Passkeys and security keys (WebAuthn): registering one while logged in, logging in with one
//! instead of password and second factor, proving oneself again with one before a sensitive
//! change, using one as the second login step after the password, and listing and removing them.
//!
//! Every ceremony is two steps: `begin_*` stores the verifier's state for five minutes and gives
//! the browser its challenge (JSON for `navigator.credentials.create()` or `.get()`); `finish_*`
//! takes that state out once and checks the browser's answer against it. Passkeys always
//! require user verification (a PIN, fingerprint or face on the device), which is why a passkey
//! alone counts as a full login.
//!
//! Passkeys are bound to a domain: an installation reached by an IP address, or over plain
//! `http` anywhere but `localhost`, cannot carry them (browsers refuse). There [`Passkeys`] is
//! unavailable and every ceremony answers [`PasskeyRefusal::NotAvailable`]; listing and
//! removing still work.

use crate::password_check::{self, PasswordRefusal};
use crate::sessions::{RotatedToken, proven_again, second_factor_passed, start_session};
use crate::{App, AppError, AppResult};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::{Host, Url};
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Webauthn, WebauthnBuilder,
};
use zk_domain::account::{Account, normalize_email};
use zk_domain::audit::{AuditAction, AuditKind};
use zk_domain::{AccountId, CeremonyId, PasskeyId, SessionId};
use zk_store::{Ceremony, FactorRemoval, SecondFactor, StoredPasskey};

/// How many passkeys one account may have.
pub const MAX_PASSKEYS: usize = 10;
/// The longest name a passkey may have, in characters.
pub const MAX_NAME_CHARS: usize = 50;
/// The name of a passkey registered without one.
pub const DEFAULT_NAME: &str = "Passkey";
/// How long a browser has to answer a challenge (the same as the challenge's own timeout).
pub const CEREMONY_LIFETIME: SignedDuration = SignedDuration::from_mins(5);

const REGISTER: &str = "register";
const LOGIN: &str = "login";
const REAUTH: &str = "reauth";
const SECOND_STEP: &str = "second-step";

/// Why a passkey step did not go ahead. Each case is one the person can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasskeyRefusal {
    /// Passkeys are not available on this installation: its web address is an IP address or
    /// plain `http` (other than `localhost`), which browsers do not allow passkeys for.
    NotAvailable,
    /// The request took too long, was used already, or was not for this account: start again.
    Expired,
    /// The browser's answer did not prove that this passkey was used (wrong or changed answer,
    /// an unknown passkey, or no passkey for this address).
    NotVerified,
    /// This passkey is registered already (to this account or another).
    AlreadyRegistered,
    /// The account has the most passkeys it may have ([`MAX_PASSKEYS`]): remove one first.
    TooMany,
    /// The account has no passkey to use for this step.
    NoPasskey,
    /// Too many failed logins for this address: try again after `until`.
    Wait { until: Timestamp },
    /// The daily limit of failed logins for this address is reached: only a password reset by
    /// e-mail lets anyone in today.
    Ceiling,
}

/// Passkeys are not available on this installation (see [`PasskeyRefusal::NotAvailable`]): the
/// only refusal of [`begin_login`], whose attempt limits apply when the answer comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAvailable;

/// Where passkeys live: the relying party (our domain) and the origin browsers must report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeyConfig {
    /// The domain passkeys are bound to (`zorgkring.example`, `localhost`).
    pub rp_id: String,
    /// The origin answers must come from (`https://zorgkring.example`), without a path.
    pub rp_origin: Url,
    /// The name browsers may show ("Zorgkring").
    pub rp_name: String,
}

impl PasskeyConfig {
    /// The configuration for an installation at `public_url`, or `None` when that address
    /// cannot carry passkeys: not `http(s)`, an IP address (WebAuthn binds passkeys to a
    /// domain name), or plain `http` on anything but `localhost` (browsers only offer WebAuthn
    /// in secure contexts). The path of the address does not matter; the port does.
    pub fn from_public_url(public_url: &str) -> Option<Self> {
        let url = Url::parse(public_url.trim()).ok()?;
        let Some(Host::Domain(domain)) = url.host() else {
            return None;
        };
        let domain = domain.trim_end_matches('.').to_owned();
        if domain.is_empty() {
            return None;
        }
        let local = domain == "localhost" || domain.ends_with(".localhost");
        match url.scheme() {
            "https" => {}
            "http" if local => {}
            _ => return None,
        }
        let rp_origin = Url::parse(&url.origin().ascii_serialization()).ok()?;
        Some(Self {
            rp_id: domain,
            rp_origin,
            rp_name: "Zorgkring".to_owned(),
        })
    }
}

/// The verifier, made once by the web layer and handed to every passkey use case.
#[derive(Clone, Debug)]
pub struct Passkeys {
    webauthn: Option<Webauthn>,
}

/// The WebAuthn library refused a configuration.
#[derive(Debug, thiserror::Error)]
#[error("passkeys cannot be configured for {rp_id}: {reason}")]
pub struct PasskeyConfigError {
    pub rp_id: String,
    pub reason: String,
}

impl Passkeys {
    /// The verifier for `config`.
    pub fn new(config: &PasskeyConfig) -> Result<Self, PasskeyConfigError> {
        let error = |e: webauthn_rs::prelude::WebauthnError| PasskeyConfigError {
            rp_id: config.rp_id.clone(),
            reason: e.to_string(),
        };
        let webauthn = WebauthnBuilder::new(&config.rp_id, &config.rp_origin)
            .map_err(error)?
            .rp_name(&config.rp_name)
            .timeout(CEREMONY_LIFETIME.unsigned_abs())
            .build()
            .map_err(error)?;
        Ok(Self {
            webauthn: Some(webauthn),
        })
    }

    /// The verifier for an installation at `public_url`; unavailable (every ceremony refused
    /// with [`PasskeyRefusal::NotAvailable`]) when that address cannot carry passkeys.
    pub fn for_public_url(public_url: &str) -> Self {
        match PasskeyConfig::from_public_url(public_url).map(|c| Self::new(&c)) {
            Some(Ok(passkeys)) => passkeys,
            Some(Err(e)) => {
                tracing::warn!(error = %e, "passkeys are not available");
                Self::unavailable()
            }
            None => {
                tracing::info!(
                    public_url,
                    "passkeys are not available: the public URL is not https on a domain name"
                );
                Self::unavailable()
            }
        }
    }

    /// Passkeys switched off.
    pub fn unavailable() -> Self {
        Self { webauthn: None }
    }

    /// Whether the interface should offer passkeys at all.
    pub fn is_available(&self) -> bool {
        self.webauthn.is_some()
    }
}

/// A login by passkey that succeeded: the new, fully logged-in session's token and the account.
#[derive(Debug)]
pub struct PasskeyLogin {
    pub token: String,
    pub account: Account,
}

/// What a login ceremony remembers between challenge and answer.
#[derive(Serialize, Deserialize)]
struct LoginState {
    /// The attempt counter of the typed address (a keyed hash, never the address itself).
    limit_key: String,
    /// `None` for an address without account or passkeys: the answer can never be right.
    auth: Option<PasskeyAuthentication>,
}

macro_rules! available {
    ($passkeys:expr) => {
        match $passkeys.webauthn.as_ref() {
            Some(webauthn) => webauthn,
            None => return Ok(Err(PasskeyRefusal::NotAvailable)),
        }
    };
}

fn internal(reason: impl std::fmt::Display) -> AppError {
    AppError::invalid("passkey", reason.to_string())
}

fn to_json<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(internal)
}

fn to_value<T: Serialize>(value: &T) -> AppResult<Value> {
    serde_json::to_value(value).map_err(internal)
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> AppResult<T> {
    serde_json::from_str(text).map_err(internal)
}

/// The name a passkey gets: trimmed, [`DEFAULT_NAME`] when empty, at most [`MAX_NAME_CHARS`].
fn passkey_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(DEFAULT_NAME.to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid(
            "name",
            format!("at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid("name", "no control characters"));
    }
    Ok(name.to_owned())
}

async fn save_ceremony(
    app: &App,
    account: Option<AccountId>,
    purpose: &str,
    state: String,
) -> AppResult<CeremonyId> {
    let now = app.now();
    let ceremony = Ceremony {
        id: CeremonyId::new(),
        account_id: account,
        purpose: purpose.to_owned(),
        state,
        expires_at: now + CEREMONY_LIFETIME,
    };
    app.store.save_ceremony(&ceremony, now).await?;
    Ok(ceremony.id)
}

/// Takes the ceremony out (once); `None` when it is unknown, used, expired, of another purpose
/// or, with `account`, of another account.
async fn take_ceremony(
    app: &App,
    id: CeremonyId,
    purpose: &str,
    account: Option<AccountId>,
) -> AppResult<Option<Ceremony>> {
    let ceremony = app.store.take_ceremony(id, purpose, app.now()).await?;
    Ok(ceremony.filter(|c| account.is_none() || c.account_id == account))
}

/// The account's passkeys in the verifier's form, with their stored records.
async fn verifier_passkeys(
    app: &App,
    account: AccountId,
) -> AppResult<Vec<(StoredPasskey, Passkey)>> {
    let stored = app.store.passkeys_of(account).await?;
    stored
        .into_iter()
        .map(|s| {
            let passkey = from_json::<Passkey>(&s.credential)?;
            Ok((s, passkey))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Registration

/// Starts registering a passkey for the logged-in `account` (the web layer has asked for the
/// password recently). Returns the ceremony and the options for `navigator.credentials.create()`.
/// The account's own passkeys are excluded, so a device cannot be registered twice.
pub async fn begin_registration(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
) -> AppResult<Result<(CeremonyId, Value), PasskeyRefusal>> {
    let webauthn = available!(passkeys);
    let existing = app.store.passkeys_of(account.id).await?;
    if existing.len() >= MAX_PASSKEYS {
        return Ok(Err(PasskeyRefusal::TooMany));
    }
    let exclude = existing.into_iter().map(|p| p.credential_id).collect();
    let (challenge, state) = webauthn
        .start_passkey_registration(
            account.id.0,
            &account.email,
            &account.full_name(),
            Some(exclude),
        )
        .map_err(internal)?;
    let id = save_ceremony(app, Some(account.id), REGISTER, to_json(&state)?).await?;
    Ok(Ok((id, to_value(&challenge)?)))
}

/// Finishes a registration with the browser's answer (the JSON of the created credential) and
/// stores the passkey under `name` (trimmed; [`DEFAULT_NAME`] when empty; a name that is too
/// long is an [`AppError::Invalid`], checked before the ceremony is used up).
pub async fn finish_registration(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
    ceremony: CeremonyId,
    response_json: &str,
    name: &str,
) -> AppResult<Result<StoredPasskey, PasskeyRefusal>> {
    let webauthn = available!(passkeys);
    let name = passkey_name(name)?;
    let Some(ceremony) = take_ceremony(app, ceremony, REGISTER, Some(account.id)).await? else {
        return Ok(Err(PasskeyRefusal::Expired));
    };
    let state: PasskeyRegistration = from_json(&ceremony.state)?;
    let Ok(response) = serde_json::from_str::<RegisterPublicKeyCredential>(response_json) else {
        return Ok(Err(PasskeyRefusal::NotVerified));
    };
    let passkey = match webauthn.finish_passkey_registration(&response, &state) {
        Ok(passkey) => passkey,
        Err(e) => {
            tracing::info!(error = %e, "passkey registration not verified");
            return Ok(Err(PasskeyRefusal::NotVerified));
        }
    };
    // Counted again here: another registration may have finished meanwhile. Two finishing at
    // the very same moment could still make eleven; that is harmless.
    if app.store.passkeys_of(account.id).await?.len() >= MAX_PASSKEYS {
        return Ok(Err(PasskeyRefusal::TooMany));
    }
    let stored = StoredPasskey {
        id: PasskeyId::new(),
        account_id: account.id,
        credential_id: passkey.cred_id().clone(),
        name,
        credential: to_json(&passkey)?,
        created_at: app.now(),
        last_used_at: None,
    };
    let (kind, action) = (AuditKind::FactorAdded, AuditAction::Create);
    let pending = crate::audit::security::change(app, account, kind, action);
    if !app.store.add_passkey(&stored, pending.audit()).await? {
        return Ok(Err(PasskeyRefusal::AlreadyRegistered));
    }
    Ok(Ok(stored))
}

// ---------------------------------------------------------------------------------------------
// Checking an answer

/// Checks the browser's answer to an authentication challenge for `account`; on success the
/// passkey's record is updated (counter, backup state, last use). `None` when not verified.
async fn verify_assertion(
    app: &App,
    webauthn: &Webauthn,
    account: AccountId,
    state: &PasskeyAuthentication,
    response_json: &str,
) -> AppResult<Option<()>> {
    let Ok(response) = serde_json::from_str::<PublicKeyCredential>(response_json) else {
        return Ok(None);
    };
    let result = match webauthn.finish_passkey_authentication(&response, state) {
        Ok(result) => result,
        Err(e) => {
            tracing::info!(error = %e, "passkey answer not verified");
            return Ok(None);
        }
    };
    if !result.user_verified() {
        return Ok(None);
    }
    // The challenge carried the passkeys as they were when it was made; one removed since then
    // no longer counts.
    let current = verifier_passkeys(app, account).await?;
    let Some((stored, mut passkey)) = current
        .into_iter()
        .find(|(s, _)| s.credential_id == *result.cred_id())
    else {
        return Ok(None);
    };
    passkey.update_credential(&result);
    app.store
        .passkey_used(stored.id, &to_json(&passkey)?, app.now())
        .await?;
    Ok(Some(()))
}

/// Starts a ceremony in which `account` proves itself with one of its passkeys.
async fn begin_assertion(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
    purpose: &str,
) -> AppResult<Result<(CeremonyId, Value), PasskeyRefusal>> {
    let webauthn = available!(passkeys);
    let creds: Vec<Passkey> = verifier_passkeys(app, account.id)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    if creds.is_empty() {
        return Ok(Err(PasskeyRefusal::NoPasskey));
    }
    let (challenge, state) = webauthn
        .start_passkey_authentication(&creds)
        .map_err(internal)?;
    let id = save_ceremony(app, Some(account.id), purpose, to_json(&state)?).await?;
    Ok(Ok((id, to_value(&challenge)?)))
}

/// Finishes a ceremony of [`begin_assertion`].
async fn finish_assertion(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
    purpose: &str,
    ceremony: CeremonyId,
    response_json: &str,
) -> AppResult<Result<(), PasskeyRefusal>> {
    let webauthn = available!(passkeys);
    let Some(ceremony) = take_ceremony(app, ceremony, purpose, Some(account.id)).await? else {
        return Ok(Err(PasskeyRefusal::Expired));
    };
    let state: PasskeyAuthentication = from_json(&ceremony.state)?;
    Ok(
        verify_assertion(app, webauthn, account.id, &state, response_json)
            .await?
            .ok_or(PasskeyRefusal::NotVerified),
    )
}

// ---------------------------------------------------------------------------------------------
// Logging in with a passkey

/// Credential id lengths of common authenticators (platform passkeys, password managers,
/// security keys). Made-up ids take one of these, so their length tells nothing.
const DECOY_ID_LENGTHS: [usize; 4] = [16, 20, 32, 64];

/// Made-up credential ids for an address without passkeys: the same for the same address every
/// time (derived with the server key), one for most addresses and sometimes two or three, as
/// real accounts have, so the list cannot be told from a real account's list by its count, its
/// lengths or by asking twice. No authenticator has them.
fn decoy_credential_ids(app: &App, email: &str) -> Vec<Vec<u8>> {
    let bytes = |label: &str| -> Vec<u8> {
        let hex = app
            .key
            .keyed_hex("passkey-decoy", &format!("{label}\n{email}"));
        (0..hex.len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect()
    };
    let choice = bytes("shape");
    let count = match choice.first().copied().unwrap_or(0) {
        0..=199 => 1,
        200..=239 => 2,
        _ => 3,
    };
    (0..count)
        .map(|n| {
            let pick = usize::from(choice.get(1 + n).copied().unwrap_or(0));
            let len = DECOY_ID_LENGTHS[pick % DECOY_ID_LENGTHS.len()];
            let mut id = bytes(&format!("id {n}"));
            id.extend(bytes(&format!("id {n} more")));
            id.truncate(len);
            id
        })
        .collect()
}

/// Drops the transports the browser reported when each passkey was registered: they differ per
/// device and a made-up passkey has none, so showing them would tell real lists from made-up
/// ones (and which kind of device someone uses). The browser then offers every way to use the
/// passkey, which works the same.
fn without_transports(challenge: &mut Value) -> AppResult<()> {
    let Some(allowed) = challenge
        .pointer_mut("/publicKey/allowCredentials")
        .and_then(Value::as_array_mut)
    else {
        return Err(internal("a challenge without allowCredentials"));
    };
    for credential in allowed.iter_mut().filter_map(Value::as_object_mut) {
        credential.remove("transports");
    }
    Ok(())
}

/// Base64url without padding, as WebAuthn JSON writes binary values.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Starts a login with a passkey for the address typed (e-mail first: the passkeys of that
/// address are offered). Whether the address has an account or passkeys is never revealed: for
/// one that has none, the challenge offers made-up passkeys (the same each time for the same
/// address, see [`decoy_credential_ids`]) and the ceremony can never succeed. The attempt
/// limits apply when the answer comes ([`finish_login`]), where it is known which network it
/// comes from.
pub async fn begin_login(
    app: &App,
    passkeys: &Passkeys,
    email: &str,
) -> AppResult<Result<(CeremonyId, Value), NotAvailable>> {
    let Some(webauthn) = passkeys.webauthn.as_ref() else {
        return Ok(Err(NotAvailable));
    };
    let email = normalize_email(email);
    let limit_key = password_check::address_key(app, &email);
    let account = app.store.find_account_by_email(&email).await?;
    // Passkeys are looked up for an unknown address too (an id nobody has), so it takes the
    // same steps as an address with an account.
    let owner = account.as_ref().map_or_else(AccountId::new, |a| a.id);
    let creds: Vec<Passkey> = verifier_passkeys(app, owner)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let (account, mut challenge, auth) = if creds.is_empty() {
        // The same code path as a real challenge (fresh challenge, timeout, rpId, policy), with
        // the made-up passkeys put in.
        let (challenge, _) = webauthn
            .start_passkey_authentication(&[])
            .map_err(internal)?;
        let mut challenge = to_value(&challenge)?;
        let decoys: Vec<Value> = decoy_credential_ids(app, &email)
            .iter()
            .map(|id| serde_json::json!({ "type": "public-key", "id": base64url(id) }))
            .collect();
        match challenge.pointer_mut("/publicKey/allowCredentials") {
            Some(allowed) => *allowed = Value::Array(decoys),
            None => return Err(internal("a challenge without allowCredentials")),
        }
        (None, challenge, None)
    } else {
        let (challenge, state) = webauthn
            .start_passkey_authentication(&creds)
            .map_err(internal)?;
        (account.map(|a| a.id), to_value(&challenge)?, Some(state))
    };
    without_transports(&mut challenge)?;
    let state = to_json(&LoginState { limit_key, auth })?;
    let id = save_ceremony(app, account, LOGIN, state).await?;
    Ok(Ok((id, challenge)))
}

/// Finishes a login with a passkey. Each answer counts as a try for the address from this
/// network and for the client address, exactly like a password (`password_check::take`:
/// counted before it is checked, cleared on success), so the waits and the daily ceiling of
/// [`crate::sessions::login`] hold here too, and failures from other networks never block it. On success the new session is fully
/// logged in: a passkey proves possession and the user's verification at once.
pub async fn finish_login(
    app: &App,
    passkeys: &Passkeys,
    ceremony: CeremonyId,
    response_json: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<Result<PasskeyLogin, PasskeyRefusal>> {
    let webauthn = available!(passkeys);
    let Some(ceremony) = take_ceremony(app, ceremony, LOGIN, None).await? else {
        return Ok(Err(PasskeyRefusal::Expired));
    };
    let state: LoginState = from_json(&ceremony.state)?;
    let taken = match password_check::take(app, &state.limit_key, ip).await? {
        Ok(taken) => taken,
        Err(PasswordRefusal::Wait { until }) => return Ok(Err(PasskeyRefusal::Wait { until })),
        Err(PasswordRefusal::Ceiling) => return Ok(Err(PasskeyRefusal::Ceiling)),
        Err(PasswordRefusal::Wrong) => return Ok(Err(PasskeyRefusal::NotVerified)),
    };
    let verified = match (ceremony.account_id, &state.auth) {
        (Some(account), Some(auth)) => {
            verify_assertion(app, webauthn, account, auth, response_json)
                .await?
                .map(|()| account)
        }
        _ => None,
    };
    let account = match verified {
        Some(id) => app.store.get_account(id).await?,
        None => None,
    };
    let Some(account) = account else {
        let failed = zk_domain::audit::Outcome::Failed;
        crate::audit::security::login_refused(app, &state.limit_key, failed).await?;
        return Ok(Err(PasskeyRefusal::NotVerified));
    };
    taken.succeeded(app).await?;
    // No session without its record.
    crate::audit::security::granted(app, &account, AuditKind::Login).await?;
    let token = start_session(app, &account, user_agent, true).await?;
    Ok(Ok(PasskeyLogin { token, account }))
}

// ---------------------------------------------------------------------------------------------
// Proving oneself again, and the second login step

/// Starts proving, with a passkey, that the logged-in person is still the account holder
/// (before a sensitive change). [`PasskeyRefusal::NoPasskey`] when the account has none.
pub async fn begin_reauth(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
) -> AppResult<Result<(CeremonyId, Value), PasskeyRefusal>> {
    begin_assertion(app, passkeys, account, REAUTH).await
}

/// Finishes [`begin_reauth`]: on success the session counts as re-authenticated now, under the
/// returned new token.
pub async fn finish_reauth(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
    session: SessionId,
    ceremony: CeremonyId,
    response_json: &str,
) -> AppResult<Result<RotatedToken, PasskeyRefusal>> {
    let outcome = finish_assertion(app, passkeys, account, REAUTH, ceremony, response_json).await?;
    if let Err(refusal) = outcome {
        return Ok(Err(refusal));
    }
    Ok(Ok(proven_again(app, session).await?))
}

/// Starts the second login step with a passkey, after the password.
pub async fn begin_second_step(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
) -> AppResult<Result<(CeremonyId, Value), PasskeyRefusal>> {
    begin_assertion(app, passkeys, account, SECOND_STEP).await
}

/// Finishes [`begin_second_step`]: on success the session has passed its second factor now,
/// under the returned new token.
pub async fn finish_second_step(
    app: &App,
    passkeys: &Passkeys,
    account: &Account,
    session: SessionId,
    ceremony: CeremonyId,
    response_json: &str,
) -> AppResult<Result<RotatedToken, PasskeyRefusal>> {
    let outcome =
        finish_assertion(app, passkeys, account, SECOND_STEP, ceremony, response_json).await?;
    if let Err(refusal) = outcome {
        crate::audit::security::failed(app, account, AuditKind::SecondFactor).await?;
        return Ok(Err(refusal));
    }
    crate::audit::security::granted(app, account, AuditKind::SecondFactor).await?;
    Ok(Ok(second_factor_passed(app, session).await?))
}

// ---------------------------------------------------------------------------------------------
// The account's passkeys

/// The account's passkeys, oldest first.
pub async fn list(app: &App, account: &Account) -> AppResult<Vec<StoredPasskey>> {
    Ok(app.store.passkeys_of(account.id).await?)
}

/// Removes one of the account's passkeys, unless it is the account's last second factor
/// ([`FactorRemoval::WouldBeLast`]); [`FactorRemoval::Missing`] for another account's passkey.
pub async fn remove(app: &App, account: &Account, passkey: PasskeyId) -> AppResult<FactorRemoval> {
    crate::factors::remove(app, account, SecondFactor::Passkey(passkey)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_carry_passkeys_and_ip_addresses_do_not() {
        let config = PasskeyConfig::from_public_url("https://zorgkring.example/app/").unwrap();
        assert_eq!(config.rp_id, "zorgkring.example");
        assert_eq!(config.rp_origin.as_str(), "https://zorgkring.example/");
        let local = PasskeyConfig::from_public_url("http://localhost:8080").unwrap();
        assert_eq!(local.rp_id, "localhost");
        assert_eq!(local.rp_origin.port(), Some(8080));
        for refused in [
            "http://127.0.0.1:8080",
            "https://127.0.0.1",
            "https://[::1]:8443",
            "http://zorgkring.example",
            "ftp://zorgkring.example",
            "geen adres",
        ] {
            assert_eq!(PasskeyConfig::from_public_url(refused), None, "{refused}");
        }
        assert!(Passkeys::new(&config).is_ok());
        assert!(Passkeys::new(&local).is_ok());
        assert!(Passkeys::for_public_url("https://zorgkring.example").is_available());
        assert!(!Passkeys::for_public_url("http://127.0.0.1:8080").is_available());
    }

    #[test]
    fn an_ip_address_is_refused_by_the_library_too() {
        let config = PasskeyConfig {
            rp_id: "127.0.0.1".into(),
            rp_origin: Url::parse("https://127.0.0.1").unwrap(),
            rp_name: "Zorgkring".into(),
        };
        assert!(Passkeys::new(&config).is_err());
    }

    #[test]
    fn base64url_is_unpadded() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn names_are_trimmed_defaulted_and_limited() {
        assert_eq!(passkey_name("  YubiKey ").unwrap(), "YubiKey");
        assert_eq!(passkey_name("   ").unwrap(), DEFAULT_NAME);
        assert_eq!(passkey_name(&"é".repeat(50)).unwrap(), "é".repeat(50));
        assert!(passkey_name(&"é".repeat(51)).is_err());
        assert!(passkey_name("a\nb").is_err());
    }

    #[tokio::test]
    async fn unavailable_passkeys_refuse_plainly() {
        let (app, _dir) = crate::test_support::empty_app().await;
        let outcome = begin_login(&app, &Passkeys::unavailable(), "a@b.example")
            .await
            .unwrap();
        assert_eq!(outcome.unwrap_err(), NotAvailable);
    }
}
