//! Pacing and nonces shared across processes through Redis (feature `redis`).
//!
//! One [`RedisFleet`] holds a reconnecting connection (`redis::aio::ConnectionManager`,
//! multiplexed: one TCP connection serves every task) and the options. It makes:
//!
//! - [`RedisLimiter`]: a GCRA limiter per venue, account and rate. One Lua script reads Redis'
//!   own clock (`TIME`), checks the account's "blocked until" (set by a `429`'s `Retry-After`
//!   through [`RedisLimiter`]'s `penalize`) and every rate covering the request; it admits
//!   the request and moves each rate's theoretical arrival time on by `per / count`, or admits
//!   nothing and answers how long to wait. Waiters sleep that long and ask again: a request is
//!   never admitted before its time on Redis' clock, and one that gives up holds no slot.
//! - [`RedisNonces`]: a counter per venue, account and scope; one script hands out
//!   `max(now, last + 1)` on Redis' clock, or, when that would be more than the lead ahead of
//!   the clock, how long to wait. The handle's own last nonce is a floor, so a Redis that
//!   lost its data (restarted without persistence) never makes one process go back; other
//!   processes are safe once the lead has passed (every nonce they drew is behind the clock).
//!
//! Keys are `<prefix>:{<venue>:<account>}:pace:<scope>:<count>/<per µs>/<burst>`,
//! `<prefix>:{<venue>:<account>}:blocked` and `<prefix>:{<venue>:<account>}:nonce:<scope>`
//! (one hash tag per account, so one script's keys share a cluster slot), where `<account>` is
//! [`Account::id`]. Each expires after its idle expiry without use (`PX`).
//!
//! Every operation is bounded by the options' timeout; a failure is a [`StoreError`] and the
//! request is not sent. The connection comes back by itself once Redis does.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures_util::future::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Account, Handoff, RedisOptions, StoreError, Turn, TurnGuard};
use crate::nonce::{MAX_LEAD_WAIT, NonceStore, NonceUnit};
use crate::pacing::{PaceError, Rate, RateLimiter};
use crate::request::Auth;

/// GCRA over every rate covering a request. KEYS[1]: the account's "blocked until" (µs);
/// KEYS[2..]: one theoretical arrival time (µs) per rate. ARGV[1]: idle expiry (ms); then per
/// rate its emission interval and its burst tolerance (µs). Returns 0 when admitted (and
/// counted), otherwise the wait in µs (nothing counted): negative while the venue's
/// "blocked until" holds, positive for the rates' own wait.
const ACQUIRE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local idle = tonumber(ARGV[1])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > now then
  return -math.ceil(blocked - now)
end
local wait = 0
local tats = {}
for i = 2, #KEYS do
  local tau = tonumber(ARGV[2 * i - 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  tats[i] = tat
  if tat - tau - now > wait then wait = tat - tau - now end
end
if wait > 0 then
  return math.ceil(wait)
end
for i = 2, #KEYS do
  local interval = tonumber(ARGV[2 * i - 2])
  local tat = tats[i] + interval
  redis.call('SET', KEYS[i], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + idle)
end
return 0
";

/// Sets the account's "blocked until" to at least now + ARGV[1] µs. KEYS[1]: the key;
/// ARGV[2]: idle expiry (ms). Returns the wait left in µs.
const PENALIZE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local till = now + tonumber(ARGV[1])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > till then till = blocked end
redis.call('SET', KEYS[1], string.format('%.0f', till), 'PX', math.ceil((till - now) / 1000) + tonumber(ARGV[2]))
return math.ceil(till - now)
";

/// The next nonce on Redis' clock. KEYS[1]: the counter. ARGV[1]: 1000 for milliseconds, 1
/// for microseconds; ARGV[2]: the lead bound in the unit; ARGV[3]: idle expiry (ms); ARGV[4]:
/// the last nonce the caller drew (a floor, should Redis have lost the counter). Returns
/// {1, nonce} or {0, wait in the unit}.
const NONCE: &str = r"
local t = redis.call('TIME')
local now = math.floor((tonumber(t[1]) * 1000000 + tonumber(t[2])) / tonumber(ARGV[1]))
local lead = tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local floor = tonumber(ARGV[4])
if floor > last then last = floor end
local n = last + 1
if now > n then n = now end
if n > now + lead then
  return {0, n - now - lead}
end
redis.call('SET', KEYS[1], string.format('%.0f', n), 'PX', tonumber(ARGV[3]))
return {1, n}
";

/// Takes the turn. KEYS[1]: the turn; ARGV[1]: the holder's token; ARGV[2]: the lease (ms).
/// Returns 1 when taken (or already this holder's: the script may be repeated).
const TURN_TAKE: &str = r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
";

/// Renews the turn while this holder has it. Same arguments; returns 1 when renewed.
const TURN_RENEW: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
";

/// Hands the turn on if this holder has it. KEYS[1]: the turn; ARGV[1]: the token.
const TURN_RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

struct Scripts {
    acquire: redis::Script,
    penalize: redis::Script,
    nonce: redis::Script,
    turn_take: redis::Script,
    turn_renew: redis::Script,
    turn_release: redis::Script,
}

fn scripts() -> &'static Scripts {
    static SCRIPTS: OnceLock<Scripts> = OnceLock::new();
    SCRIPTS.get_or_init(|| Scripts {
        acquire: redis::Script::new(ACQUIRE),
        penalize: redis::Script::new(PENALIZE),
        nonce: redis::Script::new(NONCE),
        turn_take: redis::Script::new(TURN_TAKE),
        turn_renew: redis::Script::new(TURN_RENEW),
        turn_release: redis::Script::new(TURN_RELEASE),
    })
}

/// A connection to the Redis (or Valkey) that holds a fleet's shared state, with its options.
/// Cheap to clone: clones share the connection.
#[derive(Clone)]
pub struct RedisFleet {
    client: redis::Client,
    /// Made on the first operation (it needs the Tokio runtime), then shared by the clones.
    connection: Arc<OnceLock<Result<ConnectionManager, StoreError>>>,
    options: Arc<RedisOptions>,
}

impl fmt::Debug for RedisFleet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisFleet")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

fn unavailable(store: &'static str, e: &redis::RedisError) -> StoreError {
    // A RedisError's text names the failure (refused, reset, script error), never the URL.
    StoreError::Unavailable {
        store,
        message: e.to_string(),
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl RedisFleet {
    /// A fleet store with its own connection, made lazily (the first operation connects, in
    /// the Tokio runtime it runs on; an unreachable Redis fails that operation, not this
    /// call). Fails only on a malformed URL.
    pub fn connect(options: RedisOptions) -> Result<Self, StoreError> {
        let client =
            redis::Client::open(options.url.as_str()).map_err(|e| StoreError::Unavailable {
                store: "redis",
                message: format!("invalid Redis URL ({:?})", e.kind()),
            })?;
        Ok(RedisFleet {
            client,
            connection: Arc::default(),
            options: Arc::new(options),
        })
    }

    /// The connection, made on first use.
    fn connection(&self) -> Result<ConnectionManager, StoreError> {
        self.connection
            .get_or_init(|| {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.options.timeout))
                    .set_response_timeout(Some(self.options.timeout))
                    // Reconnection is retried on the next operation; no long backoff in one.
                    .set_number_of_retries(1)
                    .set_min_delay(Duration::from_millis(10))
                    .set_max_delay(self.options.timeout);
                ConnectionManager::new_lazy_with_config(self.client.clone(), config)
                    .map_err(|e| unavailable("redis", &e))
            })
            .clone()
    }

    /// The fleet store for these options, shared by every client of this process that uses
    /// the same options (one multiplexed connection).
    pub fn shared(options: RedisOptions) -> Result<Self, StoreError> {
        static SHARED: OnceLock<Mutex<Vec<RedisFleet>>> = OnceLock::new();
        let mut fleets = SHARED
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(found) = fleets.iter().find(|f| *f.options == options) {
            return Ok(found.clone());
        }
        let fleet = RedisFleet::connect(options)?;
        fleets.push(fleet.clone());
        Ok(fleet)
    }

    /// The options.
    pub fn options(&self) -> &RedisOptions {
        &self.options
    }

    /// A limiter enforcing `rates` for `account`, shared with every process using the same
    /// Redis, prefix, account and rates.
    pub fn limiter(&self, account: &Account, rates: &[Rate]) -> RedisLimiter {
        RedisLimiter {
            fleet: self.clone(),
            blocked_key: self.key(account, "blocked"),
            rates: rates
                .iter()
                .map(|rate| {
                    let count = u64::from(rate.count.max(1));
                    let interval = (micros(rate.per) / count).max(1);
                    let burst = rate.burst.max(1);
                    let key = self.key(
                        account,
                        &format!(
                            "pace:{}:{}/{}/{}",
                            rate.scope.name(),
                            rate.count,
                            micros(rate.per),
                            burst
                        ),
                    );
                    (
                        *rate,
                        key,
                        interval,
                        interval.saturating_mul(u64::from(burst - 1)),
                    )
                })
                .collect(),
        }
    }

    /// The nonce counter of `account` for `scope`, shared with every process using the same
    /// Redis, prefix, account and scope; never more than `max_lead` ahead of Redis' clock.
    pub fn nonces(
        &self,
        account: &Account,
        scope: &str,
        unit: NonceUnit,
        max_lead: Duration,
    ) -> RedisNonces {
        RedisNonces {
            fleet: self.clone(),
            key: self.key(account, &format!("nonce:{scope}")),
            unit,
            max_lead: unit.of(max_lead),
            last: AtomicU64::new(0),
        }
    }

    /// The turn of `account` for `scope`, shared with every process using the same Redis,
    /// prefix, account and scope; `local` is this process' lock, taken first (so one task per
    /// process waits on Redis).
    pub fn turn(
        &self,
        account: &Account,
        scope: &str,
        local: Arc<tokio::sync::Mutex<()>>,
    ) -> RedisTurn {
        RedisTurn {
            fleet: self.clone(),
            key: self.key(account, &format!("turn:{scope}")),
            local,
        }
    }

    fn key(&self, account: &Account, suffix: &str) -> String {
        format!(
            "{}:{{{}:{}}}:{suffix}",
            self.options.key_prefix,
            account.venue(),
            account.id()
        )
    }

    fn idle_ms(&self) -> u64 {
        u64::try_from(self.options.idle_expiry.as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// Runs `invocation` within the options' bound (all tries together). A connection found
    /// dropped (Redis restarted, or the runtime that drove it has ended) is tried once more:
    /// the manager reconnects. Every script is safe to repeat: a repeated pacing script can
    /// only count one call too many, a repeated nonce script skips a nonce, and the turn's
    /// scripts check the holder's token.
    async fn run<T: redis::FromRedisValue>(
        &self,
        store: &'static str,
        invocation: redis::ScriptInvocation<'_>,
    ) -> Result<T, StoreError> {
        let attempts = async {
            let mut connection = self.connection()?;
            let mut tried = false;
            loop {
                match invocation.invoke_async(&mut connection).await {
                    Ok(value) => return Ok(value),
                    Err(e) if e.is_timeout() => {
                        return Err(StoreError::Timeout {
                            store,
                            after: self.options.timeout,
                        });
                    }
                    Err(e) if !tried && (e.is_connection_dropped() || e.is_io_error()) => {
                        tried = true;
                    }
                    Err(e) => return Err(unavailable(store, &e)),
                }
            }
        };
        match tokio::time::timeout(self.options.timeout, attempts).await {
            Ok(result) => result,
            Err(_) => Err(StoreError::Timeout {
                store,
                after: self.options.timeout,
            }),
        }
    }
}

/// A little spread (up to 1/16 of `wait`, at most 2 ms) so waiters of several processes do not
/// all ask again at the same instant.
fn spread(wait: Duration) -> Duration {
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let cap = micros(wait / 16).min(2_000);
    if cap == 0 {
        return wait;
    }
    wait + Duration::from_micros(random % cap)
}

/// A GCRA rate limiter in Redis, shared by every process using one account: see the
/// [module docs](self).
pub struct RedisLimiter {
    fleet: RedisFleet,
    blocked_key: String,
    /// Each rate with its key, emission interval and burst tolerance (µs).
    rates: Vec<(Rate, String, u64, u64)>,
}

impl fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLimiter")
            .field("blocked_key", &self.blocked_key)
            .field("rates", &self.rates)
            .finish_non_exhaustive()
    }
}

impl RedisLimiter {
    /// One try: admitted (`None`), or how long to wait and whether the venue's penalty is
    /// the reason.
    async fn try_acquire(&self, auth: Auth) -> Result<Option<(Duration, bool)>, StoreError> {
        let script = &scripts().acquire;
        let mut invocation = script.key(&self.blocked_key);
        invocation.arg(self.fleet.idle_ms());
        for (rate, key, interval, tolerance) in &self.rates {
            if rate.scope.covers(auth) {
                invocation.key(key).arg(*interval).arg(*tolerance);
            }
        }
        let wait: i64 = self.fleet.run("redis pacer", invocation).await?;
        Ok((wait != 0).then(|| (Duration::from_micros(wait.unsigned_abs()), wait < 0)))
    }
}

impl RateLimiter for RedisLimiter {
    fn acquire(&self, auth: Auth, patience: Duration) -> BoxFuture<'_, Result<(), PaceError>> {
        Box::pin(async move {
            while let Some((wait, blocked)) = self.try_acquire(auth).await? {
                if blocked && wait > patience {
                    return Err(PaceError::Blocked {
                        remaining: wait,
                        patience,
                    });
                }
                tokio::time::sleep(spread(wait)).await;
            }
            Ok(())
        })
    }

    fn penalize(&self, wait: Duration) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let wait = wait.min(crate::error::RETRY_AFTER_CAP);
            let mut invocation = scripts().penalize.key(&self.blocked_key);
            invocation.arg(micros(wait)).arg(self.fleet.idle_ms());
            let _left: u64 = self.fleet.run("redis pacer", invocation).await?;
            Ok(())
        })
    }

    fn is_enabled(&self) -> bool {
        !self.rates.is_empty()
    }
}

/// Nonces in Redis, strictly increasing across every process using one account and scope:
/// see the [module docs](self). They follow Redis' clock, not the process'.
pub struct RedisNonces {
    fleet: RedisFleet,
    key: String,
    unit: NonceUnit,
    max_lead: u64,
    last: AtomicU64,
}

impl fmt::Debug for RedisNonces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisNonces")
            .field("key", &self.key)
            .field("unit", &self.unit)
            .field("max_lead", &self.max_lead)
            .field("last", &self.last.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl RedisNonces {
    async fn draw(&self) -> Result<u64, StoreError> {
        let started = tokio::time::Instant::now();
        let divisor: u64 = match self.unit {
            NonceUnit::Millis => 1000,
            NonceUnit::Micros => 1,
        };
        loop {
            let mut invocation = scripts().nonce.key(&self.key);
            invocation
                .arg(divisor)
                .arg(self.max_lead)
                .arg(self.fleet.idle_ms())
                .arg(self.last.load(Ordering::Acquire));
            let (issued, value): (u8, u64) = self.fleet.run("redis nonces", invocation).await?;
            if issued == 1 {
                self.last.fetch_max(value, Ordering::AcqRel);
                return Ok(value);
            }
            if started.elapsed() >= MAX_LEAD_WAIT {
                return Err(StoreError::Timeout {
                    store: "redis nonces (the clock does not catch up with the lead)",
                    after: started.elapsed(),
                });
            }
            let wait = self.unit.duration(value).max(Duration::from_millis(1));
            tokio::time::sleep(spread(wait)).await;
        }
    }
}

impl NonceStore for RedisNonces {
    fn next(&self) -> BoxFuture<'_, Result<u64, StoreError>> {
        Box::pin(self.draw())
    }

    fn last(&self) -> u64 {
        self.last.load(Ordering::Acquire)
    }

    fn unit(&self) -> NonceUnit {
        self.unit
    }
}

/// A turn shared by every process using one account (see [`Turn`]): this process' lock, then
/// a lease in Redis (`SET NX PX` with a token of its own), renewed every third of
/// [`RedisOptions::turn_lease`] while held and deleted (if still this holder's) on drop.
///
/// While Redis is down no turn is given (the call fails as not sent). A holder that cannot
/// renew (Redis lost mid-call) may see its lease lapse before its answer arrives; only then
/// can another process's nonce overtake its request.
pub struct RedisTurn {
    fleet: RedisFleet,
    key: String,
    local: Arc<tokio::sync::Mutex<()>>,
}

impl fmt::Debug for RedisTurn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisTurn")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// The Redis half of a held turn: renews it while alive, hands it on when released or
/// dropped.
struct HeldLease {
    fleet: RedisFleet,
    key: String,
    token: String,
    renewal: tokio::task::JoinHandle<()>,
    released: bool,
}

impl HeldLease {
    /// Deletes the lease if it is still this holder's.
    async fn hand_on(fleet: RedisFleet, key: String, token: String) {
        let mut release = scripts().turn_release.key(&key);
        release.arg(&token);
        // On failure the lease lapses by itself.
        let _: Result<u8, _> = fleet.run("redis turn", release).await;
    }
}

impl Handoff for HeldLease {
    fn release(mut self: Box<Self>) -> BoxFuture<'static, ()> {
        self.renewal.abort();
        self.released = true;
        let (fleet, key, token) = (self.fleet.clone(), self.key.clone(), self.token.clone());
        Box::pin(HeldLease::hand_on(fleet, key, token))
    }
}

impl Drop for HeldLease {
    fn drop(&mut self) {
        if self.released {
            return;
        }
        self.renewal.abort();
        let (fleet, key, token) = (self.fleet.clone(), self.key.clone(), self.token.clone());
        // Outside a runtime the lease simply lapses.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(HeldLease::hand_on(fleet, key, token));
        }
    }
}

impl RedisTurn {
    async fn take(&self, token: &str, lease_ms: u64) -> Result<bool, StoreError> {
        let mut take = scripts().turn_take.key(&self.key);
        take.arg(token).arg(lease_ms);
        let taken: u8 = self.fleet.run("redis turn", take).await?;
        Ok(taken == 1)
    }
}

impl Turn for RedisTurn {
    fn lock(&self) -> BoxFuture<'_, Result<TurnGuard, StoreError>> {
        Box::pin(async move {
            let local = self.local.clone().lock_owned().await;
            let lease = self.fleet.options.turn_lease.max(Duration::from_millis(30));
            let lease_ms = u64::try_from(lease.as_millis()).unwrap_or(u64::MAX);
            let random = std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish();
            let token = format!("{}-{random:016x}", std::process::id());
            let mut pause = Duration::from_millis(1);
            while !self.take(&token, lease_ms).await? {
                tokio::time::sleep(spread(pause)).await;
                pause = (pause * 2).min(Duration::from_millis(4));
            }
            let (fleet, key, renew_token) = (self.fleet.clone(), self.key.clone(), token.clone());
            let renewal = tokio::spawn(async move {
                loop {
                    tokio::time::sleep(lease / 3).await;
                    let mut renew = scripts().turn_renew.key(&key);
                    renew.arg(&renew_token).arg(lease_ms);
                    match fleet.run::<u8>("redis turn", renew).await {
                        Ok(1) => {}
                        // Lost (lapsed) or Redis unreachable: a later renewal cannot help
                        // once the lease has lapsed; keep trying while it may not have.
                        Ok(_) => return,
                        Err(e) => tracing::warn!(error = %e, "could not renew the turn"),
                    }
                }
            });
            let held = HeldLease {
                fleet: self.fleet.clone(),
                key: self.key.clone(),
                token,
                renewal,
                released: false,
            };
            Ok(TurnGuard::held(local, Some(Box::new(held))))
        })
    }
}
