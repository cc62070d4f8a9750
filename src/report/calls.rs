//! The call list of `callstat calls`: one row per offered call
//! with its facts (`report::facts`, the same the metrics are reduced from:
//! wait, talk, handle, outcome, FCR outcome) and its interval, as a
//! `Report` so every renderer can write it. May not filter or write.

use chrono_tz::Tz;

use crate::dataset::{Accounting, Calls};
use crate::metrics::Unit;
use crate::schema::timestamp::{US, format_in};

use super::compute::One;
use super::compute::interval_start;
use super::facts::{Facts, Resolved};
use super::model::{Cell, Column, Kind, Report, Settings};
use crate::metrics::Rules;

/// The facts of every offered call: inbound, and not made "not offered"
/// by `--outcome` (other calls get `None`), so the list of a queue has as
/// many rows as its `offered`.
pub fn derive(c: &Calls, rules: &Rules) -> Vec<Option<Facts>> {
    // One FCR definition for the report and the list: `report::fcr`.
    let repeats = super::fcr::repeats(c, rules);
    let last_inbound = (0..c.len()).filter(|&i| !c.outbound[i]).map(|i| c.arrived[i]).max();
    let res = Resolved::new(&c.names, rules, last_inbound);
    let mut extra = Vec::new();
    (0..c.len())
        .map(|i| {
            let one = One::of(c, i, &mut extra);
            let fcr = Some((res.censored(c.arrived[i]), repeats[i]));
            (!c.outbound[i]).then(|| res.facts(&one, rules, fcr)).filter(|f| !f.not_offered)
        })
        .collect()
}

const TEXT: &[(&str, &str)] = &[
    ("call_id", "Call"),
    ("queue", "Queue"),
    ("agent", "Agent"),
    ("caller", "Caller"),
    ("arrived_at", "Arrived"),
    ("answered_at", "Answered at"),
    ("ended_at", "Ended"),
    ("interval_start", "Interval"),
    ("outcome", "Outcome"),
    ("fcr", "FCR"),
    ("transferred", "Transf."),
];

const NUMBERS: &[(&str, &str, Unit)] = &[
    ("wait_s", "Wait", Unit::Seconds),
    ("talk_s", "Talk", Unit::Seconds),
    ("handle_s", "Handle", Unit::Seconds),
    ("hold_s", "Hold", Unit::Seconds),
    ("acw_s", "ACW", Unit::Seconds),
    ("csat", "CSAT", Unit::Count),
];

/// The list of the calls at `picked` (indexes into `c`), in that order.
pub fn list(
    c: &Calls,
    derived: &[Option<Facts>],
    picked: &[usize],
    rules: &Rules,
    tz: Tz,
    settings: Settings,
    accounting: Accounting,
) -> Report {
    let mut columns: Vec<Column> = TEXT
        .iter()
        .map(|(id, label)| Column { id: id.to_string(), label: label.to_string(), kind: Kind::Key })
        .collect();
    columns.extend(NUMBERS.iter().map(|(id, label, unit)| Column {
        id: id.to_string(),
        label: label.to_string(),
        kind: Kind::Metric(*unit),
    }));
    let opt_text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
    let secs = |us: i64| Cell::Number(us as f64 / US as f64);
    let rows = picked
        .iter()
        .filter_map(|&i| derived[i].map(|d| (i, d)))
        .map(|(i, d)| {
            let answered = d.answered.is_some();
            vec![
                Cell::Text(c.call_id.get(i).to_string()),
                Cell::Text(c.name(c.queue[i]).to_string()),
                opt_text(c.text(c.agent.get(i)).map(str::to_string)),
                opt_text(c.text(c.caller.get(i)).map(str::to_string)),
                Cell::Text(format_in(c.arrived[i], tz)),
                opt_text(c.answered.get(i).map(|a| format_in(a, tz))),
                Cell::Text(format_in(c.ended[i], tz)),
                Cell::Text(format_in(interval_start(c.attr[i], c.attr_local[i], rules.interval_s), tz)),
                Cell::Text(d.outcome().into()),
                Cell::Text(d.fcr(rules).into()),
                opt_text(c.transferred[i].map(|t| t.to_string())),
                secs(d.wait),
                if answered { secs(d.talk) } else { Cell::Empty },
                if answered { secs(d.handle) } else { Cell::Empty },
                c.hold_s.get(i).map_or(Cell::Empty, |h| secs(h * US)),
                c.acw_s.get(i).map_or(Cell::Empty, |a| secs(a * US)),
                c.csat.get(i).map_or(Cell::Empty, Cell::Count),
            ]
        })
        .collect();
    // No total row: a call list has nothing to add up.
    Report::table(columns, TEXT.len(), rows, settings, accounting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(rows: &[(&str, i64, Option<i64>, i64)]) -> Calls {
        let mut c = Calls::default();
        for (caller, arrived, answered, ended) in rows {
            let id = format!("c{arrived}");
            let call = crate::schema::Call {
                call_id: &id,
                queue: "q",
                agent: None,
                caller: Some(caller),
                outbound: false,
                arrived: arrived * US,
                answered: answered.map(|a| a * US),
                ended: ended * US,
                hold_s: None,
                acw_s: None,
                transferred: None,
                csat: None,
                disposition: None,
                channel: None,
            };
            c.push(&call, arrived * US, arrived * US, &[]);
        }
        c
    }

    #[test]
    fn fcr_outcome_matches_the_definition() {
        let rules = Rules { interval_s: 1800, short_abandon_s: 5, fcr_window_s: 100, ..Rules::default() };
        // a: answered at 0, calls again exactly 100 s later (inside (t, t+W]) -> repeat.
        // b: answered at 0, again at 101 -> resolved. c: abandoned after 3 s -> short, not eligible.
        let c = calls(&[
            ("a", 0, Some(10), 50),
            ("a", 100, Some(110), 150),
            ("b", 0, Some(5), 20),
            ("b", 101, None, 130),
            ("c", 0, None, 3),
        ]);
        let d = derive(&c, &rules);
        let fcr: Vec<&str> = d.iter().map(|x| x.unwrap().fcr(&rules)).collect();
        assert_eq!(fcr, vec!["repeat", "resolved", "resolved", "not_eligible", "not_eligible"]);
        assert!(d[4].unwrap().short);
        assert_eq!(d[4].unwrap().outcome(), "short_abandoned");
        assert_eq!(d[3].unwrap().outcome(), "abandoned");
        assert_eq!(d[3].unwrap().wait, 29 * US);
    }

    #[test]
    fn intervals_align_to_local_time() {
        // Local = UTC + 1 h; 09:47 local -> 09:30 local = 08:30 UTC.
        let arrived = (8 * 3600 + 47 * 60) * US;
        let local = arrived + 3600 * US;
        assert_eq!(interval_start(arrived, local, 1800), (8 * 3600 + 30 * 60) * US);
    }
}
