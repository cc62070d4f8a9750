//! `Fold`: where a streaming read puts each accepted call. It numbers the
//! call's names and adds the call to
//! every report's `Partial` (inside the report's window) and to the FCR
//! logs; `finish` adds the FCR figures and turns the partials into
//! `Computed` results.

use crate::dataset::Months;
use crate::engine::ReportSpec;
use crate::engine::contacts::{Log, NOT_COUNTED};
use crate::interned::Names;
use crate::report::compute::{Computed, Folder, One, Resolved, distinct, is_fcr, names_of_rules};
use crate::report::partial::Partial;
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
    /// An earlier report with the same rules and aggs, whose values for a
    /// call are this report's too.
    twin: Option<usize>,
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
                let twin = specs[..i].iter().position(|t| t.rules == s.rules && distinct(&t.aggs) == aggs);
                Report {
                    folder: Folder::new(&s.grouping, &s.rules, &aggs, res, none),
                    part: Partial::new(s.grouping.dims.len(), &aggs),
                    window: s.window,
                    outside: 0,
                    last_inbound: None,
                    log,
                    twin,
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
    fn reserve_calls(&mut self, n: usize) {
        for log in &mut self.logs {
            log.reserve(n);
        }
        if self.callers {
            self.names.reserve(n);
        }
    }

    /// Adds one accepted call: `attr` places it in intervals and days
    /// (UTC), `local` is `attr` in the report zone; `extra`: its extra
    /// column values.
    fn keep_call(&mut self, call: &Call<'_>, attr: i64, local: i64, extra: &[Option<&str>]) {
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
        for i in 0..self.reports.len() {
            self.accs[i] = None;
            let (done, rest) = self.reports.split_at_mut(i);
            let rep = &mut rest[0];
            if !rep.window.contains(one.arrived) {
                rep.outside += 1;
                continue;
            }
            if !one.outbound {
                rep.last_inbound = Some(rep.last_inbound.map_or(one.arrived, |t| t.max(one.arrived)));
            }
            // The twin's values are this call's if the twin folded it.
            self.accs[i] = match rep.twin.filter(|&t| self.accs[t].is_some()) {
                Some(t) => rep.folder.fold_with(&mut rep.part, &one, done[t].folder.values()),
                None => rep.folder.fold(&mut rep.part, &one, None),
            };
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

    /// Adds the FCR figures and returns every report's result, in order;
    /// FCR repeats are found on this many threads (the result is the same
    /// for any number). Reports of one log with the same gap and window
    /// share their repeats.
    pub fn finish(self, threads: usize) -> Vec<Computed> {
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
                                repeats.push((key, logs[l].repeats(r, names.len(), threads)));
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

impl crate::dataset::CallSink for Fold {
    fn reserve(&mut self, n: usize) {
        self.reserve_calls(n);
    }

    fn keep(&mut self, call: &Call<'_>, attr: i64, local: i64, extra: &[Option<&str>]) {
        self.keep_call(call, attr, local, extra);
    }

    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Agg, Rules};
    use crate::report::compute::Grouping;
    use crate::schema::timestamp::US;
    use crate::values::Dim;

    fn call<'a>(id: &'a str, queue: &'a str, caller: &'a str, arrived_h: i64) -> Call<'a> {
        let arrived = arrived_h * 3600 * US;
        Call {
            call_id: id,
            queue,
            agent: Some("a"),
            caller: Some(caller),
            outbound: false,
            arrived,
            answered: Some(arrived + 10 * US),
            ended: arrived + 70 * US,
            hold_s: None,
            acw_s: None,
            transferred: None,
            csat: None,
            disposition: None,
            channel: None,
        }
    }

    /// A fold gives the same figures whatever the number of threads its
    /// FCR step runs on; the figures are worked out by hand.
    #[test]
    fn one_two_and_five_threads_agree() {
        let aggs = vec![Agg::Offered, Agg::FcrEligible, Agg::FcrResolved, Agg::FcrCensored];
        let spec = |dims: Vec<Dim>| ReportSpec {
            grouping: Grouping { dims, interval_s: 1800 },
            rules: Rules::default(),
            aggs: aggs.clone(),
            window: Window::default(),
        };
        let specs = [spec(vec![Dim::Queue]), spec(vec![])];
        // Caller +1 at 0 h (q), 1 h (q) and 2 h (r); caller +2 at 30 h (q).
        let calls = [
            call("1", "q", "+1", 0),
            call("2", "q", "+1", 1),
            call("3", "r", "+1", 2),
            call("4", "q", "+2", 30),
        ];
        let run = |threads: usize| {
            let mut f = Fold::new(&specs, 0);
            for c in &calls {
                f.keep_call(c, c.arrived, c.arrived, &[]);
            }
            f.finish(threads)
        };
        let one = run(1);
        // Calls 1 and 2 are repeated within 24 h; 3 and 4 are resolved. The
        // last arrival is 30 h, so calls after 6 h (only 4) are censored.
        assert_eq!(one[1].total, [Some(4), Some(4), Some(2), Some(1)]);
        let q = &one[0].groups[0];
        assert_eq!(q.values, [Some(3), Some(3), Some(1), Some(1)]);
        for threads in [2, 5] {
            assert_eq!(run(threads), one, "{threads} threads");
        }
    }
}
