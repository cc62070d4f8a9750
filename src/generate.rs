//! Synthetic CDR generation (`callstat generate`): owns the deterministic PRNG
//! ([`Rng`]), the traffic model (daily/weekly arrival profile in local time,
//! queue sizes and agent pools, load-dependent waits, patience-based
//! abandonment, talk/hold/ACW, transfers, CSAT, repeat callers, outbound calls),
//! the injection of deliberately invalid rows (`dirty`), and the CSV output in
//! the canonical 12-column schema ([`HEADER`]).
//!
//! Output is a pure function of [`GenSpec`]: same spec, same bytes. The only
//! caveat is that `ln`/`exp`/`powf`/`cos` come from the platform's libm, so a
//! libm that rounds differently could, very rarely, move a value by a second.

use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;
use std::io;

/// Column names of the canonical schema, in output order.
#[rustfmt::skip]
pub const HEADER: [&str; 12] = [
    "call_id", "queue", "agent", "caller", "direction", "arrived_at", "answered_at", "ended_at",
    "hold_s", "acw_s", "transferred", "csat",
];

/// What to generate. `days == 0` is treated as 1; `dirty` is clamped to 0..=1.
#[derive(Debug, Clone)]
pub struct GenSpec {
    pub rows: u64,
    pub days: u32,
    pub seed: u64,
    /// First day, a local date in `tz`.
    pub start: NaiveDate,
    pub tz: Tz,
    /// Fraction of rows replaced by invalid rows: exactly floor(rows * dirty),
    /// evenly spread, cycling through [`DIRTY_KINDS`]. The other rows are
    /// identical to those generated with `dirty = 0.0`.
    pub dirty: f64,
}

/// One generated CDR, already formatted as CSV field text, in [`HEADER`] order.
/// `short` is set only on the `wrong_field_count` dirty row, whose record is
/// then the first [`SHORT_WIDTH`] fields: always write [`GenRow::record`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenRow {
    pub fields: [String; 12],
    pub short: bool,
}

/// Number of fields written for the `wrong_field_count` row.
pub const SHORT_WIDTH: usize = 9;

impl GenRow {
    /// The fields to write: all 12, or the first [`SHORT_WIDTH`] when `short`.
    pub fn record(&self) -> &[String] {
        &self.fields[..if self.short { SHORT_WIDTH } else { 12 }]
    }
}

/// The kinds of invalid rows, injected in this order, cycling. Each is built
/// from an answered inbound call and has exactly one fault; `duplicate_row` is
/// an exact copy of the most recent clean row.
#[rustfmt::skip]
pub const DIRTY_KINDS: [&str; 12] = [
    "empty_call_id", "empty_queue", "bad_direction", "bad_arrived_at", "ended_before_arrived",
    "answered_after_ended", "negative_hold", "bad_acw", "bad_transferred", "bad_csat",
    "duplicate_row", "wrong_field_count",
];

/// Deterministic PRNG: xoshiro256** seeded through SplitMix64. Never changes.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform integer in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f64()).ln()
    }
    /// Box-Muller (one output per call, no cached second value).
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
    /// Lognormal with the given median and log-space standard deviation.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * self.normal(0.0, sigma).exp()
    }
    /// Knuth's method below lambda 30, rounded normal approximation above.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda >= 30.0 {
            return self.normal(lambda, lambda.sqrt()).round().max(0.0) as u64;
        }
        let limit = (-lambda).exp();
        let (mut k, mut p) = (0, self.f64());
        while p > limit {
            k += 1;
            p *= self.f64();
        }
        k
    }
}

struct Queue {
    name: &'static str,
    share: u64,
    /// Inclusive agent number range; neighbouring queues overlap.
    agents: (u64, u64),
    congestion: f64,
    patience_s: f64,
    talk_median_s: f64,
}

#[rustfmt::skip]
const QUEUES: [Queue; 5] = [
    Queue { name: "sales", share: 40, agents: (1, 24), congestion: 0.9, patience_s: 600.0, talk_median_s: 210.0 },
    Queue { name: "support", share: 30, agents: (21, 42), congestion: 1.1, patience_s: 600.0, talk_median_s: 260.0 },
    Queue { name: "billing", share: 15, agents: (40, 49), congestion: 0.8, patience_s: 540.0, talk_median_s: 180.0 },
    Queue { name: "retention", share: 10, agents: (48, 55), congestion: 0.6, patience_s: 720.0, talk_median_s: 300.0 },
    Queue { name: "vip", share: 5, agents: (55, 58), congestion: 0.3, patience_s: 900.0, talk_median_s: 240.0 },
];

/// Relative call volume per local hour (open ~07-20, peaks 10:00 and 14:00).
const HOUR_W: [u64; 24] =
    [1, 1, 1, 1, 1, 1, 3, 35, 70, 100, 115, 105, 75, 90, 100, 90, 80, 65, 45, 30, 6, 3, 2, 1];
/// Relative call volume per weekday, Monday first.
const DAY_W: [u64; 7] = [115, 105, 100, 100, 95, 35, 15];
const MAX_W: f64 = 115.0 * 115.0;

/// (country code, area codes, subscriber digits, weight in %).
const PHONE_PLANS: [(u64, &[u64], u32, u64); 6] = [
    (49, &[30, 40, 89, 69, 221, 711, 211, 351, 341, 511], 7, 72),
    (43, &[1, 316, 512, 662], 7, 10),
    (41, &[44, 22, 31, 61], 7, 8),
    (44, &[20, 161, 121], 8, 5),
    (33, &[1, 4, 6], 8, 3),
    (1, &[212, 415, 312], 7, 2),
];

const WITHHELD_P: f64 = 0.03;
const OUTBOUND_P: f64 = 0.02;
const REPEAT_P: f64 = 0.17;
const SHORT_ABANDON_P: f64 = 0.03;
const CSAT_P: f64 = 0.17;
const HISTORY_CAP: usize = 1 << 20;

/// One local hour: `local` is the local wall time at hh:00 as if it were UTC
/// epoch seconds; `fast` is the UTC offset valid for the whole hour, if one is.
struct Slot {
    local: i64,
    fast: Option<i64>,
    weight: u64,
    count: u64,
}

/// A generated contact before formatting; `answer` is None when abandoned.
#[derive(Debug, Clone, Copy)]
struct Call {
    id: u64,
    queue: usize,
    caller: Option<u64>,
    outbound: bool,
    arrived: i64,
    ended: i64,
    answer: Option<Answer>,
}

#[derive(Debug, Clone, Copy)]
struct Answer {
    at: i64,
    agent: u64,
    hold: Option<u64>,
    acw: u64,
    transferred: bool,
    csat: Option<u64>,
}

/// Ring buffer of recent (arrival, caller) pairs in arrival order.
#[derive(Default)]
struct History {
    buf: Vec<(i64, u64)>,
    head: usize,
}

impl History {
    fn push(&mut self, t: i64, caller: u64) {
        if self.buf.len() < HISTORY_CAP {
            self.buf.push((t, caller));
        } else {
            self.buf[self.head] = (t, caller);
            self.head = (self.head + 1) % HISTORY_CAP;
        }
    }
    fn get(&self, i: usize) -> (i64, u64) {
        self.buf[(self.head + i) % self.buf.len()]
    }
    /// The first caller at or after `target` (else the latest one); a random
    /// old one when `target` predates the ring.
    fn near(&self, target: i64, rng: &mut Rng) -> u64 {
        let random_old = self.get(rng.below(self.buf.len().div_ceil(4) as u64) as usize);
        if self.get(0).0 > target {
            return random_old.1;
        }
        let (newer, older) = self.buf.split_at(self.head); // logical order: older, newer
        let i = older.partition_point(|e| e.0 < target);
        let j = newer.partition_point(|e| e.0 < target);
        let hit = older.get(i).or(newer.get(j));
        hit.map_or(self.get(self.buf.len() - 1).1, |e| e.1)
    }
}

/// Iterator over the generated rows; yields exactly `spec.rows` rows.
/// [`Generator::next_into`] is the allocation-free variant of `next`.
pub struct Generator {
    rows: u64,
    dirty: f64,
    tz: Tz,
    rng: Rng,
    slots: Vec<Slot>,
    slot: usize,
    left: u64,
    pos: f64,
    emitted: u64,
    history: History,
    last_clean: Option<Call>,
    stamp: Stamp,
}

impl Generator {
    pub fn new(spec: &GenSpec) -> Generator {
        let slots = build_slots(spec);
        Generator {
            rows: spec.rows,
            dirty: spec.dirty.clamp(0.0, 1.0), // NaN: never dirty
            tz: spec.tz,
            rng: Rng::new(spec.seed),
            left: slots.first().map_or(0, |s| s.count),
            slots,
            slot: 0,
            pos: 0.0,
            emitted: 0,
            history: History::default(),
            last_clean: None,
            stamp: Stamp::new(),
        }
    }

    /// Fills `row` (reusing its buffers) with the next row; false when done.
    /// Row i is dirty when floor((i+1)*dirty) > floor(i*dirty): exactly
    /// floor(rows*dirty) dirty rows, evenly spread.
    pub fn next_into(&mut self, row: &mut GenRow) -> bool {
        if self.emitted >= self.rows {
            return false;
        }
        let i = self.emitted;
        let before = (i as f64 * self.dirty).floor() as u64;
        let dirty = ((i + 1) as f64 * self.dirty).floor() as u64 > before;
        let arrived = self.next_arrival();
        let call = self.draw_call(i + 1, arrived, dirty);
        if dirty {
            let kind = DIRTY_KINDS[(before % 12) as usize];
            let dup = kind == "duplicate_row";
            let base = if dup { self.last_clean.unwrap_or(call) } else { call };
            format_call(&base, row, &mut self.stamp);
            corrupt(kind, &base, row, &mut self.stamp);
        } else {
            format_call(&call, row, &mut self.stamp);
            self.last_clean = Some(call);
        }
        self.emitted += 1;
        true
    }

    /// Next arrival (UTC epoch s): sorted uniform instants within each hour slot
    /// (the minimum of the `left` uniforms still to place in the slot).
    fn next_arrival(&mut self) -> i64 {
        while self.left == 0 {
            self.slot += 1;
            self.left = self.slots[self.slot].count;
            self.pos = 0.0;
        }
        let v = 1.0 - self.rng.f64();
        self.pos += (1.0 - self.pos) * (1.0 - v.powf(1.0 / self.left as f64));
        self.left -= 1;
        let slot = &self.slots[self.slot];
        let local = slot.local + ((self.pos * 3600.0) as i64).min(3599);
        match slot.fast {
            Some(off) => local - off,
            None => resolve_slow(self.tz, local),
        }
    }

    /// Draws one contact. The same draws happen whatever the outcome, so the
    /// random stream (and thus every clean row) does not depend on `dirty`.
    /// `force` (dirty rows) makes the call an answered inbound one.
    fn draw_call(&mut self, id: u64, arrived: i64, force: bool) -> Call {
        let load = self.slots[self.slot].weight as f64 / MAX_W;
        let queue = pick_weighted(self.rng.below(100), QUEUES.iter().map(|q| q.share));
        let q = &QUEUES[queue];
        let drawn_outbound = self.rng.bernoulli(OUTBOUND_P);
        let withheld = self.rng.bernoulli(WITHHELD_P) && !drawn_outbound;
        let caller = self.pick_caller(arrived, drawn_outbound, withheld);
        let outbound = drawn_outbound && !force;
        let rng = &mut self.rng;
        let wait = draw_wait(rng, load * q.congestion);
        let patience = match rng.bernoulli(SHORT_ABANDON_P) {
            true => rng.uniform(0.0, 5.0),
            false => rng.exponential(q.patience_s),
        };
        let ring = rng.uniform(5.0, 25.0);
        let agent = q.agents.0 + rng.below(q.agents.1 - q.agents.0 + 1);
        let talk_median = q.talk_median_s * if outbound { 0.7 } else { 1.0 };
        let talk = rng.lognormal(talk_median, 0.72).clamp(10.0, 2400.0).round();
        let hold = draw_hold(rng, talk);
        let acw = rng.lognormal(25.0, 0.55).clamp(0.0, 600.0).round() as u64;
        let transferred = rng.f64() < if outbound { 0.02 } else { 0.08 };
        let csat = draw_csat(rng, wait > 120.0 || transferred).filter(|_| !outbound);
        let answered = outbound || force || patience >= wait;
        let at = arrived + if outbound { ring } else { wait }.round() as i64;
        let answer = answered.then_some(Answer { at, agent, hold, acw, transferred, csat });
        let ended = if answered { at + talk as i64 } else { arrived + patience as i64 };
        Call { id, queue, caller, outbound, arrived, ended, answer }
    }

    /// New number, or (repeat callers, outbound call-backs) one from history;
    /// None when withheld (withheld callers are not remembered).
    fn pick_caller(&mut self, now: i64, outbound: bool, withheld: bool) -> Option<u64> {
        let rng = &mut self.rng;
        let repeat = rng.bernoulli(if outbound { 0.5 } else { REPEAT_P });
        let lag = match rng.below(100) {
            0..35 => rng.exponential(1200.0),
            35..70 => rng.exponential(3.0 * 3600.0),
            _ => rng.uniform(86_400.0, 6.0 * 86_400.0),
        };
        let fresh = new_number(rng);
        let number = match repeat && !self.history.buf.is_empty() {
            true => self.history.near(now - lag as i64, rng),
            false => fresh,
        };
        if withheld {
            return None;
        }
        self.history.push(now, number);
        Some(number)
    }
}

impl Iterator for Generator {
    type Item = GenRow;
    fn next(&mut self) -> Option<GenRow> {
        let mut row = GenRow::default();
        self.next_into(&mut row).then_some(row)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.rows - self.emitted).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

/// Writes the header and `spec.rows` rows; returns the number of rows written.
/// csv's own 256 KiB buffer does the buffering (no extra `BufWriter` needed);
/// `flexible` lets the short dirty row through.
pub fn write_csv<W: io::Write>(spec: &GenSpec, out: W) -> io::Result<u64> {
    let mut wtr = csv::WriterBuilder::new().flexible(true).buffer_capacity(1 << 18).from_writer(out);
    wtr.write_record(HEADER)?;
    let mut generator = Generator::new(spec);
    let mut row = GenRow::default();
    let mut n = 0;
    while generator.next_into(&mut row) {
        wtr.write_record(row.record())?;
        n += 1;
    }
    wtr.flush()?;
    Ok(n)
}

/// Hour slots over all days, with `spec.rows` spread over them by weight
/// (cumulative rounding: exact total). Hours wholly in a DST gap get weight 0.
fn build_slots(spec: &GenSpec) -> Vec<Slot> {
    let mut slots = Vec::new();
    for d in 0..spec.days.max(1) {
        let Some(date) = spec.start.checked_add_days(Days::new(d.into())) else {
            break;
        };
        let day_w = DAY_W[date.weekday().num_days_from_monday() as usize];
        let midnight = date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        for (h, hour_w) in HOUR_W.iter().enumerate() {
            let local = midnight + 3600 * h as i64;
            let a = pick_offset(spec.tz, local);
            let b = pick_offset(spec.tz, local + 3599);
            let weight = if a.or(b).is_some() { day_w * hour_w } else { 0 };
            let fast = if a == b { a } else { None };
            slots.push(Slot { local, fast, weight, count: 0 });
        }
    }
    let total: u128 = slots.iter().map(|s| s.weight as u128).sum();
    let mut cum = 0u128;
    let mut done = 0u64;
    for s in &mut slots {
        cum += s.weight as u128;
        let upto = (spec.rows as u128 * cum / total) as u64;
        s.count = upto - done;
        done = upto;
    }
    slots
}

/// UTC offset (s) for a local wall time; the earlier instant if ambiguous.
fn pick_offset(tz: Tz, local: i64) -> Option<i64> {
    let naive = DateTime::from_timestamp(local, 0)?.naive_utc();
    let secs = |o: &<Tz as TimeZone>::Offset| o.fix().local_minus_utc() as i64;
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) => Some(secs(&o)),
        LocalResult::Ambiguous(a, b) => Some(secs(&a).max(secs(&b))),
        LocalResult::None => None,
    }
}

/// Local wall time to UTC when the hour holds a transition; times in a DST
/// gap are moved forward minute by minute to the first one that exists.
fn resolve_slow(tz: Tz, local: i64) -> i64 {
    (0..2 * 1440)
        .find_map(|m| pick_offset(tz, local + 60 * m).map(|off| local + 60 * m - off))
        .unwrap_or(local)
}

/// Index of the bucket that `r` (uniform in 0..sum of weights) falls into.
fn pick_weighted(r: u64, weights: impl IntoIterator<Item = u64>) -> usize {
    let mut acc = 0;
    for (i, w) in weights.into_iter().enumerate() {
        acc += w;
        if r < acc {
            return i;
        }
    }
    0
}

/// Wait in s: mostly within 20 s, else a tail growing with congestion `c`.
fn draw_wait(rng: &mut Rng, c: f64) -> f64 {
    let c = c.clamp(0.0, 1.2);
    if rng.bernoulli(0.9 - 0.35 * c) {
        rng.uniform(0.0, 20.0)
    } else {
        (20.0 + rng.exponential(20.0 + 100.0 * c)).min(900.0)
    }
}

/// Hold: ~20% of calls have 1+ episodes (< 60% of talk); else 0 or empty.
fn draw_hold(rng: &mut Rng, talk: f64) -> Option<u64> {
    let on_hold = rng.bernoulli(0.2);
    let blank = rng.bernoulli(0.25);
    if !on_hold {
        return if blank { None } else { Some(0) };
    }
    let episodes = 1 + rng.poisson(0.4);
    let total: f64 = (0..episodes).map(|_| 3.0 + rng.exponential(40.0)).sum();
    Some(total.min(talk * 0.6).floor() as u64)
}

/// CSAT on ~17% of calls, skewed to 4-5; one point lower after a bad experience.
fn draw_csat(rng: &mut Rng, bad: bool) -> Option<u64> {
    let asked = rng.bernoulli(CSAT_P);
    let score = pick_weighted(rng.below(100), [6, 5, 11, 28, 50]) as u64 + 1;
    asked.then_some(if bad { score.max(2) - 1 } else { score })
}

/// A fresh E.164 number stored as its digits (e.g. 4930123456 for +4930123456).
fn new_number(rng: &mut Rng) -> u64 {
    let plan = pick_weighted(rng.below(100), PHONE_PLANS.iter().map(|p| p.3));
    let (cc, areas, digits, _) = PHONE_PLANS[plan];
    let area = areas[rng.below(areas.len() as u64) as usize];
    let scale = 10u64.pow(digits - 1);
    let subscriber = scale + rng.below(9 * scale);
    let area_scale = 10u64.pow(area.ilog10() + 1);
    (cc * area_scale + area) * scale * 10 + subscriber
}

fn format_call(c: &Call, row: &mut GenRow, ts: &mut Stamp) {
    row.short = false;
    let f = &mut row.fields;
    f.iter_mut().for_each(String::clear);
    f[0].push('C');
    push_uint(&mut f[0], c.id, 8);
    f[1].push_str(QUEUES[c.queue].name);
    if let Some(n) = c.caller {
        f[3].push('+');
        push_uint(&mut f[3], n, 1);
    }
    f[4].push_str(if c.outbound { "outbound" } else { "inbound" });
    ts.push(&mut f[5], c.arrived);
    ts.push(&mut f[7], c.ended);
    let Some(a) = c.answer else { return };
    f[2].push_str("ag");
    push_uint(&mut f[2], a.agent, 3);
    ts.push(&mut f[6], a.at);
    for (field, v) in [(8, a.hold), (9, Some(a.acw)), (11, a.csat)] {
        if let Some(v) = v {
            push_uint(&mut f[field], v, 1);
        }
    }
    f[10].push_str(if a.transferred { "true" } else { "false" });
}

/// Turns a freshly formatted answered inbound row into an invalid one.
fn corrupt(kind: &str, c: &Call, row: &mut GenRow, ts: &mut Stamp) {
    let f = &mut row.fields;
    let mut set = |i: usize, v: &str| {
        f[i].clear();
        f[i].push_str(v);
    };
    match kind {
        "empty_call_id" => set(0, ""),
        "empty_queue" => set(1, ""),
        "bad_direction" => set(4, "sideways"),
        "bad_arrived_at" => set(5, "yesterday"),
        "negative_hold" => set(8, "-5"),
        "bad_acw" => set(9, "abc"),
        "bad_transferred" => set(10, "maybe"),
        "bad_csat" => set(11, "7"),
        "ended_before_arrived" => {
            // Shaped like an abandoned call so that this is its only fault.
            [2, 6, 7, 8, 9, 10, 11].into_iter().for_each(|i| set(i, ""));
            ts.push(&mut f[7], c.arrived - 42);
        }
        "answered_after_ended" => {
            set(6, "");
            ts.push(&mut f[6], c.ended + 30);
        }
        "wrong_field_count" => row.short = true,
        _ => {} // duplicate_row: the clean copy as it is
    }
}

/// Appends `v` in decimal, zero-padded to at least `width` digits.
fn push_uint(s: &mut String, mut v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while v > 0 || buf.len() - i < width.max(1) {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    s.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

/// RFC 3339 UTC formatter (`2026-03-02T08:15:03Z`) caching the date part.
struct Stamp {
    day: i64,
    buf: [u8; 20],
}

impl Stamp {
    fn new() -> Stamp {
        Stamp { day: i64::MIN, buf: *b"0000-00-00T00:00:00Z" }
    }

    /// Appends epoch seconds `t` to `s`.
    fn push(&mut self, s: &mut String, t: i64) {
        let (day, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400) as u32);
        if day != self.day {
            let date = DateTime::from_timestamp(day * 86_400, 0).unwrap_or_default();
            self.day = day;
            put_digits(&mut self.buf[0..4], date.year() as u32);
            put_digits(&mut self.buf[5..7], date.month());
            put_digits(&mut self.buf[8..10], date.day());
        }
        put_digits(&mut self.buf[11..13], secs / 3600);
        put_digits(&mut self.buf[14..16], secs / 60 % 60);
        put_digits(&mut self.buf[17..19], secs % 60);
        s.push_str(std::str::from_utf8(&self.buf).expect("ASCII timestamp"));
    }
}

/// Writes the low `out.len()` decimal digits of `v`, zero-padded.
fn put_digits(out: &mut [u8], mut v: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    const PINNED_RNG: [u64; 3] = [11091344671253066420, 13793997310169335082, 1900383378846508768];
    use std::collections::{HashMap, HashSet};

    const PINNED_FNV: u64 = 13681603418187481818;

    fn spec(rows: u64, days: u32, seed: u64, dirty: f64) -> GenSpec {
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(); // a Monday
        GenSpec { rows, days, seed, start, tz: chrono_tz::Europe::Berlin, dirty }
    }

    fn csv_bytes(spec: &GenSpec) -> Vec<u8> {
        let mut out = Vec::new();
        assert_eq!(write_csv(spec, &mut out).unwrap(), spec.rows);
        out
    }

    fn records(spec: &GenSpec) -> Vec<csv::StringRecord> {
        let bytes = csv_bytes(spec);
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(&bytes[..]);
        assert_eq!(rdr.headers().unwrap(), &csv::StringRecord::from(HEADER.to_vec()));
        rdr.records().map(Result::unwrap).collect()
    }

    fn ts(s: &str) -> Option<i64> {
        let t = DateTime::parse_from_rfc3339(s).ok()?;
        (s.len() == 20 && s.ends_with('Z')).then_some(t.timestamp())
    }

    /// The faults of one row, named as in DIRTY_KINDS (duplicates are found apart).
    fn faults(r: &csv::StringRecord) -> Vec<&'static str> {
        if r.len() != 12 {
            return vec!["wrong_field_count"];
        }
        let mut out = Vec::new();
        let mut check = |ok: bool, name| (!ok).then(|| out.push(name));
        let (arr, ans, end) = (ts(&r[5]), ts(&r[6]), ts(&r[7]));
        let answered = !r[6].is_empty();
        let num = |i: usize| r[i].parse::<u64>().ok();
        check(r[0].len() == 9 && r[0].starts_with('C'), "empty_call_id");
        check(!r[1].is_empty(), "empty_queue");
        check(matches!(&r[4], "inbound" | "outbound"), "bad_direction");
        check(arr.is_some(), "bad_arrived_at");
        check(end.is_some() && ans.is_some() == answered, "bad_timestamp");
        let (a, e) = (arr.unwrap_or(i64::MIN), end.unwrap_or(i64::MAX));
        check(a <= e, "ended_before_arrived");
        check(ans.is_none_or(|x| x <= e), "answered_after_ended");
        check(ans.is_none_or(|x| a <= x), "answered_before_arrived");
        check(r[8].is_empty() || num(8).is_some(), "negative_hold");
        check(r[9].is_empty() != answered, "bad_acw");
        check(r[9].is_empty() || num(9).is_some(), "bad_acw");
        check(num(8).is_none_or(|h| ans.is_some_and(|x| x > e || (h as i64) < e - x)), "hold_too_long");
        let tr_ok = matches!((&r[10], answered), ("true" | "false", true) | ("", false));
        check(tr_ok, "bad_transferred");
        check(r[11].is_empty() || matches!(num(11), Some(1..=5)), "bad_csat");
        check(r[2].is_empty() != answered, "agent_mismatch");
        check(&r[4] != "outbound" || answered, "unanswered_outbound");
        let caller_ok = r[3].strip_prefix('+').is_some_and(|d| d.parse::<u64>().is_ok());
        check(r[3].is_empty() || caller_ok, "bad_caller");
        out
    }

    #[test]
    fn rng_and_timestamps_are_pinned() {
        let mut rng = Rng::new(0);
        assert_eq!(rng.s[0], 0xE220_A839_7B1D_CDAF); // SplitMix64(0) reference output
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(first, [PINNED_RNG[0], PINNED_RNG[1], PINNED_RNG[2]]);
        let mut stamp = Stamp::new();
        for _ in 0..10_000 {
            let t = rng.below(8_000_000_000) as i64 - 2_000_000_000;
            let mut s = String::new();
            stamp.push(&mut s, t); // new day
            stamp.push(&mut s, t + 1); // same day, usually
            let s = &s[20..];
            let want = DateTime::from_timestamp(t + 1, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ");
            assert_eq!(s, want.to_string());
        }
        let mut s = String::new();
        push_uint(&mut s, 42, 8);
        push_uint(&mut s, 0, 1);
        assert_eq!(s, "000000420");
    }

    #[test]
    fn deterministic_per_seed() {
        let a = csv_bytes(&spec(5000, 14, 7, 0.05));
        assert_eq!(a, csv_bytes(&spec(5000, 14, 7, 0.05)));
        assert_ne!(a, csv_bytes(&spec(5000, 14, 8, 0.05)));
        let fnv =
            a.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
        assert_eq!(fnv, PINNED_FNV, "output for a fixed spec changed");
    }

    #[test]
    fn exact_row_count() {
        for (rows, days) in [(0, 7), (1, 1), (7, 0), (100, 30), (12_345, 3)] {
            let s = spec(rows, days, 1, 0.0);
            assert_eq!(Generator::new(&s).count() as u64, rows);
            assert_eq!(Generator::new(&s).size_hint().0 as u64, rows);
            let lines = csv_bytes(&s).iter().filter(|&&b| b == b'\n').count();
            assert_eq!(lines as u64, rows + 1);
        }
    }

    #[test]
    fn clean_rows_are_valid_across_dst() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let zones = [
            (chrono_tz::Europe::Berlin, d(2026, 3, 23)),
            (chrono_tz::America::New_York, d(2026, 10, 26)),
            (chrono_tz::Australia::Lord_Howe, d(2026, 9, 30)), // 30-minute DST shift
            (chrono_tz::UTC, d(2026, 3, 2)),
        ];
        for (tz, start) in zones {
            let s = GenSpec { tz, start, ..spec(20_000, 14, 3, 0.0) };
            let recs = records(&s);
            let mut ids = HashSet::new();
            let mut last = i64::MIN;
            for r in &recs {
                assert_eq!(faults(r), Vec::<&str>::new(), "{tz}: {r:?}");
                assert!(ids.insert(r[0].to_string()), "duplicate id {}", &r[0]);
                let t = ts(&r[5]).unwrap();
                assert!(t >= last, "arrivals not sorted in {tz}");
                last = t;
            }
        }
    }

    #[test]
    fn dirty_rows_cover_every_kind() {
        let recs = records(&spec(2400, 7, 5, 0.1));
        let clean = records(&spec(2400, 7, 5, 0.0));
        let mut seen = HashSet::new();
        let mut kinds = HashMap::<&str, usize>::new();
        for (r, c) in recs.iter().zip(&clean) {
            let mut f = faults(r);
            if r.len() == 12 && !r[0].is_empty() && !seen.insert(r[0].to_string()) {
                f.push("duplicate_row");
            }
            assert!(f.len() <= 1, "{f:?} in {r:?}");
            match f.first() {
                Some(kind) => *kinds.entry(kind).or_default() += 1,
                None => assert_eq!(r, c, "clean rows must not depend on dirty"),
            }
        }
        assert_eq!(kinds.values().sum::<usize>(), 240);
        for kind in DIRTY_KINDS {
            assert_eq!(kinds.get(kind), Some(&20), "{kind}");
        }
    }

    #[test]
    fn realism() {
        let s = spec(100_000, 28, 11, 0.0);
        let recs = records(&s);
        let (mut inbound, mut abandoned, mut short_abandons, mut outbound) = (0, 0, 0, 0);
        let (mut answered, mut in_20s, mut csat, mut transferred) = (0, 0, 0, 0);
        let (mut weekday, mut weekend, mut night) = (0, 0, 0);
        let (mut with_caller, mut repeat_any, mut repeat_24h) = (0, 0, 0);
        let mut last_seen = HashMap::new();
        let mut talks = Vec::new();
        for r in &recs {
            let (arr, ans, end) = (ts(&r[5]).unwrap(), ts(&r[6]), ts(&r[7]).unwrap());
            let local = DateTime::from_timestamp(arr, 0).unwrap().with_timezone(&s.tz);
            let day = local.weekday().num_days_from_monday();
            *(if day < 5 { &mut weekday } else { &mut weekend }) += 1;
            night += usize::from(!(7..20).contains(&local.hour()));
            if &r[4] == "outbound" {
                outbound += 1;
            } else {
                inbound += 1;
                abandoned += usize::from(ans.is_none());
                short_abandons += usize::from(ans.is_none() && end - arr < 5);
                in_20s += usize::from(ans.is_some_and(|x| x - arr <= 20));
            }
            if let Some(x) = ans {
                answered += 1;
                talks.push(end - x);
                csat += usize::from(!r[11].is_empty());
                transferred += usize::from(&r[10] == "true");
            }
            if !r[3].is_empty() {
                with_caller += 1;
                if let Some(prev) = last_seen.insert(r[3].to_string(), arr) {
                    repeat_any += 1;
                    repeat_24h += usize::from(arr - prev <= 86_400);
                }
            }
        }
        talks.sort_unstable();
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b as f64;
        let fig = |name: &str, value: f64, lo: f64, hi: f64| {
            eprintln!("{name}: {value:.2}");
            assert!((lo..=hi).contains(&value), "{name} = {value} not in {lo}..={hi}");
        };
        let rows = recs.len();
        fig("abandon % of inbound", pct(abandoned, inbound), 2.0, 20.0);
        fig("short abandon (<5 s) %", pct(short_abandons, inbound), 1.0, 5.0);
        fig("answered within 20 s %", pct(in_20s, inbound), 50.0, 90.0);
        fig("outbound %", pct(outbound, rows), 1.5, 2.5);
        fig("withheld caller %", pct(rows - with_caller, rows), 2.0, 4.0);
        fig("repeat caller %", pct(repeat_any, with_caller), 12.0, 25.0);
        fig("repeat within 24 h %", pct(repeat_24h, with_caller), 5.0, 20.0);
        fig("csat % of answered", pct(csat, answered), 12.0, 22.0);
        fig("transferred % of answered", pct(transferred, answered), 6.0, 10.0);
        fig("night (20-07 local) %", pct(night, rows), 0.0, 5.0);
        fig("median talk s", talks[talks.len() / 2] as f64, 150.0, 270.0);
        fig("max talk s", talks[talks.len() - 1] as f64, 1200.0, 2400.0);
        let ratio = (weekday * 2) as f64 / (weekend * 5) as f64;
        fig("weekday/weekend calls per day", ratio, 2.0, 10.0);
    }

    #[test]
    fn history_ring_wraps() {
        let mut h = History::default();
        (0..HISTORY_CAP as i64 + 1000).for_each(|t| h.push(t, t as u64));
        let mut rng = Rng::new(1);
        assert_eq!(h.near(900_000, &mut rng), 900_000);
        assert_eq!(h.near(HISTORY_CAP as i64 + 500, &mut rng), HISTORY_CAP as u64 + 500);
        assert_eq!(h.near(i64::MAX, &mut rng), HISTORY_CAP as u64 + 999);
        let old = h.near(0, &mut rng);
        assert!((1000..1000 + HISTORY_CAP as u64 / 4 + 1).contains(&old));
    }
}
