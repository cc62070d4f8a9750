//! `callstat inspect`: what callstat makes of the files before anyone
//! trusts a report: per file the format, delimiter, column plan and mapping
//! and its row counts; over all files the row accounting by reason, the
//! lines that are not calls, the arrival time span, the queues and agents,
//! and sample problem lines. Always exit 0 when the files could be read.

use std::collections::BTreeMap;
use std::io::Write;

use super::pipeline;
use crate::config::InspectConfig;
use crate::error::Result;
use crate::report::format::count;
use crate::schema::Reason;
use crate::schema::timestamp::format_in;

/// How many queues and agents are listed by name.
const LIST: usize = 20;

fn counted(map: &BTreeMap<&str, u64>) -> String {
    let mut v: Vec<(&&str, &u64)> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut s: Vec<String> =
        v.iter().take(LIST).map(|(k, n)| format!("{k} ({})", count(**n as i64))).collect();
    if v.len() > LIST {
        s.push(format!("... {} more", v.len() - LIST));
    }
    s.join(", ")
}

pub fn run(cfg: &InspectConfig, out: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let pipeline::Loaded { calls, accounting: a, sources: infos } = pipeline::load(&cfg.load, stderr)?;
    let tz = cfg.load.tz;
    for i in &infos {
        writeln!(out, "{}", i.name)?;
        writeln!(out, "  {:<12} {}", "format", i.format.name())?;
        for (k, v) in &i.details {
            writeln!(out, "  {k:<12} {v}")?;
        }
        let n = |v: u64| count(v as i64);
        writeln!(
            out,
            "  {:<12} {} read, {} accepted, {} left out",
            "rows",
            n(i.read),
            n(i.accepted),
            n(i.rejected)
        )?;
    }
    let m = &cfg.load.input.mapping;
    writeln!(out, "all inputs")?;
    if let Some(f) = &m.file {
        writeln!(out, "  {:<12} {f}", "mapping")?;
    }
    if !m.columns.is_empty() {
        let pairs: Vec<String> = m.columns.iter().map(|(t, h)| format!("{}={h}", t.name())).collect();
        writeln!(out, "  {:<12} {}", "mapped", pairs.join(", "))?;
    }
    let zone = m.tz.unwrap_or(cfg.load.input.input_tz);
    writeln!(out, "  {:<12} {} (times without an offset)", "input zone", zone.name())?;
    writeln!(
        out,
        "  {:<12} {} read, {} accepted ({} outbound), {} invalid, {} duplicate",
        "rows",
        count(a.read as i64),
        count(a.accepted as i64),
        count(a.outbound as i64),
        count(a.invalid_total() as i64),
        count(a.duplicates as i64)
    )?;
    for (r, n) in &a.invalid {
        writeln!(out, "  {:<12} {:<22} {}", "", r.code(), count(*n as i64))?;
    }
    if a.duplicates > 0 {
        writeln!(out, "  {:<12} {:<22} {}", "", Reason::Duplicate.code(), count(a.duplicates as i64))?;
    }
    if !a.not_calls.is_empty() {
        let parts: Vec<String> = a.not_calls.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        writeln!(out, "  {:<12} {}", "not calls", parts.join(", "))?;
    }
    if let (Some(lo), Some(hi)) = (calls.arrived.iter().min(), calls.arrived.iter().max()) {
        writeln!(
            out,
            "  {:<12} {} .. {} (arrived_at, shown in {})",
            "time span",
            format_in(*lo, tz),
            format_in(*hi, tz),
            tz.name()
        )?;
    }
    let mut queues: BTreeMap<&str, u64> = BTreeMap::new();
    let mut agents: BTreeMap<&str, u64> = BTreeMap::new();
    for (i, q) in calls.queue.iter().enumerate() {
        *queues.entry(calls.name(*q)).or_default() += 1;
        if let Some(ag) = calls.text(calls.agent.get(i)) {
            *agents.entry(ag).or_default() += 1;
        }
    }
    writeln!(out, "  {:<12} {}: {}", "queues", count(queues.len() as i64), counted(&queues))?;
    writeln!(out, "  {:<12} {}: {}", "agents", count(agents.len() as i64), counted(&agents))?;
    if !a.examples.is_empty() {
        writeln!(out, "problems (first {} per reason)", crate::dataset::EXAMPLES_PER_REASON)?;
        for e in &a.examples {
            writeln!(out, "  {}: {}: {}", e.location, e.reason.code(), e.message)?;
        }
    }
    Ok(())
}
