//! Synthetic CDR generation (`callstat generate`): the rows of a spec, from
//! the deterministic PRNG (`rng`), the traffic model (`model`: (daily/weekly arrival profile in local time,
//! queue sizes and agent pools, load-dependent waits, patience-based
//! abandonment, talk/hold/ACW, transfers, CSAT, repeat callers, outbound calls),
//! the injection of deliberately invalid rows (`dirty`) and the CSV output in
//! the canonical 12-column schema (`format::COLUMNS`).
//!
//! Output is a pure function of [`GenSpec`]: same spec, same bytes. The only
//! caveat is that `ln`/`exp`/`powf`/`cos` come from the platform's libm, so a
//! libm that rounds differently could, very rarely, move a value by a second.

mod dirty;
mod format;
mod model;
mod rng;

use chrono::NaiveDate;
use chrono_tz::Tz;

pub use dirty::DEFECTS;
use dirty::corrupt;
pub use format::{COLUMNS, header, write_csv};
use format::{Stamp, format_call};
use model::*;
pub use rng::Rng;

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
    /// evenly spread, cycling through [`DEFECTS`]. The other rows are
    /// identical to those generated with `dirty = 0.0`.
    pub dirty: f64,
}

/// One generated CDR, already formatted as CSV field text, in [`COLUMNS`] order.
/// `short` is set only on the `field_count` dirty row, whose record is
/// then the first [`SHORT_WIDTH`] fields: always write [`GenRow::record`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenRow {
    pub fields: [String; 12],
    pub short: bool,
}

/// Number of fields written for the `field_count` row.
pub const SHORT_WIDTH: usize = 9;

impl GenRow {
    /// The fields to write: all 12, or the first [`SHORT_WIDTH`] when `short`.
    pub fn record(&self) -> &[String] {
        &self.fields[..if self.short { SHORT_WIDTH } else { 12 }]
    }
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
            let kind = DEFECTS[(before % 12) as usize];
            let dup = kind == crate::schema::Reason::Duplicate;
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

#[cfg(test)]
mod tests {
    use super::format::push_uint;
    use super::*;
    use chrono::Timelike;
    use chrono::{DateTime, Datelike};

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
        assert_eq!(rdr.headers().unwrap(), &csv::StringRecord::from(header().to_vec()));
        rdr.records().map(Result::unwrap).collect()
    }

    fn ts(s: &str) -> Option<i64> {
        let t = DateTime::parse_from_rfc3339(s).ok()?;
        (s.len() == 20 && s.ends_with('Z')).then_some(t.timestamp())
    }

    /// The faults of one row, named by the rejection reason codes where the
    /// validator has one (duplicates are found apart).
    fn faults(r: &csv::StringRecord) -> Vec<&'static str> {
        if r.len() != 12 {
            return vec!["field_count"];
        }
        let mut out = Vec::new();
        let mut check = |ok: bool, name| (!ok).then(|| out.push(name));
        let (arr, ans, end) = (ts(&r[5]), ts(&r[6]), ts(&r[7]));
        let answered = !r[6].is_empty();
        let num = |i: usize| r[i].parse::<u64>().ok();
        check(r[0].len() == 9 && r[0].starts_with('C'), "missing_call_id");
        check(!r[1].is_empty(), "missing_queue");
        check(matches!(&r[4], "inbound" | "outbound"), "bad_direction");
        check(arr.is_some(), "bad_arrived_at");
        check(end.is_some() && ans.is_some() == answered, "bad_timestamp");
        let (a, e) = (arr.unwrap_or(i64::MIN), end.unwrap_or(i64::MAX));
        check(a <= e, "ended_before_arrived");
        check(ans.is_none_or(|x| x <= e), "answered_out_of_range");
        check(ans.is_none_or(|x| a <= x), "answered_before_arrived");
        check(r[8].is_empty() || num(8).is_some(), "bad_hold_s");
        check(r[9].is_empty() != answered, "bad_acw_s");
        check(r[9].is_empty() || num(9).is_some(), "bad_acw_s");
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
                f.push("duplicate");
            }
            assert!(f.len() <= 1, "{f:?} in {r:?}");
            match f.first() {
                Some(kind) => *kinds.entry(kind).or_default() += 1,
                None => assert_eq!(r, c, "clean rows must not depend on dirty"),
            }
        }
        assert_eq!(kinds.values().sum::<usize>(), 240);
        for kind in DEFECTS {
            assert_eq!(kinds.get(kind.code()), Some(&20), "{kind:?}");
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
