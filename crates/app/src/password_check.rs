//! The one way a password is checked: logging in, logging in again before a sensitive change,
//! and deleting the account. Before argon2 runs, one try is counted (atomically) for the e-mail
//! address *from this network* and one for the client address; a try that is refused is not
//! counted; the hash itself goes through the app's bounded gate (`hashing`). Counting per
//! network means failures elsewhere never lock the owner out: from a network that has not
//! failed, the right password (and then the second factor) works at once.

use crate::limits::{self, Limit, NotNow};
use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};
use std::net::{IpAddr, Ipv4Addr};
use zk_domain::account::normalize_email;

/// Tries for one e-mail address from one network (IPv4 /24, IPv6 /64): five free, then waits
/// that double from 2 seconds up to 15 minutes.
pub const PASSWORD_TRIES: Limit = Limit {
    scope: "login-pair",
    free: 5,
    window: SignedDuration::from_hours(24),
};
/// Tries from one client address, whatever the e-mail address (many people may log in from one
/// address, so a right password gives its try back).
pub const PASSWORD_TRIES_PER_IP: Limit = Limit {
    scope: "login-ip",
    free: 20,
    window: SignedDuration::from_hours(1),
};
/// Failed passwords for one address from one network within a day, after which that network
/// can only get in again after a password reset by e-mail (or the support desk's unlock).
pub const DAILY_CEILING: u32 = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordRefusal {
    /// The password is wrong (or the address has no account: never which).
    Wrong,
    Wait {
        until: Timestamp,
    },
    /// The daily ceiling for this address from this network is reached.
    Ceiling,
}

impl From<NotNow> for PasswordRefusal {
    fn from(not_now: NotNow) -> Self {
        match not_now {
            NotNow::Wait(until) => Self::Wait { until },
            NotNow::Ceiling => Self::Ceiling,
        }
    }
}

/// The keyed hash of an e-mail address, as the counters and refused-login records know it.
pub fn address_key(app: &App, email: &str) -> String {
    app.key.keyed_hex("login-email", &normalize_email(email))
}

/// The network a client address counts in: an IPv4 address's /24, an IPv6 address's /64 (the
/// web layer hands IPv6 over as its /64 already). Anything else counts as itself.
pub fn network_of(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{}/24", Ipv4Addr::new(a, b, c, 0))
        }
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Err(_) => ip.to_owned(),
    }
}

/// A network's short name for the support desk: a keyed hash, so the counters hold no address.
pub fn network_label(app: &App, ip: &str) -> String {
    let mut hex = app.key.keyed_hex("login-network", &network_of(ip));
    hex.truncate(16);
    hex
}

fn pair_key(app: &App, address_key: &str, ip: &str) -> String {
    format!("{address_key}:{}", network_label(app, ip))
}

fn ip_key(app: &App, ip: &str) -> String {
    app.key.keyed_hex("ip", ip)
}

/// The tries counted for one check, to be settled when it is known how it went.
#[must_use = "a taken try is settled as succeeded or not tried; a failure keeps it"]
pub struct Taken {
    pair: String,
    ip: String,
}

impl Taken {
    /// The proof was right: the address's counter for this network starts again, and the
    /// client address gets its try back (it counts failures only).
    pub async fn succeeded(self, app: &App) -> AppResult<()> {
        limits::clear(app, &PASSWORD_TRIES, &self.pair).await?;
        limits::give_back(app, &PASSWORD_TRIES_PER_IP, &self.ip).await
    }

    /// Nothing was checked (the server was busy): both tries are given back.
    pub async fn not_tried(self, app: &App) -> AppResult<()> {
        limits::give_back(app, &PASSWORD_TRIES, &self.pair).await?;
        limits::give_back(app, &PASSWORD_TRIES_PER_IP, &self.ip).await
    }
}

/// Counts one try for the address (by `address_key`) from the network of `ip`, and one for
/// `ip`, before the proof is checked; refused when either must wait or the ceiling is reached,
/// and then nothing stays counted. Also used by the passkey login, whose failures count alike.
pub async fn take(
    app: &App,
    address_key: &str,
    ip: &str,
) -> AppResult<Result<Taken, PasswordRefusal>> {
    let pair = pair_key(app, address_key, ip);
    let ip = ip_key(app, ip);
    if let Err(not_now) = limits::take_try_below(app, &PASSWORD_TRIES_PER_IP, &ip, u32::MAX).await?
    {
        return Ok(Err(not_now.into()));
    }
    match limits::take_try_below(app, &PASSWORD_TRIES, &pair, DAILY_CEILING).await? {
        Ok(_) => Ok(Ok(Taken { pair, ip })),
        Err(not_now) => {
            limits::give_back(app, &PASSWORD_TRIES_PER_IP, &ip).await?;
            Ok(Err(not_now.into()))
        }
    }
}

/// Checks `password` against `stored` (the account's hash; `None` for an address without an
/// account, which costs the same and is wrong) for the address `address_key` trying from `ip`.
/// [`crate::AppError::Busy`] when the server has no turn for the hash: then nothing counts.
pub async fn check(
    app: &App,
    address_key: &str,
    ip: &str,
    stored: Option<&str>,
    password: &str,
) -> AppResult<Result<(), PasswordRefusal>> {
    let taken = match take(app, address_key, ip).await? {
        Ok(taken) => taken,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let verified = crate::hashing::verify_password(
        &app.hashing,
        password.to_owned(),
        stored.map(str::to_owned),
    )
    .await;
    match verified {
        Ok(true) => {
            taken.succeeded(app).await?;
            Ok(Ok(()))
        }
        Ok(false) => Ok(Err(PasswordRefusal::Wrong)),
        Err(e) => {
            taken.not_tried(app).await?;
            Err(e)
        }
    }
}

/// What the counters say about one address from one network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkState {
    /// The network's short name ([`network_label`]).
    pub network: String,
    pub failures: u32,
    /// The next try from this network is refused until then.
    pub waiting_until: Option<Timestamp>,
    /// The daily ceiling is reached: closed until a reset, an unlock or the day's end.
    pub closed: bool,
}

fn network_state(app: &App, network: String, state: zk_store::AttemptState) -> NetworkState {
    let until = state.last_failure_at + limits::wait_after(&PASSWORD_TRIES, state.failures);
    NetworkState {
        network,
        failures: state.failures,
        waiting_until: (until > app.now()).then_some(until),
        closed: state.failures >= DAILY_CEILING,
    }
}

/// Every network with failed tries for `email` within the day, most failures first.
pub async fn networks_of(app: &App, email: &str) -> AppResult<Vec<NetworkState>> {
    let prefix = format!("{}:", address_key(app, email));
    let mut states: Vec<NetworkState> = app
        .store
        .attempts_with_prefix(
            PASSWORD_TRIES.scope,
            &prefix,
            app.now(),
            PASSWORD_TRIES.window,
        )
        .await?
        .into_iter()
        .filter(|(_, s)| s.failures > 0)
        .map(|(key, s)| {
            let network = key.rsplit(':').next().unwrap_or_default().to_owned();
            network_state(app, network, s)
        })
        .collect();
    states.sort_by_key(|s| std::cmp::Reverse(s.failures));
    Ok(states)
}

/// How a login for `email` from `ip` would fare now: the address's state from that network, and
/// until when the client address itself must wait (whatever the address).
pub async fn state_from(
    app: &App,
    email: &str,
    ip: &str,
) -> AppResult<(NetworkState, Option<Timestamp>)> {
    let now = app.now();
    let network = network_label(app, ip);
    let pair = pair_key(app, &address_key(app, email), ip);
    let state = app
        .store
        .attempt_state(PASSWORD_TRIES.scope, &pair, now, PASSWORD_TRIES.window)
        .await?
        .map_or_else(
            || NetworkState {
                network: network.clone(),
                failures: 0,
                waiting_until: None,
                closed: false,
            },
            |s| network_state(app, network.clone(), s),
        );
    let ip_wait = limits::blocked_until(app, &PASSWORD_TRIES_PER_IP, &ip_key(app, ip)).await?;
    Ok((state, ip_wait))
}

/// Clears the address's counters from every network: the owner proved they read its e-mail (a
/// reset), or the support desk lifted them.
pub async fn clear_address(app: &App, email: &str) -> AppResult<()> {
    let prefix = format!("{}:", address_key(app, email));
    Ok(app
        .store
        .clear_attempts_with_prefix(PASSWORD_TRIES.scope, &prefix)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::network_of;

    #[test]
    fn addresses_count_per_network() {
        assert_eq!(network_of("192.0.2.7"), "192.0.2.0/24");
        assert_eq!(network_of("192.0.2.250"), "192.0.2.0/24");
        assert_eq!(network_of("198.51.100.7"), "198.51.100.0/24");
        assert_eq!(network_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        // The web layer's /64 form, and an unknown address, stay as they are.
        assert_eq!(network_of("2001:db8:1:2::/64"), "2001:db8:1:2::/64");
        assert_eq!(network_of("unknown"), "unknown");
    }
}
