//! `Fold`: where a streaming read puts each accepted call. It numbers the
//! call's names and adds the call to
//! every report's `Partial` (inside the report's window) and to the FCR
//! logs; `finish` adds the FCR figures and turns the partials into
//! `Computed` results.

use crate::dataset::Months;
use crate::engine::ReportSpec;
use crate::engine::contacts::{Log, NOT_COUNTED};
use crate::engine::partial::Partial;
use crate::interned::Names;
use crate::report::compute::{Computed, Folder, One, Resolved, distinct, is_fcr, names_of_rules};
use crate::schema::Call;
use crate::window::Window;

/// One report being folded.
struct Report {
    folder: Folder,
    part: Partial,
    window: Window,
    /// Accepted calls outside the window.
    outside: u64,
    /// The latest inbound arrival inside the window (FCR censoring).
    last_inbound: Option<i64>,
    /// The FCR log it counts in and its column there, if it has FCR aggs.
    log: Option<(usize, usize)>,
}

/// The running state of a streaming read (see the module doc).
pub struct Fold {
    names: Names,
    months: Months,
    /// Whether any report needs the caller (its FCR key).
    callers: bool,
    reports: Vec<Report>,
    logs: Vec<Log>,
    /// The extra values of the call being folded, and each report's
    /// accumulator for it.
    extra: Vec<Option<u32>>,
    accs: Vec<Option<usize>>,
}

impl Fold {
    /// A fold for these reports over inputs with `n_extra` extra columns.
    pub fn new(specs: &[ReportSpec], n_extra: usize) -> Fold {
        let mut names = Names::default();
        for s in specs {
            for n in names_of_rules(&s.rules) {
                names.id(&n);
            }
        }
        let none = names.get(crate::report::compute::NONE);
        let mut logs: Vec<Log> = Vec::new();
        let mut callers = false;
        let reports = specs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let aggs = distinct(&s.aggs);
                let log = aggs.iter().any(|a| is_fcr(*a)).then(|| {
                    callers |= s.rules.fcr_key.is_none();
                    let at = match logs.iter().position(|l| l.fits(&s.rules, &s.window)) {
                        Some(at) => at,
                        None => {
                            logs.push(Log::new(s.window, s.rules.fcr_key, s.rules.fcr_scope));
                            logs.len() - 1
                        }
                    };
                    (at, logs[at].join(i))
                });
                let res = Resolved::new(&names, &s.rules, None);
                Report {
                    folder: Folder::new(&s.grouping, &s.rules, &aggs, res, none),
                    part: Partial::new(s.grouping.dims.len(), &aggs),
                    window: s.window,
                    outside: 0,
                    last_inbound: None,
                    log,
                }
            })
            .collect();
        Fold {
            names,
            months: Months::default(),
            callers,
            reports,
            logs,
            extra: vec![None; n_extra],
            accs: vec![None; specs.len()],
        }
    }

    /// Makes room for about this many more calls (reserved memory that is
    /// not written stays out of the resident set).
    pub fn reserve(&mut self, n: usize) {
        for log in &mut self.logs {
            log.reserve(n);
        }
    }

    /// Adds one accepted call: `attr` places it in intervals and days
    /// (UTC), `local` is `attr` in the report zone; `extra`: its extra
    /// column values.
    pub fn keep(&mut self, call: &Call<'_>, attr: i64, local: i64, extra: &[Option<&str>]) {
        let names = &mut self.names;
        for (slot, v) in self.extra.iter_mut().zip(extra) {
            *slot = v.map(|v| names.id(v));
        }
        let disposition = call.disposition.map(|d| {
            if d.bytes().any(|b| b.is_ascii_uppercase()) {
                names.id(&d.to_ascii_lowercase())
            } else {
                names.id(d)
            }
        });
        let one = One {
            queue: names.id(call.queue),
            agent: call.agent.map(|a| names.id(a)),
            caller: call.caller.filter(|_| self.callers).map(|a| names.id(a)),
            outbound: call.outbound,
            arrived: call.arrived,
            attr,
            attr_local: local,
            attr_month: self.months.of(local),
            answered: call.answered,
            ended: call.ended,
            hold_s: call.hold_s,
            acw_s: call.acw_s,
            transferred: call.transferred,
            csat: call.csat,
            disposition,
            channel: call.channel.map(|a| names.id(a)),
            extra: &self.extra,
        };
        for (rep, acc) in self.reports.iter_mut().zip(self.accs.iter_mut()) {
            *acc = None;
            if !rep.window.contains(one.arrived) {
                rep.outside += 1;
                continue;
            }
            if !one.outbound {
                rep.last_inbound = Some(rep.last_inbound.map_or(one.arrived, |t| t.max(one.arrived)));
            }
            *acc = rep.folder.fold(&mut rep.part, &one, None);
        }
        if one.outbound {
            return;
        }
        for log in &mut self.logs {
            if !log.window.contains(one.arrived) {
                continue;
            }
            let key = match log.key_column {
                None => one.caller,
                Some(k) => one.extra.get(k).copied().flatten(),
            };
            let Some(key) = key else { continue };
            let accs = &self.accs;
            let answered = one.answered.is_some();
            log.push(key, one.arrived, one.queue, |report| match accs[report] {
                Some(acc) if answered => acc as u32,
                _ => NOT_COUNTED,
            });
        }
    }

    /// Adds the FCR figures and returns every report's result, in order.
    /// Reports of one log with the same gap and window share their repeats.
    pub fn finish(self) -> Vec<Computed> {
        let Fold { names, reports, logs, .. } = self;
        let mut repeats: Vec<((usize, i64, i64), Vec<bool>)> = Vec::new();
        reports
            .into_iter()
            .map(|mut rep| {
                if let Some((l, m)) = rep.log {
                    let (r, aggs) = (&rep.folder.r, &rep.folder.aggs);
                    let key = (l, r.fcr_min_gap_s, r.fcr_window_s);
                    let none = Vec::new();
                    let found = if aggs.contains(&crate::metrics::Agg::FcrResolved) {
                        let at = match repeats.iter().position(|(k, _)| *k == key) {
                            Some(at) => at,
                            None => {
                                repeats.push((key, logs[l].repeats(r, names.len())));
                                repeats.len() - 1
                            }
                        };
                        &repeats[at].1
                    } else {
                        &none
                    };
                    logs[l].add_fcr(m, &mut rep.part, aggs, r, rep.last_inbound, found);
                }
                let mut c = rep.folder.computed(rep.part, &names);
                c.outside = rep.outside;
                c
            })
            .collect()
    }
}
