//! Settings of `callstat report` (and of each `callstat run` report).

use chrono_tz::Tz;

use super::common::Common;
use super::emit::OutputSettings;
use super::load::LoadSettings;
use crate::cli::ReportArgs;
use crate::error::Result;
use crate::metrics::preset::Preset;
use crate::metrics::select::{Direction, Selection, instances};
use crate::metrics::{Instance, Rules};
use crate::report::compute::Grouping;
use crate::values::{Attribution, Dim, Dims, Interval};

/// Settings of `callstat report`.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub load: LoadSettings,
    pub dims: Vec<Dim>,
    /// Input columns used as keys or as the FCR key, by `Dim::Extra` index.
    pub extra_names: Vec<String>,
    pub interval: Interval,
    pub rules: Rules,
    pub attribution: Attribution,
    pub preset: Option<Preset>,
    /// The metric columns, in order.
    pub metrics: Vec<Instance>,
    pub tz: Tz,
    pub out: OutputSettings,
    /// `--fill`: rows for empty time buckets.
    pub fill: bool,
    /// Per-queue targets for `METRIC<target` rules.
    pub targets: crate::report::check::Targets,
}

/// The outbound metric set of `--direction outbound` and `--by direction`.
const OUTBOUND: [&str; 4] = ["outbound_attempts", "outbound_connected", "outbound_talk_s", "outbound_aht_s"];

impl ReportConfig {
    pub fn from_args(a: ReportArgs) -> Result<Self> {
        let common = Common::from_args(&a.zone, &a.window, &a.rules)?;
        let (tz, clock) = (common.tz, common.clock);
        let r = common.rules.clone();
        let mut rules = r.rules;
        let mut metrics = instances(&a.metrics, &rules);
        if a.metrics == Selection::default() {
            let outbound: Vec<Instance> = OUTBOUND
                .iter()
                .filter_map(|id| crate::metrics::find(id))
                .map(|def| Instance {
                    def,
                    id: def.id.to_string(),
                    label: def.label.to_string(),
                    formula: (def.formula)(&rules),
                })
                .collect();
            if a.direction == Direction::Outbound {
                metrics = outbound;
            } else if a.by.0.contains(&Dim::Direction) {
                metrics.extend(outbound);
            }
        }
        let out =
            OutputSettings::from_args(&a.out, &a.report_out, clock, tz, a.by.to_string().replace(',', "-"))?;
        // Metrics named by --columns or --fail-if are computed even when the
        // selection leaves them out (opt-in metrics such as asa_p90_s).
        let named = out
            .columns
            .iter()
            .flatten()
            .copied()
            .chain(out.fail_if.iter().map(|r| r.metric.id))
            .chain(out.sort.iter().filter_map(|s| crate::metrics::find(&s.id)).map(|m| m.id));
        for id in named.collect::<Vec<_>>() {
            if !metrics.iter().any(|m| m.id == id)
                && let Some(def) = crate::metrics::find(id)
            {
                metrics.push(Instance {
                    def,
                    id: def.id.to_string(),
                    label: def.label.to_string(),
                    formula: (def.formula)(&rules),
                });
            }
        }
        if out.compare.is_some()
            && let Some(d) =
                a.by.0.iter().find(|d| matches!(d, Dim::Interval | Dim::Day | Dim::Week | Dim::Month))
        {
            return Err(crate::error::Error::Usage(format!(
                "--compare matches rows by their keys, and --by {} differs between the windows; use queue, agent, hour-of-day, weekday or an input column",
                d.flag_name()
            )));
        }
        let mut extra_names = a.by.1.clone();
        if let Some(key) = common.fcr_column(&a.rules)? {
            let k = match extra_names.iter().position(|e| e.eq_ignore_ascii_case(&key)) {
                Some(k) => k,
                None => {
                    extra_names.push(key.clone());
                    extra_names.len() - 1
                }
            };
            rules.fcr_key = Some(k);
        }
        let mut load = common.load(&a.input, &a.reject, a.out.quiet)?;
        load.input.extra = extra_names.clone();
        Ok(ReportConfig {
            load,
            extra_names,
            dims: a.by.0,
            interval: r.interval,
            rules,
            attribution: r.attribution,
            preset: r.preset,
            metrics,
            tz,
            out,
            fill: a.fill.fill,
            targets: targets(&common, a.report_out.sl_target)?,
        })
    }

    pub fn grouping(&self) -> Grouping {
        Grouping { dims: self.dims.clone(), interval_s: (self.interval.0).0 }
    }

    /// The `--by` text of the report's settings.
    pub fn by(&self) -> String {
        Dims(self.dims.clone(), self.extra_names.clone()).to_string()
    }
}

/// The settings file's per-queue targets; `sl_target` for queues without one.
fn targets(common: &Common, sl_target: f64) -> Result<crate::report::check::Targets> {
    let mut t = crate::report::check::Targets { default_sl: sl_target, ..Default::default() };
    if let Some(f) = &common.layers.file {
        for (q, qs) in &f.queues {
            if let Some(v) = &qs.target {
                let v = f.parse::<crate::cli::Target>(&format!("queues.{q}.target"), v)?;
                t.service_level.insert(q.clone(), v.share);
            }
            if let Some(v) = &qs.asa_target {
                let v = f.parse::<crate::values::Seconds>(&format!("queues.{q}.asa_target"), v)?;
                t.asa_s.insert(q.clone(), v.0 as f64);
            }
            if let Some(v) = &qs.abandon_target {
                t.abandon_rate.insert(
                    q.clone(),
                    f.parse::<crate::values::Share>(&format!("queues.{q}.abandon_target"), v)?.0,
                );
            }
        }
    }
    Ok(t)
}
