//! Compact string storage for the loaded calls: `Names` numbers the
//! distinct values of the text columns (queue, agent, caller, channel,
//! disposition, extra columns), so a row holds a `u32` instead of a
//! string; `Texts` keeps one string per row (call ids) in one buffer.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxHasher;

/// Distinct strings, numbered from 0 in first-seen order.
#[derive(Debug, Default, Clone)]
pub struct Names {
    list: Texts,
    /// Numbers into `list`, found by the hash of their text.
    table: HashTable<Slot>,
}

/// A table slot: 32 bits of the text's hash and the text's number. The
/// table places slots by those 32 bits alone (`placed`), so growing it
/// never reads the texts, and a lookup compares a text (elsewhere in
/// memory) only when the 32 bits match.
pub type Slot = (u32, u32);

/// The 32 hash bits kept in a `Slot`.
pub fn high(h: u64) -> u32 {
    (h >> 32) as u32
}

/// Where the table places a slot: its 32 bits spread over 64.
pub fn placed(hi: u32) -> u64 {
    u64::from(hi).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash of a text for the tables here (FxHash: fast, and these keys
/// need no resistance to crafted collisions).
pub fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

impl Names {
    /// The number of `s`, given on its first occurrence.
    pub fn id(&mut self, s: &str) -> u32 {
        let Names { list, table } = self;
        let h = hash(s);
        let eq = |&(hi, id): &Slot| hi == high(h) && list.get(id as usize) == s;
        match table.entry(placed(high(h)), eq, |&(hi, _)| placed(hi)) {
            Entry::Occupied(e) => e.get().1,
            Entry::Vacant(v) => {
                let id = u32::try_from(list.len()).expect("more than 4 billion distinct names");
                list.push(s);
                v.insert((high(h), id));
                id
            }
        }
    }

    /// Makes room for about this many more names (a read that numbers
    /// callers sees a new one on most rows).
    pub fn reserve(&mut self, n: usize) {
        self.list.reserve(n, n * 12);
        self.table.reserve(n, |&(hi, _)| placed(hi));
    }

    /// The number of `s`, if it occurs.
    pub fn get(&self, s: &str) -> Option<u32> {
        let h = hash(s);
        self.table
            .find(placed(high(h)), |&(hi, id)| hi == high(h) && self.list.get(id as usize) == s)
            .map(|slot| slot.1)
    }

    /// The string numbered `id`.
    pub fn name(&self, id: u32) -> &str {
        self.list.get(id as usize)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The call ids accepted so far, in order, and a table that finds them by
/// text: call_id de-duplication (first occurrence wins). A hash match is
/// always confirmed against the stored text, so two ids never collide.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    ids: Texts,
    /// Numbers into `ids`, found by the hash of their text.
    table: HashTable<Slot>,
}

impl Seen {
    /// Records `id` and returns `true` if it is new; `false` if it was
    /// recorded before.
    pub fn first_time(&mut self, id: &str) -> bool {
        let Seen { ids, table } = self;
        let h = hash(id);
        let hi = high(h);
        let next = ids.len() as u32;
        match table.entry(placed(hi), |&(x, i)| x == hi && ids.get(i as usize) == id, |&(x, _)| placed(x)) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert((hi, next));
                ids.push(id);
                true
            }
        }
    }

    /// Makes room for about this many more ids.
    pub fn reserve(&mut self, n: usize) {
        self.ids.reserve(n, n * 12);
        self.table.reserve(n, |&(x, _)| placed(x));
    }

    /// The recorded ids, in order.
    pub fn into_ids(self) -> Texts {
        self.ids
    }
}

/// One string per row, stored end to end in one buffer.
#[derive(Debug, Default, Clone)]
pub struct Texts {
    text: String,
    ends: Ends,
}

/// Where each string ends in `Texts::text`: 4 bytes a row while the text
/// is under 4 GiB, 8 bytes after.
#[derive(Debug, Clone)]
enum Ends {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Default for Ends {
    fn default() -> Self {
        Ends::Narrow(Vec::new())
    }
}

impl Ends {
    fn push(&mut self, end: usize) {
        match self {
            Ends::Narrow(v) => match u32::try_from(end) {
                Ok(e) => v.push(e),
                Err(_) => {
                    let mut wide: Vec<usize> = v.iter().map(|&e| e as usize).collect();
                    wide.push(end);
                    *self = Ends::Wide(wide);
                }
            },
            Ends::Wide(v) => v.push(end),
        }
    }

    fn get(&self, i: usize) -> usize {
        match self {
            Ends::Narrow(v) => v[i] as usize,
            Ends::Wide(v) => v[i],
        }
    }

    fn len(&self) -> usize {
        match self {
            Ends::Narrow(v) => v.len(),
            Ends::Wide(v) => v.len(),
        }
    }

    fn reserve(&mut self, n: usize) {
        match self {
            Ends::Narrow(v) => v.reserve(n),
            Ends::Wide(v) => v.reserve(n),
        }
    }
}

impl Texts {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1) };
        &self.text[start..self.ends.get(i)]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.len() == 0
    }

    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        self.ends.reserve(rows);
        self.text.reserve(bytes);
    }

    /// Keeps the rows whose flag is true.
    pub fn retain(&mut self, keep: &[bool]) {
        let mut out = Texts::default();
        for (i, k) in keep.iter().enumerate() {
            if *k {
                out.push(self.get(i));
            }
        }
        *self = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_once() {
        let mut n = Names::default();
        assert_eq!((n.id("a"), n.id("b"), n.id("a")), (0, 1, 0));
        assert_eq!((n.name(1), n.get("a"), n.get("z"), n.len()), ("b", Some(0), None, 2));
    }

    #[test]
    fn many_names_survive_the_table_growing() {
        let mut n = Names::default();
        for i in 0..200_000u32 {
            assert_eq!(n.id(&format!("+4930{i}")), i);
        }
        for i in (0..200_000u32).step_by(997) {
            assert_eq!((n.id(&format!("+4930{i}")), n.get(&format!("+4930{i}"))), (i, Some(i)));
        }
        assert_eq!((n.len(), n.get("+4930200000")), (200_000, None));
    }

    #[test]
    fn seen_ids_are_first_once() {
        let mut s = Seen::default();
        assert_eq!(
            [s.first_time("a"), s.first_time("b"), s.first_time("a"), s.first_time("")],
            [true, true, false, true]
        );
        let ids = s.into_ids();
        assert_eq!((ids.get(0), ids.get(1), ids.get(2), ids.len()), ("a", "b", "", 3));
    }

    #[test]
    fn ends_widen_past_4_gib() {
        let mut e = Ends::default();
        e.push(7);
        e.push(u32::MAX as usize + 10);
        assert!(matches!(e, Ends::Wide(_)));
        assert_eq!((e.get(0), e.get(1), e.len()), (7, u32::MAX as usize + 10, 2));
    }

    #[test]
    fn texts_keep_rows_apart() {
        let mut t = Texts::default();
        for s in ["c1", "", "c333"] {
            t.push(s);
        }
        assert_eq!((t.get(0), t.get(1), t.get(2), t.len()), ("c1", "", "c333", 3));
        t.retain(&[false, true, true]);
        assert_eq!((t.get(0), t.get(1), t.len()), ("", "c333", 2));
    }
}
