//! Sign-in throttle. Failed password sign-ins are counted per account (the e-mail, trimmed and
//! lower-cased, known or not, so the throttle tells nothing about which accounts exist) and per
//! client address, each with a keyed GCRA limiter of the crate `governor`. Once a key has used
//! its budget, every attempt under it is refused *before* the password is checked (a right one
//! too) until governor lets one more through.
//!
//! Only failures consume budget: governor's `check_key` always consumes, so it is called on a
//! failure, and when its snapshot shows nothing left, a second `check_key` (which consumes
//! nothing when it refuses) tells until when; that instant is kept in a small "blocked until"
//! map, which is what the check before the password looks at. A successful sign-in costs nothing.
//!
//! Attempts under one account and under one address are checked one at a time (an async lock
//! per key, held from the check to the recorded outcome), so many parallel guesses cannot all
//! pass the check before the first failure is counted. Every map here is pruned: the lock map
//! drops a key when its last holder leaves, and a task prunes the limiters (`retain_recent`)
//! and the blocked map once per window, so spraying e-mails or addresses cannot grow memory
//! without bound.

use crate::config::Config;
use crate::state::ServerState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

/// Longest account key kept (an e-mail address has at most 254 characters).
const MAX_KEY_LEN: usize = 320;

type Limiter<K> =
    RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One budget of failures per key: `per_window` failures at once, given back one by one
/// over `window` (governor's GCRA; with the defaults, 5 and then one more every 12 s).
struct Budget<K: Hash + Eq + Clone> {
    limiter: Limiter<K>,
    blocked: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> Budget<K> {
    /// `None` (no budget, never throttled) when `per_window` is 0.
    fn new(per_window: u32, window: Duration) -> Option<Self> {
        let burst = NonZeroU32::new(per_window)?;
        let period = (window / per_window).max(Duration::from_millis(1));
        let quota = Quota::with_period(period)?.allow_burst(burst);
        Some(Budget {
            limiter: RateLimiter::dashmap(quota).with_middleware::<StateInformationMiddleware>(),
            blocked: Mutex::new(HashMap::new()),
        })
    }

    /// How long `key` must still wait, when its budget is used up.
    fn blocked_for(&self, key: &K) -> Option<Duration> {
        let mut blocked = lock(&self.blocked);
        let until = *blocked.get(key)?;
        let now = Instant::now();
        if until > now {
            Some(until - now)
        } else {
            blocked.remove(key);
            None
        }
    }

    /// Counts one failure; blocks the key when that used its last cell.
    fn record_failure(&self, key: &K) {
        let wait = match self.limiter.check_key(key) {
            Ok(snapshot) if snapshot.remaining_burst_capacity() > 0 => return,
            // Nothing left: ask when the next cell comes. A refusal consumes nothing; a cell
            // that arrived in the nanoseconds between the two calls is simply spent.
            Ok(_) => match self.limiter.check_key(key) {
                Ok(_) => return,
                Err(not_until) => not_until.wait_time_from(self.limiter.clock().now()),
            },
            // Only reachable when the budget changed under a running attempt.
            Err(not_until) => not_until.wait_time_from(self.limiter.clock().now()),
        };
        if !wait.is_zero() {
            lock(&self.blocked).insert(key.clone(), Instant::now() + wait);
        }
    }

    fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        let now = Instant::now();
        lock(&self.blocked).retain(|_, until| *until > now);
    }

    #[cfg(test)]
    fn keys(&self) -> usize {
        self.limiter.len()
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum LockKey {
    Account(String),
    Address(IpAddr),
}

/// One async lock per key in use; a key leaves the map with its last holder.
#[derive(Default)]
struct KeyLocks(Mutex<HashMap<LockKey, Arc<tokio::sync::Mutex<()>>>>);

struct KeyGuard<'a> {
    locks: &'a KeyLocks,
    key: LockKey,
    _held: tokio::sync::OwnedMutexGuard<()>,
}

impl KeyLocks {
    async fn acquire(&self, key: LockKey) -> KeyGuard<'_> {
        let mutex = lock(&self.0).entry(key.clone()).or_default().clone();
        KeyGuard {
            locks: self,
            key,
            _held: mutex.lock_owned().await,
        }
    }

    /// Drops entries whose waiters all went away (cancelled requests).
    fn prune(&self) {
        lock(&self.0).retain(|_, m| Arc::strong_count(m) > 1);
    }
}

impl Drop for KeyGuard<'_> {
    fn drop(&mut self) {
        let mut map = lock(&self.locks.0);
        // The map's reference and this guard's: nobody else is waiting for the key.
        if map
            .get(&self.key)
            .is_some_and(|m| Arc::strong_count(m) <= 2)
        {
            map.remove(&self.key);
        }
    }
}

/// The throttle of local sign-ins (`RMC_LOGIN_*`).
pub struct LoginThrottle {
    accounts: Option<Budget<String>>,
    addresses: Option<Budget<IpAddr>>,
    window: Duration,
    trust_forwarded_for: bool,
    locks: KeyLocks,
}

/// Why an attempt was refused and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// `account` or `address`: the budget that is used up (the account's when both are).
    pub by: &'static str,
    /// Whole seconds until an attempt can pass again (at least 1): the `Retry-After`.
    pub retry_after_secs: u64,
}

/// A sign-in attempt holding its keys; record a failure with [`Attempt::failed`].
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    account: String,
    address: Option<IpAddr>,
    _guards: Vec<KeyGuard<'a>>,
}

/// The account key: the e-mail trimmed and lower-cased (and cut to a sane length).
pub fn account_key(email: &str) -> String {
    email
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .take(MAX_KEY_LEN)
        .collect()
}

/// The address key: IPv4-mapped IPv6 as IPv4, other IPv6 by its /64 network (one host
/// usually has a whole /64, so single addresses would be free to spray).
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl LoginThrottle {
    pub fn new(config: &Config) -> Self {
        let window = Duration::from_secs(config.login_window_secs.max(1));
        LoginThrottle {
            accounts: Budget::new(config.login_failures_per_min, window),
            addresses: Budget::new(config.login_failures_per_ip_per_min, window),
            window,
            trust_forwarded_for: config.trust_forwarded_for,
            locks: KeyLocks::default(),
        }
    }

    /// Builds the throttle and starts its pruning task (ends when the throttle is dropped).
    pub fn start(config: &Config) -> Arc<Self> {
        let throttle = Arc::new(Self::new(config));
        let weak: Weak<Self> = Arc::downgrade(&throttle);
        let every = throttle.window.min(Duration::from_secs(60));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(throttle) = weak.upgrade() else {
                    break;
                };
                throttle.prune();
            }
        });
        throttle
    }

    pub fn prune(&self) {
        if let Some(b) = &self.accounts {
            b.prune();
        }
        if let Some(b) = &self.addresses {
            b.prune();
        }
        self.locks.prune();
    }

    /// Waits for earlier attempts under the same account and address, then starts one.
    pub async fn begin(&self, email: &str, address: Option<IpAddr>) -> Attempt<'_> {
        let account = account_key(email);
        let address = address.map(address_key);
        let mut guards = Vec::with_capacity(2);
        // Always account, then address: one order, no deadlock.
        if self.accounts.is_some() {
            guards.push(self.locks.acquire(LockKey::Account(account.clone())).await);
        }
        if let (Some(ip), Some(_)) = (address, &self.addresses) {
            guards.push(self.locks.acquire(LockKey::Address(ip)).await);
        }
        Attempt {
            throttle: self,
            account,
            address,
            _guards: guards,
        }
    }
}

impl Attempt<'_> {
    /// The account key of this attempt (for logs).
    pub fn account(&self) -> &str {
        &self.account
    }

    pub fn address(&self) -> Option<IpAddr> {
        self.address
    }

    /// `Some` when the account's or the address's budget is used up: refuse unchecked.
    pub fn refusal(&self) -> Option<Refusal> {
        let t = self.throttle;
        let by_account = t
            .accounts
            .as_ref()
            .and_then(|b| b.blocked_for(&self.account));
        let by_address = match (&t.addresses, self.address) {
            (Some(b), Some(ip)) => b.blocked_for(&ip),
            _ => None,
        };
        let by = if by_account.is_some() {
            "account"
        } else {
            "address"
        };
        let wait = by_account.max(by_address)?;
        Some(Refusal {
            by,
            retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        })
    }

    /// The password was wrong (or the account unknown): counts against both budgets.
    pub fn failed(self) {
        if let Some(b) = &self.throttle.accounts {
            b.record_failure(&self.account);
        }
        if let (Some(b), Some(ip)) = (&self.throttle.addresses, self.address) {
            b.record_failure(&ip);
        }
    }
}

/// The client's address: the connection's peer (`ConnectInfo`, absent when the router is
/// driven in-process), or with `RMC_TRUST_FORWARDED_FOR` the last `X-Forwarded-For` entry.
pub struct ClientAddr(pub Option<IpAddr>);

/// The last well-formed address of `X-Forwarded-For` (the one the nearest proxy added).
pub fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?;
    let entry = last.to_str().ok()?.rsplit(',').next()?.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

impl FromRequestParts<ServerState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = if state.login_throttle.trust_forwarded_for {
            forwarded_for(&parts.headers)
        } else {
            None
        };
        Ok(ClientAddr(forwarded.or(peer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(per_account: u32, per_address: u32, window_secs: u64) -> LoginThrottle {
        let mut config = Config::for_database("sqlite::memory:");
        config.login_failures_per_min = per_account;
        config.login_failures_per_ip_per_min = per_address;
        config.login_window_secs = window_secs;
        LoginThrottle::new(&config)
    }

    const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));

    async fn fail(t: &LoginThrottle, email: &str, ip: Option<IpAddr>) -> Option<Refusal> {
        let attempt = t.begin(email, ip).await;
        let refusal = attempt.refusal();
        if refusal.is_none() {
            attempt.failed();
        }
        refusal
    }

    #[test]
    fn keys_are_normalised() {
        assert_eq!(account_key("  Owner@Demo.EXAMPLE "), "owner@demo.example");
        assert_eq!(account_key(&"a".repeat(10_000)).len(), MAX_KEY_LEN);
        let v6: IpAddr = "2001:db8:1:2:aa:bb:cc:dd".parse().unwrap();
        assert_eq!(address_key(v6), "2001:db8:1:2::".parse::<IpAddr>().unwrap());
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn the_last_forwarded_for_entry_counts() {
        let mut headers = HeaderMap::new();
        assert_eq!(forwarded_for(&headers), None);
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.4".parse().unwrap(),
        );
        assert_eq!(forwarded_for(&headers), "198.51.100.4".parse().ok());
        headers.append("x-forwarded-for", "[2001:db8::1]:443".parse().unwrap());
        assert_eq!(forwarded_for(&headers), "2001:db8::1".parse().ok());
        headers.insert("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(forwarded_for(&headers), None);
    }

    #[tokio::test]
    async fn the_sixth_failure_in_the_window_is_refused_for_that_account_only() {
        let t = throttle(5, 30, 60);
        for n in 1..=5 {
            assert_eq!(fail(&t, "a@x.example", HOME).await, None, "failure {n}");
        }
        let refusal = fail(&t, " A@X.example", HOME)
            .await
            .expect("the 6th is refused");
        assert_eq!(refusal.by, "account");
        assert!((1..=12).contains(&refusal.retry_after_secs), "{refusal:?}");
        assert_eq!(fail(&t, "b@x.example", HOME).await, None, "another account");
        assert_eq!(
            fail(&t, "a@x.example", None).await.map(|r| r.by),
            Some("account")
        );
    }

    #[tokio::test]
    async fn an_address_has_its_own_larger_budget() {
        let t = throttle(5, 3, 60);
        for n in 0..3 {
            assert_eq!(fail(&t, &format!("{n}@x.example"), HOME).await, None);
        }
        let refusal = fail(&t, "new@x.example", HOME)
            .await
            .expect("address used up");
        assert_eq!(refusal.by, "address");
        assert_eq!(fail(&t, "new@x.example", None).await, None, "other address");
    }

    #[tokio::test]
    async fn refused_attempts_cost_nothing_and_the_budget_comes_back() {
        // 2 failures per 400 ms: one cell back every 200 ms.
        let t = throttle(2, 0, 1);
        let t = LoginThrottle {
            accounts: Budget::new(2, Duration::from_millis(400)),
            ..t
        };
        assert_eq!(fail(&t, "a@x.example", None).await, None);
        assert_eq!(fail(&t, "a@x.example", None).await, None);
        for _ in 0..10 {
            assert!(fail(&t, "a@x.example", None).await.is_some());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        let attempt = t.begin("a@x.example", None).await;
        assert_eq!(attempt.refusal(), None, "a cell came back");
        drop(attempt); // a success: nothing recorded
        assert_eq!(fail(&t, "a@x.example", None).await, None, "still one left");
        assert!(fail(&t, "a@x.example", None).await.is_some());
    }

    #[tokio::test]
    async fn pruning_forgets_recovered_keys_and_locks_leave_with_their_holder() {
        let t = throttle(2, 0, 1);
        let t = LoginThrottle {
            accounts: Budget::new(2, Duration::from_millis(100)),
            ..t
        };
        for n in 0..50 {
            fail(&t, &format!("{n}@x.example"), None).await;
        }
        assert_eq!(t.accounts.as_ref().unwrap().keys(), 50);
        assert!(
            lock(&t.locks.0).is_empty(),
            "no lock kept after its attempt"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
        t.prune();
        assert_eq!(t.accounts.as_ref().unwrap().keys(), 0);
    }

    #[tokio::test]
    async fn attempts_under_one_key_wait_for_each_other() {
        let t = throttle(5, 30, 60);
        let first = t.begin("a@x.example", HOME).await;
        let same = tokio::time::timeout(Duration::from_millis(50), t.begin("A@x.example", None));
        assert!(same.await.is_err(), "the same account waits");
        let same_address =
            tokio::time::timeout(Duration::from_millis(50), t.begin("b@x.example", HOME));
        assert!(same_address.await.is_err(), "the same address waits");
        let other = tokio::time::timeout(Duration::from_millis(50), t.begin("c@x.example", None));
        assert!(other.await.is_ok(), "others do not");
        drop(first);
        let next = tokio::time::timeout(Duration::from_millis(50), t.begin("a@x.example", HOME));
        assert!(next.await.is_ok());
        t.prune();
        assert!(lock(&t.locks.0).is_empty());
    }
}
