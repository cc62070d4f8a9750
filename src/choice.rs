//! One spelling for every enum a user names on the command line or in a
//! settings file: each such type lists its (name, value, help) choices once,
//! and `FromStr`, `name()`, the `--help` text and the settings-file
//! messages all come from that list.

/// A closed set of named values.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    /// What the values are, for messages ("service-level boundary").
    const WHAT: &'static str;
    /// Every value: its spelling, the value and one line of help.
    const CHOICES: &'static [(&'static str, Self, &'static str)];

    /// The spelling of a value.
    fn name(self) -> &'static str {
        Self::CHOICES.iter().find(|c| c.1 == self).map_or("", |c| c.0)
    }

    /// Every value, in the list's order.
    fn all() -> impl Iterator<Item = Self> {
        Self::CHOICES.iter().map(|c| c.1)
    }
}

/// Parses a spelling (surrounding spaces ignored).
pub fn parse<T: Choice>(s: &str) -> Result<T, String> {
    let t = s.trim();
    T::CHOICES.iter().find(|c| c.0 == t).map(|c| c.1).ok_or_else(|| {
        let names: Vec<&str> = T::CHOICES.iter().map(|c| c.0).collect();
        format!("unknown {} '{s}'; use {}", T::WHAT, names.join(", "))
    })
}

/// Implements `FromStr` and `Display` through the choice list.
macro_rules! choice_str {
    ($t:ty) => {
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $crate::choice::parse(s)
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::choice::Choice::name(*self))
            }
        }
    };
}
pub(crate) use choice_str;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Side {
        Left,
        Right,
    }
    impl Choice for Side {
        const WHAT: &'static str = "side";
        const CHOICES: &'static [(&'static str, Self, &'static str)] =
            &[("left", Side::Left, "the left one"), ("right", Side::Right, "the right one")];
    }

    #[test]
    fn parses_and_names() {
        assert_eq!(parse::<Side>(" right "), Ok(Side::Right));
        assert_eq!(Side::Left.name(), "left");
        assert_eq!(parse::<Side>("up").unwrap_err(), "unknown side 'up'; use left, right");
    }
}
