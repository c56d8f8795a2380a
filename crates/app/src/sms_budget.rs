//! Budgets for sending SMS, against toll fraud with many fresh accounts: at most so many SMS
//! an hour for requests from one IP address, and so many on the whole installation. Counted in
//! the attempt counters in the database, so they hold across instances; each SMS is counted
//! before it is queued (one atomic upsert), so parallel requests cannot slip past.

use crate::limits::{self, Limit};
use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};

/// SMS per hour for requests from one IP address (a whole IPv6 /64), by default. High enough
/// for an office or a care home behind one address logging in in the morning.
pub const PER_IP_PER_HOUR: u32 = 30;
/// SMS per hour on the whole installation, by default.
pub const PER_HOUR: u32 = 1000;

/// The budgets' period: a budget is full again this long after its first SMS.
const WINDOW: SignedDuration = SignedDuration::from_hours(1);
/// SMS sent for requests from one IP address; the budget itself is a setting.
pub const PER_IP: Limit = Limit {
    scope: "sms-ip",
    free: u32::MAX,
    window: WINDOW,
};
/// SMS sent on the whole installation; the budget itself is a setting.
pub const GLOBAL: Limit = Limit {
    scope: "sms-global",
    free: u32::MAX,
    window: WINDOW,
};
const GLOBAL_KEY: &str = "all";

/// Takes one SMS from the budget of the request's IP address and, for a code to a number not
/// yet verified (`new_number`), from the installation's. Login codes go only to numbers that
/// passed the country check and a code when they were added, at most a few an hour per
/// account: leaving them out of the installation's budget means that strangers who spend it
/// cannot stop everyone else from logging in. `Err(until)` when a budget is spent: no SMS may
/// go before `until` (at the latest; the hour started with that budget's first SMS).
pub async fn take(app: &App, new_number: bool) -> AppResult<Result<(), Timestamp>> {
    let now = app.now();
    let ip = crate::audit::security::current_source().ip;
    // Counted by a keyed hash, like every other counter, so the table holds no addresses.
    // Outside a request (the command line) there is no address to count.
    let ip_key = app.key.keyed_hex("sms-ip", &ip);
    if !ip.is_empty() && !take_one(app, &PER_IP, &ip_key, app.policy.sms_per_ip_per_hour).await? {
        tracing::warn!("the SMS budget for one IP address is spent for this hour");
        return Ok(Err(now + WINDOW));
    }
    if new_number && !take_one(app, &GLOBAL, GLOBAL_KEY, app.policy.sms_per_hour).await? {
        tracing::error!(
            budget = app.policy.sms_per_hour,
            "the installation's SMS budget is spent for this hour: no SMS codes are sent"
        );
        return Ok(Err(now + WINDOW));
    }
    Ok(Ok(()))
}

/// Counts one SMS under `limit` for `key`; whether it stays within `budget`.
async fn take_one(app: &App, limit: &Limit, key: &str, budget: u32) -> AppResult<bool> {
    Ok(limits::fail(app, limit, key).await? <= budget)
}
