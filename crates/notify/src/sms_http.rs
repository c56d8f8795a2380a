//! The SMS gateway for real use: one JSON POST per message to an HTTP(S) endpoint, through the
//! same [`GuardedClient`] as webhooks: the operator chooses the gateway, so this machine is
//! allowed (a relay on the same host), an internal network is not.

use crate::guarded_http::{GuardedClient, Reach, check_literal, describe};
use crate::transport::{DeliveryError, SmsGateway};
use async_trait::async_trait;
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::Serialize;
use std::fmt;
use std::time::Duration;
use zk_store::OutgoingMessage;

/// How long one delivery may take, connecting included, before it counts as failed.
pub const HTTP_SMS_TIMEOUT: Duration = Duration::from_secs(10);

/// What the gateway receives. `reference` is the outbox message id, the same on every retry,
/// so a gateway can drop a duplicate.
#[derive(Serialize)]
struct SmsRequest<'a> {
    to: &'a str,
    body: &'a str,
    reference: String,
}

/// POSTs `{"to", "body", "reference"}` with `Authorization: Bearer <token>`. Any 2xx answer is
/// delivered; any other answer, a timeout or a connection error is a [`DeliveryError`] that
/// names the status or the error, never the number or the text.
pub struct HttpSms {
    client: GuardedClient,
    url: Url,
    authorization: HeaderValue,
    timeout: Duration,
}

impl HttpSms {
    /// `url` must be `https://`; plain `http://` only to 127.0.0.1, ::1 or localhost (tests, a
    /// relay on the same machine). `token` is the gateway's bearer token.
    pub fn new(url: &str, token: &str) -> Result<Self, DeliveryError> {
        let url = checked_url(url)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(DeliveryError("the SMS gateway token is empty".into()));
        }
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                DeliveryError("the SMS gateway token holds characters an HTTP header cannot".into())
            })?;
        authorization.set_sensitive(true);
        // A redirect is not a delivery: the client fails it like any other non-2xx answer.
        let client = GuardedClient::new(GATEWAY_REACH)?;
        Ok(Self {
            client,
            url,
            authorization,
            timeout: HTTP_SMS_TIMEOUT,
        })
    }

    /// Replaces the 10 s limit per delivery (tests).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// The gateway may be on the internet or on this machine, never on an internal network.
const GATEWAY_REACH: Reach = Reach::InternetAndThisMachine;

/// Refuses anything but https, except plain http to this machine, and addresses on an
/// internal network.
fn checked_url(url: &str) -> Result<Url, DeliveryError> {
    let parsed = Url::parse(url).map_err(|e| {
        DeliveryError(format!(
            "the SMS gateway URL is not valid ({e}); use the form https://sms.example.nl/send"
        ))
    })?;
    let host = parsed.host_str().unwrap_or_default();
    let local = matches!(host, "127.0.0.1" | "[::1]" | "localhost");
    if let Err(refused) = check_literal(&parsed, GATEWAY_REACH) {
        return Err(DeliveryError(format!(
            "the SMS gateway URL may not lead to an internal network ({refused}); use a public https:// address, or a relay on this machine"
        )));
    }
    match parsed.scheme() {
        "https" if !host.is_empty() => Ok(parsed),
        "http" if local => Ok(parsed),
        "http" => Err(DeliveryError(format!(
            "the SMS gateway URL must start with https:// (plain http:// only to 127.0.0.1 or localhost), not http://{host}"
        ))),
        scheme => Err(DeliveryError(format!(
            "the SMS gateway URL must start with https://, not {scheme}:"
        ))),
    }
}

/// The error and its causes on one line, without the URL.
fn describe_for_operator(e: reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return format!("the SMS gateway did not answer within {timeout:?}");
    }
    format!("cannot reach the SMS gateway: {}", describe(e))
}

#[async_trait]
impl SmsGateway for HttpSms {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), DeliveryError> {
        let request = SmsRequest {
            to: &m.recipient,
            body: &m.text_body,
            reference: m.id.to_string(),
        };
        let post = self
            .client
            .post(self.url.clone())
            .map_err(|refused| DeliveryError(format!("cannot reach the SMS gateway: {refused}")))?;
        let response = post
            .header(AUTHORIZATION, self.authorization.clone())
            .timeout(self.timeout)
            .json(&request)
            .send()
            .await
            .map_err(|e| DeliveryError(describe_for_operator(e, self.timeout)))?;
        // The answer's body is never read: a gateway may echo the number or the text in it.
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(DeliveryError(format!(
                "the SMS gateway answered HTTP {status}"
            )))
        }
    }

    fn name(&self) -> &'static str {
        "http"
    }
}

impl fmt::Debug for HttpSms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSms")
            .field("url", &self.url.as_str())
            .field("token", &"<hidden>")
            .field("timeout", &self.timeout)
            .finish()
    }
}
