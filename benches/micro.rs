//! Micro-benchmarks of the hot pieces of a report, without a framework:
//! each piece runs on fixed synthetic data (a seeded generator, so every
//! run measures the same work) for a number of rounds, and the median,
//! min and max time per round and per row are printed. Run with
//!
//!     cargo bench --bench micro
//!
//! (release profile). Figures from one run are in bench/RESULTS.md. The
//! whole-report comparison with DuckDB and polars is bench/run.sh.

use std::hint::black_box;
use std::time::{Duration, Instant};

use callstat::dataset::Calls;
use callstat::metrics::select::{Selection, instances};
use callstat::metrics::{Agg, Rules};
use callstat::report::compute::{Grouping, compute};
use callstat::report::fcr::repeats;
use callstat::schema::columns::N_COLS;
use callstat::schema::timestamp::{US, parse_in};
use callstat::schema::validate::validate;
use callstat::schema::{Call, Field, RawRow, TzRules};
use callstat::values::Dim;
use chrono_tz::Tz;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Runs `f` `rounds` times and prints the times per round and per row.
fn measure(name: &str, rows: usize, rounds: usize, mut f: impl FnMut()) {
    f(); // warm-up
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let per_row = median.as_nanos() as f64 / rows as f64;
    println!(
        "| {name} | {rows} | {:.2} | {:.2} | {:.2} | {per_row:.1} |",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}

const T0: i64 = 1_772_323_200; // 2026-03-01T00:00:00Z

fn timestamps(n: usize, rng: &mut Rng) -> Vec<String> {
    (0..n)
        .map(|_| {
            let t = T0 + rng.below(28 * 86_400) as i64;
            chrono::DateTime::from_timestamp(t, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string()
        })
        .collect()
}

/// `n` calls over 28 days: 6 queues, 60 agents, callers drawn from
/// `n / 2` numbers (so about half call again), 90% answered.
fn calls(n: usize, rng: &mut Rng) -> Calls {
    let queues = ["sales", "support", "billing", "retention", "tech", "vip"];
    let mut c = Calls::default();
    c.reserve(n);
    for i in 0..n {
        let arrived = (T0 + rng.below(28 * 86_400) as i64) * US;
        let wait = rng.below(120) as i64 * US;
        let answered = (rng.below(10) > 0).then_some(arrived + wait);
        let ended = answered.unwrap_or(arrived + wait) + rng.below(600) as i64 * US;
        let id = format!("C{i:09}");
        let caller = format!("+4930{:07}", rng.below(n as u64 / 2 + 1));
        let agent = format!("ag{:03}", rng.below(60));
        let call = Call {
            call_id: &id,
            queue: queues[rng.below(6) as usize],
            agent: answered.map(|_| agent.as_str()),
            caller: Some(&caller),
            outbound: false,
            arrived,
            answered,
            ended,
            hold_s: Some(0),
            acw_s: Some(rng.below(60) as i64),
            transferred: Some(rng.below(12) == 0),
            csat: (rng.below(5) == 0).then(|| 1 + rng.below(5) as i64),
            disposition: None,
            channel: None,
        };
        c.push(&call, arrived, arrived, &[]);
    }
    c
}

fn main() {
    let mut rng = Rng(42);
    println!("| piece | rows | median ms | min ms | max ms | ns per row |");
    println!("|---|---:|---:|---:|---:|---:|");

    let texts = timestamps(200_000, &mut rng);
    measure("timestamp parsing (RFC 3339, UTC)", texts.len(), 15, || {
        for t in &texts {
            black_box(parse_in(black_box(t), Tz::UTC).unwrap());
        }
    });

    let rules = TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) };
    let rows: Vec<[String; 4]> = (0..200_000)
        .map(|i| {
            let t = &texts[i];
            [format!("C{i:09}"), "sales".to_string(), t.clone(), t.clone()]
        })
        .collect();
    measure("row validation (typical row, 12 columns)", rows.len(), 15, || {
        for r in &rows {
            let mut f = [Field::Null; N_COLS];
            f[0] = Field::Text(&r[0]);
            f[1] = Field::Text(&r[1]);
            f[2] = Field::Text("ag001");
            f[3] = Field::Text("+49301234567");
            f[4] = Field::Text("inbound");
            f[5] = Field::Text(&r[2]);
            f[6] = Field::Text(&r[2]);
            f[7] = Field::Text(&r[3]);
            f[8] = Field::Text("0");
            f[9] = Field::Text("30");
            f[10] = Field::Text("false");
            f[11] = Field::Text("4");
            black_box(validate(black_box(&RawRow { fields: f }), rules).is_ok());
        }
    });

    let c = calls(1_000_000, &mut rng);
    let r = Rules::default();
    measure("FCR next-contact (24 h window)", c.len(), 9, || {
        black_box(repeats(&c, &r));
    });

    let aggs: Vec<Agg> = instances(&Selection::default(), &r).iter().flat_map(|i| i.formula.aggs()).collect();
    for (label, dims) in [
        ("group-by queue,interval (default metrics)", vec![Dim::Queue, Dim::Interval]),
        ("group-by agent (default metrics)", vec![Dim::Agent]),
    ] {
        let g = Grouping { dims, interval_s: 1800 };
        measure(label, c.len(), 9, || {
            black_box(compute(&c, &g, &r, &aggs).unwrap());
        });
    }
}
