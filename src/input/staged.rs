//! Reading on two threads: a reader's second thread turns input rows into
//! checked rows (valid calls with their text copied into a batch buffer,
//! valid rows whose call_id was already read, or the reason a row is
//! rejected), in batches; the calling thread hands them to the `Loader` in
//! input order, so accounting and `--strict` behave exactly as on one
//! thread. The second thread de-duplicates call_ids (first occurrence wins)
//! with the loader's table, in input order, so the result is the same.

use std::sync::mpsc::{Receiver, SyncSender};

use crate::dataset::{Loader, Location};
use crate::error::Result;
use crate::interned::Seen;
use crate::schema::Call;
use crate::schema::reason::Rejection;

/// Rows per batch sent between the threads.
const BATCH_ROWS: usize = 4096;

/// A checked row: the validated call and its extra column values, or why
/// the row is rejected.
pub type Checked<'a> = std::result::Result<(Call<'a>, Vec<Option<&'a str>>), Rejection>;

/// Runs `produce` on a second thread, which pushes checked rows into the
/// `Stager` it is given, while this thread loads them; `per_row`: extra
/// column values of each valid row. An error from either side ends both.
pub fn pipeline<P>(name: &str, per_row: usize, loader: &mut Loader, produce: P) -> Result<()>
where
    P: FnOnce(&mut Stager<'_>) -> Result<()> + Send,
{
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Result<Batch>>(2);
    let (free_tx, free_rx) = std::sync::mpsc::channel::<Batch>();
    let mut seen = loader.take_seen();
    let result = std::thread::scope(|scope| {
        let seen = &mut seen;
        scope.spawn(move || {
            let mut stager = Stager { batch: Batch::default(), full: full_tx, free: free_rx, seen };
            match produce(&mut stager) {
                Ok(()) => {
                    stager.flush();
                }
                Err(e) => {
                    let _ = stager.full.send(Err(e));
                }
            }
        });
        // The receiver is dropped when this closure returns, early or not;
        // the producer's next push then fails and it stops.
        let full_rx = full_rx;
        for batch in &full_rx {
            let batch = batch?;
            batch.load(name, per_row, loader)?;
            let _ = free_tx.send(batch);
        }
        Ok(())
    });
    loader.put_seen(seen);
    result
}

/// The producer's side: de-duplicates valid rows, collects checked rows
/// into batches and sends them.
pub struct Stager<'s> {
    batch: Batch,
    full: SyncSender<Result<Batch>>,
    free: Receiver<Batch>,
    /// The loader's call_id table.
    seen: &'s mut Seen,
}

impl Stager<'_> {
    /// Adds one row (`line`: its line or row number). `false`: the loading
    /// side has stopped, so the producer should stop too.
    pub fn push(&mut self, line: u64, checked: Checked<'_>) -> bool {
        match checked {
            Ok((call, _)) if !self.seen.first_time(call.call_id) => self.batch.repeated(line, call.call_id),
            checked => self.batch.stage(line, checked),
        }
        self.batch.rows.len() < BATCH_ROWS || self.flush()
    }

    fn flush(&mut self) -> bool {
        let mut next = self.free.try_recv().unwrap_or_default();
        next.clear();
        let full = std::mem::replace(&mut self.batch, next);
        full.rows.is_empty() || self.full.send(Ok(full)).is_ok()
    }
}

/// A span of `Batch::text`.
type Span = (u32, u32);

/// Checked rows: valid calls with their text copied into `text`, or why a
/// row was rejected.
#[derive(Default)]
pub struct Batch {
    text: String,
    rows: Vec<Staged>,
    extra: Vec<Option<Span>>,
}

// Valid is the common variant and Invalid the rare one, so the size
// difference costs nothing; boxing Valid would allocate for every row.
#[allow(clippy::large_enum_variant)]
enum Staged {
    Valid {
        call: Parts,
    },
    /// A valid row whose call_id was already read.
    Repeated {
        line: u64,
        call_id: Span,
    },
    Invalid {
        line: u64,
        rejection: Rejection,
    },
}

/// A validated call whose text values are spans of the batch text.
struct Parts {
    call_id: Span,
    queue: Span,
    agent: Option<Span>,
    caller: Option<Span>,
    disposition: Option<Span>,
    channel: Option<Span>,
    /// The call's numbers; its text fields are empty.
    numbers: Call<'static>,
}

impl Batch {
    fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
        self.extra.clear();
    }

    fn span(&mut self, s: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        (start, s.len() as u32)
    }

    fn get(&self, (start, len): Span) -> &str {
        &self.text[start as usize..(start + len) as usize]
    }

    fn repeated(&mut self, line: u64, call_id: &str) {
        let call_id = self.span(call_id);
        self.rows.push(Staged::Repeated { line, call_id });
    }

    fn stage(&mut self, line: u64, checked: Checked<'_>) {
        let (call, extra) = match checked {
            Ok(ok) => ok,
            Err(rejection) => return self.rows.push(Staged::Invalid { line, rejection }),
        };
        for v in extra {
            let span = v.map(|v| self.span(v));
            self.extra.push(span);
        }
        let parts = Parts {
            call_id: self.span(call.call_id),
            queue: self.span(call.queue),
            agent: call.agent.map(|v| self.span(v)),
            caller: call.caller.map(|v| self.span(v)),
            disposition: call.disposition.map(|v| self.span(v)),
            channel: call.channel.map(|v| self.span(v)),
            numbers: Call {
                call_id: "",
                queue: "",
                agent: None,
                caller: None,
                disposition: None,
                channel: None,
                ..call
            },
        };
        self.rows.push(Staged::Valid { call: parts });
    }

    /// Hands every row to the loader, in order.
    fn load(&self, name: &str, per_row: usize, loader: &mut Loader) -> Result<()> {
        let mut extra = self.extra.chunks(per_row.max(1));
        for row in &self.rows {
            match row {
                Staged::Invalid { line, rejection } => {
                    loader.reject(Location { source: name, line: *line }, rejection.clone())?;
                }
                Staged::Valid { call: p } => {
                    if per_row > 0 {
                        let values = extra.next().unwrap_or_default();
                        loader.set_extra(values.iter().map(|s| s.map(|s| self.get(s).to_string())).collect());
                    }
                    let call = Call {
                        call_id: self.get(p.call_id),
                        queue: self.get(p.queue),
                        agent: p.agent.map(|s| self.get(s)),
                        caller: p.caller.map(|s| self.get(s)),
                        disposition: p.disposition.map(|s| self.get(s)),
                        channel: p.channel.map(|s| self.get(s)),
                        ..p.numbers
                    };
                    loader.push_new(&call);
                }
                Staged::Repeated { line, call_id } => {
                    loader.push_repeated_id(Location { source: name, line: *line }, self.get(*call_id))?;
                }
            }
        }
        Ok(())
    }
}
