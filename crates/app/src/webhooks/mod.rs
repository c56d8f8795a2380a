//! Webhooks for providers: a provider admin registers URLs that receive signed JSON events
//! (a connection made, a letter used, a connection ended, a test message). Events are stored
//! as outbox messages in the same transaction as what they tell about, one per active
//! endpoint, and the outbox worker delivers and signs them (see `zk_notify::webhook`).

mod endpoints;
mod events;
mod targets;

pub use endpoints::*;
pub use events::*;
pub use targets::SealedTargets;

/// The purpose under which endpoints' signing secrets are sealed.
const SECRET_KEY: &str = "webhook-secret";
