//! Sealing what waits in the outbox: the subject and bodies of a message (activation, reset and
//! invitation links, SMS codes) are stored encrypted with AES-256-GCM, so a copy of the database
//! holds no usable link or code. Both backends seal when they store a message and open it when
//! the worker claims it; the recipient and channel stay readable (the worker and the health
//! page need them) but are bound to the sealed content, so they cannot be swapped.
//!
//! The key is per process: `zorgkring` derives it from the server's secret key at start-up
//! ([`use_key`] with [`KEY_PURPOSE`]), so every instance on one database opens what the others
//! sealed. A process that never sets one (a test) seals with a random key of its own.

use crate::{Channel, OutgoingMessage};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use zk_domain::OutboxMessageId;

/// The purpose under which the outbox key is derived from the server's secret key.
pub const KEY_PURPOSE: &str = "outbox v1";

/// The `last_error` of a waiting message that cannot be opened (sealed under another key, or
/// changed in the database). It is tried again an hour later, so nothing is lost while an
/// operator restores the right key.
pub const UNREADABLE: &str =
    "the message cannot be opened: it was sealed with another secret key, or changed";

/// When a message that cannot be opened is tried again.
pub const UNREADABLE_RETRY: SignedDuration = SignedDuration::from_hours(1);

/// First byte of the sealed form, so a later format can be told apart.
const FORMAT: u8 = 1;
const NONCE_LEN: usize = 12;

/// The process's key, set once.
static KEY: OnceLock<[u8; 32]> = OnceLock::new();

/// Another key was set before, or the outbox was used before [`use_key`].
#[derive(Debug, thiserror::Error)]
#[error("the outbox key was already set (or the outbox used) before the secret key was loaded")]
pub struct KeyAlreadySet;

/// Seals and opens this process's outbox with `key` from now on. Call it at start-up, before
/// the outbox is used; calling it again with the same key is harmless.
pub fn use_key(key: [u8; 32]) -> Result<(), KeyAlreadySet> {
    if *KEY.get_or_init(|| key) == key {
        Ok(())
    } else {
        Err(KeyAlreadySet)
    }
}

fn key() -> &'static [u8; 32] {
    KEY.get_or_init(zk_domain::random::bytes)
}

/// What is sealed: everything of a message that may carry a link or a code.
#[derive(Serialize, Deserialize)]
struct Content {
    subject: Option<String>,
    text: String,
    html: Option<String>,
}

/// The associated data: the sealed content is only valid for this message, channel and
/// recipient (someone who can write to the database cannot send a reset link to themselves).
fn context(id: OutboxMessageId, channel: Channel, recipient: &str) -> Vec<u8> {
    let mut aad = b"zorgkring outbox v1\0".to_vec();
    aad.extend_from_slice(id.0.as_bytes());
    aad.extend_from_slice(channel.as_str().as_bytes());
    aad.push(0);
    aad.extend_from_slice(recipient.as_bytes());
    aad
}

/// `m`'s subject and bodies, sealed for storing.
pub fn seal(m: &OutgoingMessage) -> Vec<u8> {
    seal_with(key(), m)
}

/// Fills `m`'s subject and bodies from `sealed`; false (and `m` unchanged) when it cannot be
/// opened with this process's key.
pub fn open_into(m: &mut OutgoingMessage, sealed: &[u8]) -> bool {
    open_with(key(), m, sealed)
}

/// A claimed message as the worker needs it: `m` as read from its row, opened from `sealed`
/// when there is a sealed form (else its row was stored plain, before sealing). `Err` with the
/// message's id when it cannot be opened.
pub fn claimed(
    mut m: OutgoingMessage,
    sealed: Option<&[u8]>,
) -> Result<OutgoingMessage, OutboxMessageId> {
    match sealed {
        None => Ok(m),
        Some(sealed) if open_into(&mut m, sealed) => Ok(m),
        Some(_) => Err(m.id),
    }
}

fn seal_with(key: &[u8; 32], m: &OutgoingMessage) -> Vec<u8> {
    let content = Content {
        subject: m.subject.clone(),
        text: m.text_body.clone(),
        html: m.html_body.clone(),
    };
    let plain = serde_json::to_vec(&content)
        .unwrap_or_else(|_| unreachable!("strings always serialise to JSON"));
    let nonce: [u8; NONCE_LEN] = zk_domain::random::bytes();
    let aad = context(m.id, m.channel, &m.recipient);
    let sealed = Aes256Gcm::new(key.into())
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: &plain,
                aad: &aad,
            },
        )
        .unwrap_or_else(|_| unreachable!("AES-GCM encrypts any message of this size"));
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(FORMAT);
    out.extend_from_slice(&nonce);
    out.extend(sealed);
    out
}

fn open_with(key: &[u8; 32], m: &mut OutgoingMessage, sealed: &[u8]) -> bool {
    let Some((&FORMAT, rest)) = sealed.split_first() else {
        return false;
    };
    if rest.len() < NONCE_LEN {
        return false;
    }
    let (nonce, body) = rest.split_at(NONCE_LEN);
    let Ok(nonce) = <[u8; NONCE_LEN]>::try_from(nonce) else {
        return false;
    };
    let aad = context(m.id, m.channel, &m.recipient);
    let Ok(plain) = Aes256Gcm::new(key.into()).decrypt(
        &Nonce::from(nonce),
        Payload {
            msg: body,
            aad: &aad,
        },
    ) else {
        return false;
    };
    let Ok(content) = serde_json::from_slice::<Content>(&plain) else {
        return false;
    };
    m.subject = content.subject;
    m.text_body = content.text;
    m.html_body = content.html;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reset_mail() -> OutgoingMessage {
        OutgoingMessage::mail(
            "sanne@voorbeeld.example",
            "Nieuw wachtwoord",
            "Klik op https://zorg.example.nl/wachtwoord/geheimtoken123",
            Some("<a href=\"https://zorg.example.nl/wachtwoord/geheimtoken123\">link</a>"),
            "2026-11-23T10:00:00Z".parse().unwrap(),
        )
    }

    /// The message as the store reads it back: recipient and channel, no content.
    fn stored_shell(m: &OutgoingMessage) -> OutgoingMessage {
        OutgoingMessage {
            subject: None,
            text_body: String::new(),
            html_body: None,
            ..m.clone()
        }
    }

    #[test]
    fn the_sealed_form_holds_no_link_and_opens_to_the_same_message() {
        let key = [7u8; 32];
        let m = reset_mail();
        let sealed = seal_with(&key, &m);
        assert!(
            !String::from_utf8_lossy(&sealed).contains("geheimtoken123"),
            "the token must not be readable"
        );
        let mut back = stored_shell(&m);
        assert!(open_with(&key, &mut back, &sealed));
        assert_eq!(back, m);
    }

    #[test]
    fn another_key_another_recipient_or_a_changed_byte_do_not_open() {
        let key = [7u8; 32];
        let m = reset_mail();
        let sealed = seal_with(&key, &m);
        assert!(!open_with(&[8u8; 32], &mut stored_shell(&m), &sealed));

        let mut redirected = stored_shell(&m);
        redirected.recipient = "aanvaller@voorbeeld.example".into();
        assert!(!open_with(&key, &mut redirected, &sealed));
        assert!(redirected.text_body.is_empty(), "nothing is filled in");

        let mut as_sms = stored_shell(&m);
        as_sms.channel = Channel::Sms;
        assert!(!open_with(&key, &mut as_sms, &sealed));

        let mut changed = sealed.clone();
        if let Some(last) = changed.last_mut() {
            *last ^= 1;
        }
        assert!(!open_with(&key, &mut stored_shell(&m), &changed));
        assert!(!open_with(&key, &mut stored_shell(&m), &[]));
        assert!(!open_with(&key, &mut stored_shell(&m), &[FORMAT, 1, 2]));
    }

    #[test]
    fn each_seal_uses_a_new_nonce() {
        let key = [7u8; 32];
        let m = reset_mail();
        assert_ne!(seal_with(&key, &m), seal_with(&key, &m));
    }
}
