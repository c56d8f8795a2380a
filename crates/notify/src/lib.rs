//! Outgoing e-mail, SMS and providers' webhook events. Use cases put messages in the durable
//! outbox (the `OutboxStore`); the `OutboxWorker` here delivers them through a transport and
//! retries with growing pauses when a gateway is down, so nothing is lost.

mod dev_files;
mod guarded_http;
mod ip_ranges;
mod mail;
mod sms;
mod sms_http;
mod transport;
mod webhook;
mod webhook_http;
mod worker;

pub use dev_files::{
    DevMail, DevSms, OutboxFile, list_mail_files, list_sms_files, read_dev_mail, read_dev_sms,
};
pub use guarded_http::{
    FixedResolver, GuardedClient, HostResolver, Reach, Refused, SystemResolver, check_destination,
    check_literal,
};
pub use ip_ranges::{AddressClass, classify};
pub use mail::{FileMailer, MemoryMailer, SmtpMailer, build_message};
pub use sms::{FileSms, MemorySms};
pub use sms_http::{HTTP_SMS_TIMEOUT, HttpSms};
pub use transport::{DeliveryError, MailTransport, SmsGateway, Unconfigured};
pub use webhook::{WebhookFailure, WebhookSender, WebhookTarget, WebhookTargets, signature_header};
pub use webhook_http::{
    EVENT_ID_HEADER, HttpWebhook, SIGNATURE_HEADER, WEBHOOK_TIMEOUT, WEBHOOK_UNREACHABLE,
};
pub use worker::{KEEP_WEBHOOK_DELIVERIES, OutboxWorker, WEBHOOK_MAX_ATTEMPTS, retry_delay};
