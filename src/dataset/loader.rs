//! The loader: input readers push rows into it; it validates them, drops
//! duplicates (the first occurrence of a call_id wins, in file order),
//! counts every row in the accounting and either keeps the accepted calls
//! (`Calls`) or folds them into the reports' aggregates as they come.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::{Accounting, Calls, EXAMPLES_PER_REASON, Example, Location};
use crate::error::{Error, Result};
use crate::interned::Seen;
use crate::maybe::Maybe;
use crate::schema::reason::Rejection;
use crate::schema::timestamp::{self, US};
use crate::schema::{Call, RawRow, Reason, TzRules};
use crate::values::Attribution;
/// Where a streaming loader sends each accepted call instead of keeping
/// it (the engine's fold implements it).
pub trait CallSink {
    /// Room for about `n` more calls.
    fn reserve(&mut self, n: usize);
    /// One accepted call: its report-zone attribution instant and local
    /// time, and its extra column values.
    fn keep(&mut self, call: &Call<'_>, attr: i64, local: i64, extra: &[Option<&str>]);
    /// The sink itself again, for its owner to take back.
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
}

/// Where a loader puts the accepted calls.
enum Store {
    /// Every call, as columns.
    Calls(Box<Calls>),
    /// Each call folded into the reports' aggregates as it comes.
    Sink(Box<dyn CallSink>),
}

/// Collects rows from every input into one data set, or folds them into
/// the reports' aggregates (`Loader::streaming`).
pub struct Loader {
    rules: TzRules,
    report_tz: Tz,
    attribution: Attribution,
    strict: bool,
    store: Store,
    acct: Accounting,
    /// call_id de-duplication: the ids of the accepted calls (in `Calls`
    /// mode they become `Calls::call_id` at the end).
    seen: Seen,
    shown: BTreeMap<Reason, usize>,
    offset_cache: (i64, i64),
    quarantine: Option<crate::quarantine::Quarantine>,
    /// The rows-read spinner, when stderr is a terminal.
    progress: Option<indicatif::ProgressBar>,
    /// Extra column values of the row being handled.
    pending_extra: Vec<Option<String>>,
    /// The input text of the row being handled, for the quarantine file.
    raw: Option<String>,
}

impl Loader {
    pub fn new(rules: TzRules, report_tz: Tz, attribution: Attribution, strict: bool) -> Self {
        Self::with_store(rules, report_tz, attribution, strict, Store::Calls(Box::default()))
    }

    /// A loader that sends every accepted call to `sink` instead of
    /// keeping it (`finish_streaming`).
    pub fn streaming(
        rules: TzRules,
        report_tz: Tz,
        attribution: Attribution,
        strict: bool,
        sink: Box<dyn CallSink>,
    ) -> Self {
        Self::with_store(rules, report_tz, attribution, strict, Store::Sink(sink))
    }

    fn with_store(
        rules: TzRules,
        report_tz: Tz,
        attribution: Attribution,
        strict: bool,
        store: Store,
    ) -> Self {
        Loader {
            rules,
            report_tz,
            attribution,
            strict,
            store,
            acct: Accounting::default(),
            seen: Seen::default(),
            shown: BTreeMap::new(),
            offset_cache: (i64::MIN, 0),
            quarantine: None,
            pending_extra: Vec::new(),
            progress: None,
            raw: None,
        }
    }

    /// Makes room for about this many more calls (a reader's count or
    /// estimate), so the columns do not grow by copying and the call_id
    /// table is not rebuilt as it fills.
    pub fn reserve(&mut self, n: usize) {
        match &mut self.store {
            Store::Calls(c) => c.reserve(n),
            Store::Sink(f) => f.reserve(n),
        }
        self.seen.reserve(n);
    }

    /// Shows a rows-read spinner on stderr (see `progress`).
    pub fn show_progress(&mut self, quiet: bool) {
        self.progress = crate::progress::rows_spinner(quiet);
    }

    fn tick(&self) {
        if let Some(pb) = &self.progress
            && self.acct.read.is_multiple_of(crate::progress::EVERY)
        {
            pb.set_position(self.acct.read);
        }
    }

    /// The extra column values of the next row pushed.
    pub fn set_extra(&mut self, values: Vec<Option<String>>) {
        self.pending_extra = values;
    }

    /// Keeps this many extra columns per accepted call.
    pub fn keep_extra(&mut self, n: usize) {
        if let Store::Calls(c) = &mut self.store {
            c.extra = vec![Maybe::default(); n];
        }
    }

    /// Writes every rejected row to this quarantine file from now on.
    pub fn quarantine(&mut self, q: crate::quarantine::Quarantine) {
        self.quarantine = Some(q);
    }

    /// Whether readers should hand over each row's input text (`set_raw`).
    pub fn wants_raw(&self) -> bool {
        self.quarantine.is_some()
    }

    /// The input text of the next row pushed or rejected.
    pub fn set_raw(&mut self, raw: String) {
        self.raw = Some(raw);
    }

    /// Flushes the quarantine file, if any.
    pub fn close_quarantine(&mut self) -> Result<()> {
        self.quarantine.take().map_or(Ok(()), crate::quarantine::Quarantine::finish)
    }

    fn quarantined(&mut self, loc: Location<'_>, rej: &Rejection, row: Option<&RawRow<'_>>) -> Result<()> {
        let raw = self.raw.take();
        if let Some(q) = self.quarantine.as_mut() {
            let text = raw.or_else(|| row.map(crate::quarantine::render)).unwrap_or_default();
            q.write(loc.source, loc.line, rej, &text)?;
        }
        Ok(())
    }

    /// Validates one row and keeps it, or records why not. Under `--strict`
    /// an invalid row is an error.
    pub fn push(&mut self, loc: Location<'_>, row: &RawRow<'_>) -> Result<()> {
        let checked = crate::schema::validate::validate(row, self.rules);
        self.push_checked(loc, checked, Some(row))
    }

    /// The rules rows are validated with, for a reader that validates on
    /// another thread and hands the outcome to `push_checked`.
    pub fn rules(&self) -> TzRules {
        self.rules
    }

    /// Keeps a row validated by `schema::validate::validate` with `rules()`,
    /// or records why not (`row`: the fields, for the quarantine file).
    pub fn push_checked(
        &mut self,
        loc: Location<'_>,
        checked: std::result::Result<Call<'_>, Rejection>,
        row: Option<&RawRow<'_>>,
    ) -> Result<()> {
        self.acct.read += 1;
        self.tick();
        // The extra columns belong to this row whatever happens to it.
        let extra = std::mem::take(&mut self.pending_extra);
        let call = match checked {
            Ok(c) => c,
            Err(rej) => {
                self.quarantined(loc, &rej, row)?;
                return self.invalid(loc, rej);
            }
        };
        if !self.seen.first_time(call.call_id) {
            return self.duplicate_id(loc, call.call_id, row);
        }
        self.accept(&call, extra);
        Ok(())
    }

    /// Counts a valid row whose call_id was already read (`row`: its
    /// fields, for the quarantine file).
    fn duplicate_id(&mut self, loc: Location<'_>, id: &str, row: Option<&RawRow<'_>>) -> Result<()> {
        self.acct.duplicates += 1;
        let rej = Rejection::new(
            Reason::Duplicate,
            format!("call_id '{id}' was already read; the first row is kept"),
        );
        self.quarantined(loc, &rej, row)?;
        self.example(loc, rej);
        Ok(())
    }

    /// Keeps a valid call whose id is new, with its extra column values.
    fn accept(&mut self, call: &Call<'_>, extra: Vec<Option<String>>) {
        self.raw = None;
        self.acct.accepted += 1;
        if call.outbound {
            self.acct.outbound += 1;
        }
        let attr = match self.attribution {
            Attribution::Arrival => call.arrived,
            Attribution::Answer => call.answered.unwrap_or(call.ended),
            Attribution::End => call.ended,
        };
        let local = attr + self.offset(attr) * US;
        let extra: Vec<Option<&str>> = extra.iter().map(Option::as_deref).collect();
        match &mut self.store {
            Store::Calls(c) => c.push_fields(call, attr, local, &extra),
            Store::Sink(f) => f.keep(call, attr, local, &extra),
        }
    }

    /// Takes the call_id table out, for a reader that de-duplicates valid
    /// rows on its own thread (in input order) and hands them over with
    /// `push_deduplicated`; `put_seen` gives it back.
    pub fn take_seen(&mut self) -> Seen {
        std::mem::take(&mut self.seen)
    }

    pub fn put_seen(&mut self, seen: Seen) {
        self.seen = seen;
    }

    /// Keeps a valid row whose call_id the reader found new in the table
    /// from `take_seen`.
    pub fn push_new(&mut self, call: &Call<'_>) {
        self.acct.read += 1;
        self.tick();
        let extra = std::mem::take(&mut self.pending_extra);
        self.accept(call, extra);
    }

    /// Counts a valid row whose call_id the reader found in the table from
    /// `take_seen`.
    pub fn push_repeated_id(&mut self, loc: Location<'_>, id: &str) -> Result<()> {
        self.acct.read += 1;
        self.tick();
        self.pending_extra.clear();
        self.duplicate_id(loc, id, None)
    }

    /// Counts an input line that is not a call and not an error (see
    /// `Accounting::not_calls`).
    pub fn note(&mut self, kind: &'static str) {
        *self.acct.not_calls.entry(kind).or_default() += 1;
    }

    /// Counts a row a reader recognised as an older copy of another (e.g. a
    /// contact record superseded by a later update) as a duplicate.
    pub fn duplicate(&mut self, loc: Location<'_>, message: String) -> Result<()> {
        self.acct.read += 1;
        self.acct.duplicates += 1;
        let rej = Rejection::new(Reason::Duplicate, message);
        self.quarantined(loc, &rej, None)?;
        self.example(loc, rej);
        Ok(())
    }

    /// Counts a row rejected before validation (wrong number of fields,
    /// bad encoding).
    pub fn reject(&mut self, loc: Location<'_>, rej: Rejection) -> Result<()> {
        self.acct.read += 1;
        self.quarantined(loc, &rej, None)?;
        self.invalid(loc, rej)
    }

    fn invalid(&mut self, loc: Location<'_>, rej: Rejection) -> Result<()> {
        self.pending_extra.clear();
        if self.strict {
            return Err(Error::Strict {
                location: loc.to_string(),
                message: format!("{}: {}", rej.reason.code(), rej.message),
            });
        }
        *self.acct.invalid.entry(rej.reason).or_default() += 1;
        self.example(loc, rej);
        Ok(())
    }

    fn example(&mut self, loc: Location<'_>, rej: Rejection) {
        let n = self.shown.entry(rej.reason).or_default();
        if *n < EXAMPLES_PER_REASON {
            *n += 1;
            self.acct.examples.push(Example {
                location: loc.to_string(),
                reason: rej.reason,
                message: rej.message,
            });
        }
    }

    /// Report-zone offset in seconds, cached per 15-minute block of UTC
    /// (zone transitions fall on quarter hours).
    fn offset(&mut self, instant_us: i64) -> i64 {
        let block = instant_us.div_euclid(900 * US);
        if self.offset_cache.0 != block {
            self.offset_cache = (block, timestamp::offset_at(block * 900 * US, self.report_tz));
        }
        self.offset_cache.1
    }

    /// The accounting so far (per-source counts in `inspect`).
    pub fn accounting(&self) -> &Accounting {
        &self.acct
    }

    /// The loaded calls (none for a streaming loader) and the accounting.
    pub fn finish(self) -> (Calls, Accounting) {
        if let Some(pb) = &self.progress {
            pb.finish_and_clear();
        }
        match self.store {
            Store::Calls(mut c) => {
                c.call_id = self.seen.into_ids();
                (*c, self.acct)
            }
            Store::Sink(_) => (Calls::default(), self.acct),
        }
    }

    /// The sink of a streaming loader (`None` for one that keeps the
    /// calls) and the accounting.
    pub fn finish_streaming(self) -> (Option<Box<dyn CallSink>>, Accounting) {
        if let Some(pb) = &self.progress {
            pb.finish_and_clear();
        }
        match self.store {
            Store::Calls(_) => (None, self.acct),
            Store::Sink(f) => (Some(f), self.acct),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Field;
    use crate::schema::columns::N_COLS;

    fn loader(report_tz: Tz, strict: bool) -> Loader {
        Loader::new(
            TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) },
            report_tz,
            Attribution::Arrival,
            strict,
        )
    }

    fn raw<'a>(id: &'a str, arrived: &'a str) -> RawRow<'a> {
        let mut f = [Field::Null; N_COLS];
        f[0] = Field::Text(id);
        f[1] = Field::Text("q");
        f[5] = Field::Text(arrived);
        f[7] = Field::Text("2026-03-02T10:00:00Z");
        RawRow { fields: f }
    }

    #[test]
    fn every_row_is_accounted_for() {
        let mut l = loader(Tz::UTC, false);
        let loc = |line| Location { source: "t.csv", line };
        l.push(loc(2), &raw("a", "2026-03-02T09:00:00Z")).unwrap();
        l.push(loc(3), &raw("a", "2026-03-02T09:10:00Z")).unwrap();
        l.push(loc(4), &raw("b", "nope")).unwrap();
        l.reject(loc(5), Rejection::new(Reason::FieldCount, "x")).unwrap();
        let (calls, acct) = l.finish();
        assert_eq!(calls.len(), 1);
        assert_eq!((acct.read, acct.accepted, acct.duplicates, acct.invalid_total()), (4, 1, 1, 2));
        assert_eq!(acct.examples[0].location, "t.csv:3");
        assert_eq!(acct.examples[0].reason, Reason::Duplicate);
        let s = acct.summary().unwrap();
        assert!(s.contains("3 of 4 rows left out"), "{s}");
        assert!(s.contains("t.csv:4: bad_arrived_at: column arrived_at: 'nope' is not a timestamp"), "{s}");
    }

    #[test]
    fn an_invalid_row_does_not_claim_its_call_id() {
        let mut l = loader(Tz::UTC, false);
        let loc = Location { source: "t.csv", line: 2 };
        l.push(loc, &raw("a", "bad")).unwrap();
        l.push(loc, &raw("a", "2026-03-02T09:00:00Z")).unwrap();
        let (calls, acct) = l.finish();
        assert_eq!((calls.len(), acct.duplicates), (1, 0));
    }

    #[test]
    fn strict_stops_at_the_first_invalid_row() {
        let mut l = loader(Tz::UTC, true);
        let err = l.push(Location { source: "t.csv", line: 7 }, &raw("a", "bad")).unwrap_err();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().starts_with("t.csv:7: bad_arrived_at:"), "{err}");
    }

    #[test]
    fn local_arrival_uses_the_report_zone() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let mut l = loader(berlin, false);
        l.push(Location { source: "t", line: 2 }, &raw("a", "2026-03-02T09:00:00Z")).unwrap();
        let (c, _) = l.finish();
        assert_eq!(c.attr_local[0] - c.arrived[0], 3600 * US);
        assert_eq!(c.attr_month[0], 202603);
    }
}
