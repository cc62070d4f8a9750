//! Built-in header aliases: the names vendors and PBXs give the canonical
//! columns (`uniqueid`, `ContactId`, `skill`, `ani`, ...), matched case- and
//! separator-insensitively, and the "closest header" suggestion for a
//! required column that matched nothing.
//!
//! May not read files or values; it only compares names.

use crate::schema::Col;

/// Alias spellings per canonical column, already normalized (lowercase,
/// letters and digits only). The canonical name itself always matches.
const ALIASES: &[(Col, &[&str])] = &[
    (Col::CallId, &["uniqueid", "contactid", "callid", "callref", "conversationid", "linkedid", "sessionid"]),
    (
        Col::Queue,
        &["queuename", "skill", "skillname", "split", "splitname", "queuenam", "acdgroup", "huntgroup"],
    ),
    (Col::Agent, &["agentname", "agentid", "agentusername", "username", "member", "extension", "agentlogin"]),
    (
        Col::Caller,
        &[
            "ani",
            "callerid",
            "src",
            "callernumber",
            "customernumber",
            "fromnumber",
            "cli",
            "customerendpointaddress",
        ],
    ),
    (Col::Direction, &["calldirection", "initiationmethod", "calltype"]),
    (
        Col::ArrivedAt,
        &[
            "arrivedat",
            "arrival",
            "arrivaltime",
            "enqueuetime",
            "enqueuetimestamp",
            "queuestart",
            "queuetime",
            "enteredqueue",
        ],
    ),
    (
        Col::AnsweredAt,
        &["answeredat", "answertime", "answered", "connectedtoagenttimestamp", "connecttime", "connectedat"],
    ),
    (
        Col::EndedAt,
        &["endedat", "endtime", "disconnecttime", "disconnecttimestamp", "hangup", "hangupat", "hanguptime"],
    ),
    (Col::HoldS, &["hold", "holdtime", "holdsec", "holdseconds", "customerholdduration", "holdduration"]),
    (
        Col::AcwS,
        &[
            "acw",
            "acwtime",
            "acwsec",
            "acwseconds",
            "wrapup",
            "wrapupsec",
            "wrapuptime",
            "aftercontactworkduration",
        ],
    ),
    (Col::Transferred, &["transfer", "istransfer", "wastransferred", "transferflag"]),
    (Col::Csat, &["csatscore", "survey", "surveyscore", "satisfaction"]),
];

/// Lowercase letters and digits only: `Contact-ID`, `contact_id` and
/// `ContactId` all become `contactid`. A leading byte-order mark is dropped.
pub fn normalize(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The canonical column a header names, directly or through an alias.
pub fn column_for(header: &str) -> Option<Col> {
    let h = normalize(header);
    if h.is_empty() {
        return None;
    }
    for (col, names) in ALIASES {
        if normalize(col.name()) == h || names.contains(&h.as_str()) {
            return Some(*col);
        }
    }
    None
}

/// The header closest to an arbitrary wanted name (a mapping that names a
/// column the file does not have).
pub fn closest_name<'h>(wanted: &str, headers: &[&'h str]) -> Option<&'h str> {
    let w = normalize(wanted);
    headers
        .iter()
        .map(|h| (distance(&normalize(h), &w), *h))
        .filter(|(d, _)| *d <= (w.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, h)| h.trim_start_matches('\u{feff}').trim())
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The header closest to a canonical column (by edit distance to its name
/// and aliases, normalized), when it is close enough to be a useful hint.
pub fn closest<'h>(col: Col, headers: &[&'h str]) -> Option<&'h str> {
    let mut targets = vec![normalize(col.name())];
    if let Some((_, names)) = ALIASES.iter().find(|(c, _)| *c == col) {
        targets.extend(names.iter().map(|s| s.to_string()));
    }
    let mut best: Option<(usize, &str)> = None;
    for h in headers {
        let n = normalize(h);
        if n.is_empty() {
            continue;
        }
        for t in &targets {
            let d = distance(&n, t);
            let contains = n.contains(t.as_str()) || t.contains(n.as_str());
            let d = if contains && n.len() >= 3 { d.min(1) } else { d };
            if d <= (t.len().max(n.len()) / 3).max(1) && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, h));
            }
        }
    }
    best.map(|(_, h)| h.trim_start_matches('\u{feff}').trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_ignore_case_and_separators() {
        assert_eq!(column_for("uniqueid"), Some(Col::CallId));
        assert_eq!(column_for("Contact_ID"), Some(Col::CallId));
        assert_eq!(column_for("ContactId"), Some(Col::CallId));
        assert_eq!(column_for(" Queue-Name "), Some(Col::Queue));
        assert_eq!(column_for("SKILL"), Some(Col::Queue));
        assert_eq!(column_for("split"), Some(Col::Queue));
        assert_eq!(column_for("ANI"), Some(Col::Caller));
        assert_eq!(column_for("CallerID"), Some(Col::Caller));
        assert_eq!(column_for("src"), Some(Col::Caller));
        assert_eq!(column_for("\u{feff}Arrived At"), Some(Col::ArrivedAt));
        assert_eq!(column_for("id"), None);
        assert_eq!(column_for("start"), None);
    }

    #[test]
    fn closest_header_is_suggested() {
        assert_eq!(closest(Col::CallId, &["CallRefNo", "Skil"]), Some("CallRefNo"));
        assert_eq!(closest(Col::Queue, &["CallRefNo", "Skil"]), Some("Skil"));
        assert_eq!(closest(Col::ArrivedAt, &["QueueStarted", "x"]), Some("QueueStarted"));
        assert_eq!(closest(Col::EndedAt, &["colour", "zz"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
