//! Per-file column plan: which header cell feeds each canonical column
//! (mapping, then aliases, then the canonical names) and how a record's
//! cells become the `Field`s of a `RawRow`, including answered_at/ended_at
//! derived from wait/talk duration columns.
//!
//! A cell the mapping cannot convert is passed on as text, so validation
//! rejects it with the column's own reason; only a derivation that cannot
//! be computed is rejected here.

use crate::schema::columns::N_COLS;
use chrono_tz::Tz;

use super::aliases;
use super::mapping::{Mapping, Target};
use crate::error::{Error, Result};
use crate::schema::columns::{self, COLUMNS};
use crate::schema::reason::{Reason, Rejection};
use crate::schema::timestamp::US;
use crate::schema::{Col, Field};

/// Where each canonical column and helper column comes from in one file.
#[derive(Debug, Clone)]
pub struct Plan {
    pub pos: [Option<usize>; N_COLS],
    pub wait: Option<usize>,
    pub talk: Option<usize>,
    pub answered: Option<usize>,
    /// `(target, header, how)` for `inspect`: how = "name", "alias" or "mapping".
    pub applied: Vec<(String, String, &'static str)>,
    /// Columns whose values the mapping converts (decided once per file).
    convert: [bool; N_COLS],
}

fn clean(h: &str) -> &str {
    h.trim_start_matches('\u{feff}').trim()
}

fn find(header: &[&str], wanted: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| clean(h) == wanted.trim())
        .or_else(|| header.iter().position(|h| clean(h).eq_ignore_ascii_case(wanted.trim())))
        .or_else(|| {
            let n = aliases::normalize(wanted);
            header.iter().position(|h| aliases::normalize(h) == n)
        })
}

fn found_list(header: &[&str]) -> String {
    if header.is_empty() {
        return "no columns".into();
    }
    header.iter().map(|h| format!("'{}'", clean(h))).collect::<Vec<_>>().join(", ")
}

/// The header positions of the extra columns, or an error naming the
/// missing one, the headers found and the closest.
pub fn extra_positions(name: &str, header: &[&str], extra: &[String]) -> Result<Vec<usize>> {
    extra
        .iter()
        .map(|wanted| {
            header.iter().position(|h| clean(h).eq_ignore_ascii_case(wanted.trim())).ok_or_else(|| {
                let hint = match aliases::closest_name(wanted, header) {
                    Some(h) => format!("; closest: '{h}'"),
                    None => String::new(),
                };
                Error::BadFile {
                    path: name.to_string(),
                    message: format!(
                        "no column '{wanted}' (asked for by --by or --fcr-key); found: {}{hint}",
                        found_list(header)
                    ),
                }
            })
        })
        .collect()
}

impl Plan {
    /// Matches a header against the mapping, the aliases and the canonical
    /// names, or fails naming what is missing, what was found and the
    /// closest header.
    pub fn build(name: &str, header: &[&str], mapping: &Mapping) -> Result<Plan> {
        let convert = std::array::from_fn(|c| mapping.converts(COLUMNS[c].col));
        let mut plan = Plan {
            pos: [None; N_COLS],
            wait: None,
            talk: None,
            answered: None,
            applied: Vec::new(),
            convert,
        };
        let mut used = vec![false; header.len()];
        for (target, wanted) in &mapping.columns {
            let Some(i) = find(header, wanted) else {
                let hint = match aliases::closest_name(wanted, header) {
                    Some(h) => format!("; closest: '{h}'"),
                    None => String::new(),
                };
                return Err(Error::BadFile {
                    path: name.to_string(),
                    message: format!(
                        "the mapping names column '{wanted}' for {}, but the header has no such column; found: {}{hint}",
                        target.name(),
                        found_list(header)
                    ),
                });
            };
            used[i] = true;
            match target {
                Target::Col(c) => plan.pos[*c as usize] = Some(i),
                Target::WaitS => plan.wait = Some(i),
                Target::TalkS => plan.talk = Some(i),
                Target::Answered => plan.answered = Some(i),
            }
            plan.applied.push((target.name().to_string(), clean(header[i]).to_string(), "mapping"));
        }
        // Canonical names first, then aliases; the first matching header wins.
        for exact in [true, false] {
            for (i, cell) in header.iter().enumerate() {
                if used[i] {
                    continue;
                }
                let col = if exact { columns::match_header(cell) } else { aliases::column_for(cell) };
                let Some(c) = col else { continue };
                if plan.pos[c as usize].is_some() {
                    if exact {
                        return Err(Error::BadFile {
                            path: name.to_string(),
                            message: format!("column '{}' appears twice in the header; keep one", c.name()),
                        });
                    }
                    continue;
                }
                plan.pos[c as usize] = Some(i);
                used[i] = true;
                plan.applied.push((
                    c.name().to_string(),
                    clean(cell).to_string(),
                    if exact { "name" } else { "alias" },
                ));
            }
        }
        let derived_end = plan.talk.is_some();
        let missing: Vec<Col> = COLUMNS
            .iter()
            .filter(|c| c.required && plan.pos[c.col as usize].is_none())
            .filter(|c| !(c.col == Col::EndedAt && derived_end))
            .map(|c| c.col)
            .collect();
        if !missing.is_empty() {
            let mut hints = Vec::new();
            for c in &missing {
                if let Some(h) = aliases::closest(*c, header) {
                    hints.push(format!("{} looks like '{h}': pass --map {}={h}", c.name(), c.name()));
                }
            }
            let mut found = found_list(header);
            if !hints.is_empty() {
                found.push_str(&format!(" ({})", hints.join("; ")));
            }
            return Err(Error::MissingColumns {
                path: name.to_string(),
                missing: missing.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "),
                found,
                expected: format!(
                    "{} (required) and {}, or their aliases, or a --map/--mapping",
                    columns::required_list(),
                    COLUMNS.iter().filter(|c| !c.required).map(|c| c.name).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(plan)
    }

    /// `inspect` lines: which header feeds each column and how it matched,
    /// what is derived, and the headers nothing reads.
    pub fn describe(&self, header: &[&str]) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let cols: Vec<String> =
            self.applied.iter().map(|(c, h, how)| format!("{c} <- '{h}' ({how})")).collect();
        out.push(("columns", cols.join(", ")));
        let mut derived = Vec::new();
        if self.wait.is_some() && self.pos[Col::AnsweredAt as usize].is_none() {
            derived.push("answered_at = arrived_at + wait_s");
        }
        if self.talk.is_some() && self.pos[Col::EndedAt as usize].is_none() {
            derived.push("ended_at = arrived_at + wait_s + talk_s");
        }
        if !derived.is_empty() {
            out.push(("derived", derived.join("; ")));
        }
        let unused: Vec<String> = header
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.uses(*i))
            .map(|(_, h)| format!("'{}'", clean(h)))
            .collect();
        if !unused.is_empty() {
            out.push(("ignored", unused.join(", ")));
        }
        out
    }

    /// Whether source column `i` feeds anything.
    pub fn uses(&self, i: usize) -> bool {
        self.pos.contains(&Some(i)) || [self.wait, self.talk, self.answered].contains(&Some(i))
    }

    /// The canonical (or helper) name source column `i` feeds, for messages.
    pub fn column_name(&self, i: usize) -> &'static str {
        if let Some(c) = self.pos.iter().position(|p| *p == Some(i)) {
            return COLUMNS[c].name;
        }
        match i {
            _ if self.wait == Some(i) => "wait_s",
            _ if self.talk == Some(i) => "talk_s",
            _ => "answered",
        }
    }

    /// The fields of one record. `input_tz` is the zone for derived times
    /// when the mapping names none.
    pub fn fields<'a>(
        &self,
        cells: &[&'a str],
        m: &Mapping,
        input_tz: Tz,
    ) -> Result<[Field<'a>; N_COLS], Rejection> {
        let mut f = [Field::Null; N_COLS];
        for (c, p) in self.pos.iter().enumerate() {
            let Some(i) = p else { continue };
            let text = cells[*i];
            let col = COLUMNS[c].col;
            f[c] = if !self.convert[c] || crate::schema::validate::trim(text).is_empty() {
                Field::Text(text)
            } else {
                match col {
                    Col::ArrivedAt | Col::AnsweredAt | Col::EndedAt => {
                        m.instant(col, text, input_tz).map_or(Field::Text(text), Field::Instant)
                    }
                    Col::HoldS | Col::AcwS => {
                        m.duration(Target::Col(col), text).map_or(Field::Text(text), Field::Int)
                    }
                    Col::Transferred => m.boolean(text).map_or(Field::Text(text), Field::Bool),
                    _ => Field::Text(text),
                }
            };
        }
        if self.wait.is_some() || self.talk.is_some() {
            self.derive(cells, m, input_tz, &mut f)?;
        }
        Ok(f)
    }

    fn derive<'a>(
        &self,
        cells: &[&'a str],
        m: &Mapping,
        tz: Tz,
        f: &mut [Field<'a>; N_COLS],
    ) -> Result<(), Rejection> {
        let arrived = match f[Col::ArrivedAt as usize] {
            Field::Instant(us) => us,
            Field::Text(t) => match m.instant(Col::ArrivedAt, t, tz) {
                Some(us) => us,
                None => return Ok(()), // validation reports arrived_at
            },
            _ => return Ok(()),
        };
        let dur = |t: Target, i: Option<usize>, reason: Reason| -> Result<Option<i64>, Rejection> {
            let Some(i) = i else { return Ok(None) };
            let text = cells[i].trim();
            if text.is_empty() {
                return Ok(None);
            }
            m.duration(t, text).map(Some).ok_or_else(|| {
                Rejection::new(
                    reason,
                    format!("column {}: '{text}' is not a duration ({:?})", t.name(), m.unit(t)),
                )
            })
        };
        let wait = dur(Target::WaitS, self.wait, Reason::BadAnsweredAt)?;
        let talk = dur(Target::TalkS, self.talk, Reason::BadEndedAt)?;
        let answered = match self.answered {
            Some(i) if !cells[i].trim().is_empty() => m.boolean(cells[i]).ok_or_else(|| {
                Rejection::new(
                    Reason::BadAnsweredAt,
                    format!("column answered: '{}' is not a yes/no value", cells[i].trim()),
                )
            })?,
            _ => talk.unwrap_or(0) > 0,
        };
        let w = wait.unwrap_or(0);
        if self.pos[Col::AnsweredAt as usize].is_none() && answered && wait.is_some() {
            f[Col::AnsweredAt as usize] = Field::Instant(arrived + w * US);
        }
        if self.pos[Col::EndedAt as usize].is_none() && (talk.is_some() || wait.is_some()) {
            let t = if answered { talk.unwrap_or(0) } else { 0 };
            f[Col::EndedAt as usize] = Field::Instant(arrived + (w + t) * US);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_then_names_then_aliases() {
        let m = Mapping::build(&[("caller".into(), "Phone".into())], None).unwrap();
        let h = ["uniqueid", "Skill", "Phone", "ANI", "arrived_at", "ended_at", "queue"];
        let p = Plan::build("t", &h, &m).unwrap();
        assert_eq!(p.pos[Col::CallId as usize], Some(0));
        assert_eq!(p.pos[Col::Queue as usize], Some(6), "the canonical name beats an alias");
        assert_eq!(p.pos[Col::Caller as usize], Some(2), "the mapping beats an alias");
    }

    #[test]
    fn missing_columns_suggest_the_closest_header() {
        let m = Mapping::default();
        let e = Plan::build("t.csv", &["CallRefNo", "queue", "arrived_at", "ended_at"], &m).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("missing required column(s) call_id;"), "{s}");
        assert!(s.contains("call_id looks like 'CallRefNo': pass --map call_id=CallRefNo"), "{s}");
        let m = Mapping::build(&[("queue".into(), "Skil Group".into())], None).unwrap();
        let e = Plan::build("t.csv", &["call_id", "SkillGroup", "arrived_at", "ended_at"], &m).unwrap_err();
        assert!(e.to_string().contains("no such column; found: 'call_id', 'SkillGroup', 'arrived_at', 'ended_at'; closest: 'SkillGroup'"), "{e}");
    }

    #[test]
    fn wait_and_talk_derive_answer_and_end() {
        let m =
            Mapping::build(&[("wait_s".into(), "w".into()), ("talk_s".into(), "t".into())], None).unwrap();
        let p = Plan::build("t", &["call_id", "queue", "arrived_at", "w", "t"], &m).unwrap();
        let f = p.fields(&["a", "q", "2026-03-02T09:00:00Z", "20", "100"], &m, Tz::UTC).unwrap();
        let t0 = 1_772_442_000 * US;
        assert_eq!(f[Col::AnsweredAt as usize], Field::Instant(t0 + 20 * US));
        assert_eq!(f[Col::EndedAt as usize], Field::Instant(t0 + 120 * US));
        let f = p.fields(&["a", "q", "2026-03-02T09:00:00Z", "7", "0"], &m, Tz::UTC).unwrap();
        assert_eq!(f[Col::AnsweredAt as usize], Field::Null);
        assert_eq!(f[Col::EndedAt as usize], Field::Instant(t0 + 7 * US));
        let e = p.fields(&["a", "q", "2026-03-02T09:00:00Z", "x", "0"], &m, Tz::UTC).unwrap_err();
        assert_eq!(e.reason, Reason::BadAnsweredAt);
    }
}
