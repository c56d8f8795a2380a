//! Attempt limits for everything a stranger might guess. Counters live in the database so they
//! hold across instances; the waiting time grows with each failure and never becomes a
//! permanent lock that an attacker could cause for someone else.

use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};

/// One kind of counted attempt.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub scope: &'static str,
    /// Failures before any waiting is asked.
    pub free: u32,
    /// Failures are forgotten this long after the first one in a row.
    pub window: SignedDuration,
}

/// Letter codes and birth dates tried from one browser.
pub const LETTER_PER_BROWSER: Limit = Limit {
    scope: "letter-browser",
    free: 3,
    window: SignedDuration::from_hours(1),
};
/// Letter codes and birth dates tried from one IP address.
pub const LETTER_PER_IP: Limit = Limit {
    scope: "letter-ip",
    free: 10,
    window: SignedDuration::from_hours(1),
};
/// Wrong birth dates for one letter; at [`LETTER_LOCK_AFTER`] the letter is locked for good.
pub const LETTER_BIRTH_DATE: Limit = Limit {
    scope: "letter-birth-date",
    free: u32::MAX,
    window: SignedDuration::from_hours(24 * 365 * 10),
};
pub const LETTER_LOCK_AFTER: u32 = 10;
/// Right birth dates for one letter: tries minus these are the wrong ones.
pub const LETTER_BIRTH_DATE_RIGHT: Limit = Limit {
    scope: "letter-birth-date-right",
    free: u32::MAX,
    window: SignedDuration::from_hours(24 * 365 * 10),
};
/// Failed letter redemptions on the whole installation, per hour. Past the cap every
/// redemption is slowed down and the operator sees it on `/healthz/detail`.
pub const LETTER_GLOBAL: Limit = Limit {
    scope: "letter-global",
    free: u32::MAX,
    window: SignedDuration::from_hours(1),
};
pub const LETTER_GLOBAL_KEY: &str = "all";

/// The longest wait any counter asks.
const MAX_WAIT: SignedDuration = SignedDuration::from_mins(15);

/// The wait after `failures` failures: none while free, then 2 s, 4 s, 8 s … up to 15 minutes.
pub fn wait_after(limit: &Limit, failures: u32) -> SignedDuration {
    if failures <= limit.free {
        return SignedDuration::ZERO;
    }
    let doublings = (failures - limit.free - 1).min(20);
    let secs = 2i64.saturating_mul(1i64 << doublings);
    SignedDuration::from_secs(secs).min(MAX_WAIT)
}

/// Why a try was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotNow {
    /// The wait after the last failure has not passed.
    Wait(Timestamp),
    /// The ceiling of tries in the window is reached.
    Ceiling,
}

/// Rounds of reading and taking before a try that keeps losing races is asked to wait. Each lost
/// round means another try was counted, which past the free tries starts a wait; so two rounds
/// are the most a real race takes.
const ROUNDS: usize = 4;

/// Takes one try under `limit` for `key` before the work is done, so that parallel tries cannot
/// slip past the limit: the try is counted at once, and only when the wait after the previous
/// try has passed (one atomic conditional upsert; of tries racing past a wait, one is counted).
/// A refused try is not counted: it checked nothing, so waiting is never made longer by
/// knocking. `Err(until)` says when the next try may come. Returns the number of tries in the
/// window.
pub async fn take_try(app: &App, limit: &Limit, key: &str) -> AppResult<Result<u32, Timestamp>> {
    Ok(take_try_below(app, limit, key, u32::MAX)
        .await?
        .map_err(|not_now| match not_now {
            NotNow::Wait(until) => until,
            // Unreachable with no ceiling; the window's end is an honest answer anyway.
            NotNow::Ceiling => app.now() + limit.window,
        }))
}

/// [`take_try`] with a ceiling: once `ceiling` tries are counted in the window, no more are
/// taken until it ends (or the counter is cleared).
pub async fn take_try_below(
    app: &App,
    limit: &Limit,
    key: &str,
    ceiling: u32,
) -> AppResult<Result<u32, NotNow>> {
    for _ in 0..ROUNDS {
        let now = app.now();
        let seen = app
            .store
            .attempt_state(limit.scope, key, now, limit.window)
            .await?;
        if let Some(state) = seen {
            if state.failures >= ceiling {
                return Ok(Err(NotNow::Ceiling));
            }
            let until = state.last_failure_at + wait_after(limit, state.failures);
            if until > now {
                return Ok(Err(NotNow::Wait(until)));
            }
        }
        if let Some(after) = app
            .store
            .take_attempt(limit.scope, key, seen, limit.free, now, limit.window)
            .await?
        {
            return Ok(Ok(after.failures));
        }
    }
    Ok(Err(NotNow::Wait(
        app.now() + wait_after(limit, limit.free.saturating_add(1)),
    )))
}

/// Takes back a try taken with [`take_try`] for work that did not happen (or that succeeded,
/// where only failures count).
pub async fn give_back(app: &App, limit: &Limit, key: &str) -> AppResult<()> {
    Ok(app.store.give_back_attempt(limit.scope, key).await?)
}

/// When `key` may try again under `limit`; `None` when it may now.
pub async fn blocked_until(app: &App, limit: &Limit, key: &str) -> AppResult<Option<Timestamp>> {
    let now = app.now();
    let Some(state) = app
        .store
        .attempt_state(limit.scope, key, now, limit.window)
        .await?
    else {
        return Ok(None);
    };
    let until = state.last_failure_at + wait_after(limit, state.failures);
    Ok((until > now).then_some(until))
}

/// Counts a failure for `key`; returns the number of failures in the window.
pub async fn fail(app: &App, limit: &Limit, key: &str) -> AppResult<u32> {
    Ok(app
        .store
        .record_failure(limit.scope, key, app.now(), limit.window)
        .await?
        .failures)
}

pub async fn clear(app: &App, limit: &Limit, key: &str) -> AppResult<()> {
    Ok(app.store.clear_attempts(limit.scope, key).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_tries_and_stop_growing() {
        let l = LETTER_PER_BROWSER;
        assert_eq!(wait_after(&l, 3), SignedDuration::ZERO);
        assert_eq!(wait_after(&l, 4), SignedDuration::from_secs(2));
        assert_eq!(wait_after(&l, 5), SignedDuration::from_secs(4));
        assert_eq!(wait_after(&l, 8), SignedDuration::from_secs(32));
        assert_eq!(wait_after(&l, 100), MAX_WAIT);
    }
}
