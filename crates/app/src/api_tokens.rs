//! API tokens with which a provider's record system calls the FHIR API. A token is 256 bits from
//! the OS, handed out once as `zk_` + 43 base64url characters, and kept only as its SHA-256:
//! a bearer token is checked by looking up its hash, so no secret is ever compared. Scopes:
//! read and/or write, for all resource types or a chosen few. Making and revoking a token are
//! security events, recorded in the same transaction as the change (SPEC S9).

use crate::audit::staff_changes::{self, By};
use crate::tokens::hash_token;
use crate::{App, AppError, AppResult};
use jiff::SignedDuration;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ApiTokenId, ProviderId};
use zk_fhir::ResourceType;
use zk_store::{ApiToken, Revocation, StoreError};

/// Every token starts with this, so a leaked one is recognised (e.g. by secret scanners).
pub const PREFIX: &str = "zk_";
/// The length of a token: the prefix and 32 bytes in unpadded base64url.
pub const TOKEN_LEN: usize = 3 + 43;
/// A use is noted at most this often per token.
const USE_NOTED_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// Reading or writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// What a new token may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scopes {
    pub read: bool,
    pub write: bool,
    /// `None`: every resource type.
    pub resource_types: Option<Vec<ResourceType>>,
}

impl Scopes {
    /// Read and write, every type.
    pub fn full() -> Self {
        Self {
            read: true,
            write: true,
            resource_types: None,
        }
    }

    /// Read only, every type.
    pub fn read_only() -> Self {
        Self {
            write: false,
            ..Self::full()
        }
    }
}

/// A new token: its record and the secret, which is never shown again.
#[derive(Clone, Debug)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// Whether `token` may do `access` on `resource_type`.
pub fn permits(token: &ApiToken, access: Access, resource_type: ResourceType) -> bool {
    let allowed = match access {
        Access::Read => token.can_read,
        Access::Write => token.can_write,
    };
    allowed
        && token
            .resource_types
            .as_ref()
            .is_none_or(|types| types.iter().any(|t| t == resource_type.as_str()))
}

/// Makes a token for `provider`, recorded as made `by` staff. The secret is in the answer only.
pub async fn create(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    name: &str,
    scopes: Scopes,
) -> AppResult<CreatedToken> {
    let name = crate::providers::required("name", name, 100)?;
    if !scopes.read && !scopes.write {
        return Err(AppError::invalid(
            "scopes",
            "a token must be allowed to read, write or both",
        ));
    }
    if let Some(types) = &scopes.resource_types {
        if types.is_empty() {
            return Err(AppError::invalid(
                "resource_types",
                "name at least one type",
            ));
        }
        if types.contains(&ResourceType::Bundle) {
            return Err(AppError::invalid(
                "resource_types",
                "Bundle is not a stored type; a transaction needs the types of its entries",
            ));
        }
    }
    app.store
        .get_provider(provider)
        .await?
        .ok_or(AppError::NotFound("provider"))?;
    let token = ApiToken {
        id: ApiTokenId::new(),
        provider_id: provider,
        name,
        can_read: scopes.read,
        can_write: scopes.write,
        resource_types: scopes
            .resource_types
            .map(|types| types.iter().map(|t| t.as_str().to_owned()).collect()),
        created_at: app.now(),
        last_used_at: None,
        revoked_at: None,
    };
    let audit = staff_changes::api_token(app, by, provider, token.id, false);
    // A clash of 256-bit random values does not happen; the loop only keeps the rule honest.
    for _ in 0..3 {
        let secret = new_secret();
        match app
            .store
            .insert_api_token(&token, &hash_token(&secret), audit.audit())
            .await
        {
            Ok(()) => return Ok(CreatedToken { token, secret }),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("api token"))
}

/// The token a bearer secret belongs to, if it is one of ours and not revoked. Notes the use
/// (at most once a minute).
pub async fn authenticate(app: &App, secret: &str) -> AppResult<Option<ApiToken>> {
    if !looks_like_secret(secret) {
        return Ok(None);
    }
    let Some(token) = app.store.find_api_token(&hash_token(secret)).await? else {
        return Ok(None);
    };
    if token.revoked_at.is_some() {
        return Ok(None);
    }
    let now = app.now();
    let since = now - USE_NOTED_EVERY;
    if token.last_used_at.is_none_or(|t| t < since) {
        app.store.touch_api_token(token.id, now, since).await?;
    }
    Ok(Some(token))
}

/// Revokes a token of `provider`, recorded as done `by` staff. Nothing changes (and nothing is
/// recorded) when it was revoked already or is not `provider`'s token.
pub async fn revoke(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    id: ApiTokenId,
) -> AppResult<Revocation> {
    let audit = staff_changes::api_token(app, by, provider, id, true);
    Ok(app
        .store
        .revoke_api_token(provider, id, app.now(), audit.audit())
        .await?)
}

/// A provider's tokens (revoked ones too), oldest first.
pub async fn list(
    app: &App,
    provider: ProviderId,
    page: &PageRequest,
) -> AppResult<Page<ApiToken>> {
    Ok(app.store.list_api_tokens(provider, page).await?)
}

fn new_secret() -> String {
    let bytes: [u8; 32] = zk_domain::random::bytes();
    format!("{PREFIX}{}", base64url(&bytes))
}

/// Whether `secret` has the shape of a token, so garbage is refused before any lookup.
pub fn looks_like_secret(secret: &str) -> bool {
    secret.len() == TOKEN_LEN
        && secret.starts_with(PREFIX)
        && secret[PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Unpadded base64url (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::app_with_client;

    #[test]
    fn secrets_have_the_documented_shape() {
        let s = new_secret();
        assert_eq!(s.len(), TOKEN_LEN);
        assert!(looks_like_secret(&s), "{s}");
        assert_ne!(s, new_secret());
        assert!(!looks_like_secret("zk_short"));
        assert!(!looks_like_secret(&s.replacen("zk_", "xx_", 1)));
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
    }

    #[tokio::test]
    async fn a_token_works_until_revoked_and_only_within_its_scopes() {
        let (app, client, _dir) = app_with_client().await;
        let provider = client.provider_id;
        let scopes = Scopes {
            read: true,
            write: false,
            resource_types: Some(vec![ResourceType::Patient]),
        };
        let created = create(&app, By::Operator, provider, "ECD", scopes)
            .await
            .unwrap();
        let token = authenticate(&app, &created.secret).await.unwrap().unwrap();
        assert_eq!(token.id, created.token.id);
        assert!(permits(&token, Access::Read, ResourceType::Patient));
        assert!(!permits(&token, Access::Write, ResourceType::Patient));
        assert!(!permits(&token, Access::Read, ResourceType::Appointment));
        let listed = list(&app, provider, &PageRequest::first(10)).await.unwrap();
        assert_eq!(listed.items.len(), 1);
        assert!(listed.items[0].last_used_at.is_some(), "the use is noted");
        assert_eq!(
            revoke(&app, By::Operator, provider, token.id)
                .await
                .unwrap(),
            Revocation::Revoked
        );
        assert!(authenticate(&app, &created.secret).await.unwrap().is_none());
        assert!(
            create(
                &app,
                By::Operator,
                provider,
                "niets",
                Scopes {
                    read: false,
                    write: false,
                    resource_types: None
                }
            )
            .await
            .is_err()
        );
    }
}
