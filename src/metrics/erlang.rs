//! Erlang C (M/M/N) staffing, with numerically stable formulas: the Erlang
//! B recursion B(n) = A·B(n−1) / (n + A·B(n−1)) never forms a factorial or
//! a power, so it works for thousands of agents. Formulas as in the
//! reference (metric-definitions.md, b.7):
//!
//! - traffic A = calls × AHT / interval length (Erlangs), occupancy A / N
//! - P(wait) = C(N, A) = N·B / (N − A·(1 − B)), B = Erlang B(N, A)
//! - SL(T) = 1 − P(wait) · exp(−(N − A) · T / AHT)
//! - ASA = P(wait) · AHT / (N − A)
//!
//! The model assumes Poisson arrivals and no abandonment.

/// One figure of the staffing model as `callstat staffing` shows it.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub id: &'static str,
    pub label: &'static str,
    pub unit: crate::metrics::Unit,
    /// What it is, in words.
    pub definition: &'static str,
}

/// The staffing model's figures, in the order `callstat staffing` shows
/// them (between the registry's `aht_s` and `agents_seen`).
pub const OUTPUTS: &[Output] = &[
    Output {
        id: "traffic_erlangs",
        label: "Erlangs",
        unit: crate::metrics::Unit::Score,
        definition: "offered calls x AHT / interval length",
    },
    Output {
        id: "required_agents",
        label: "Required",
        unit: crate::metrics::Unit::Count,
        definition: "fewest agents whose Erlang C service level meets the target, within --max-occupancy",
    },
    Output {
        id: "scheduled_agents",
        label: "Scheduled",
        unit: crate::metrics::Unit::Count,
        definition: "required / (1 - shrinkage), rounded up",
    },
    Output {
        id: "p_wait",
        label: "P(wait)",
        unit: crate::metrics::Unit::Ratio,
        definition: "Erlang C probability that a call waits, with the required agents",
    },
    Output {
        id: "expected_service_level",
        label: "Exp. SL",
        unit: crate::metrics::Unit::Ratio,
        definition: "1 - P(wait) x exp(-(N - A) x T / AHT), with the required agents",
    },
    Output {
        id: "expected_asa_s",
        label: "Exp. ASA",
        unit: crate::metrics::Unit::Seconds,
        definition: "P(wait) x AHT / (N - A), with the required agents",
    },
    Output {
        id: "occupancy",
        label: "Occupancy",
        unit: crate::metrics::Unit::Ratio,
        definition: "traffic / required agents",
    },
];

/// The model's figures for N agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Erlang {
    pub agents: u32,
    pub p_wait: f64,
    pub service_level: f64,
    pub asa_s: f64,
    pub occupancy: f64,
}

/// Erlang B blocking probability for `n` servers and `a` Erlangs.
pub fn erlang_b(n: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

fn figures(n: u32, b: f64, a: f64, aht_s: f64, target_s: f64) -> Erlang {
    let nf = f64::from(n);
    let p_wait = nf * b / (nf - a * (1.0 - b));
    Erlang {
        agents: n,
        p_wait,
        service_level: 1.0 - p_wait * (-(nf - a) * target_s / aht_s).exp(),
        asa_s: p_wait * aht_s / (nf - a),
        occupancy: a / nf,
    }
}

/// The figures for exactly `n` agents, or `None` when `n <= a` (the queue
/// grows without bound) or the inputs are not positive.
pub fn with_agents(n: u32, a: f64, aht_s: f64, target_s: f64) -> Option<Erlang> {
    if a <= 0.0 || aht_s <= 0.0 || f64::from(n) <= a {
        return None;
    }
    Some(figures(n, erlang_b(n, a), a, aht_s, target_s))
}

/// The smallest number of agents N > A whose service level within
/// `target_s` reaches `target_sl` and whose occupancy is at most
/// `max_occupancy`. `None` for no traffic.
pub fn required(a: f64, aht_s: f64, target_s: f64, target_sl: f64, max_occupancy: f64) -> Option<Erlang> {
    if a <= 0.0 || aht_s <= 0.0 || !a.is_finite() {
        return None;
    }
    let mut b = 1.0;
    let mut n: u32 = 0;
    loop {
        n += 1;
        b = a * b / (f64::from(n) + a * b);
        if f64::from(n) <= a {
            continue;
        }
        let e = figures(n, b, a, aht_s, target_s);
        if e.service_level >= target_sl && e.occupancy <= max_occupancy {
            return Some(e);
        }
        if n == u32::MAX {
            return None;
        }
    }
}

/// Agents to schedule so that `required` remain after shrinkage.
pub fn scheduled(required: u32, shrinkage: f64) -> u32 {
    if required == 0 {
        return 0;
    }
    let x = f64::from(required) / (1.0 - shrinkage);
    // Guard against 14 / 0.7 = 20.000000000000004 rounding up to 21.
    (x - 1e-9).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    #[test]
    fn reference_vector() {
        // 100 calls / 30 min, AHT 180 s: A = 100 * 180 / 1800 = 10 Erlangs.
        let e = with_agents(14, 10.0, 180.0, 20.0).unwrap();
        assert!(close(e.p_wait, 0.1741319, 5e-8), "{}", e.p_wait);
        assert!(close(e.service_level, 0.8883500, 5e-8), "{}", e.service_level);
        assert!(close(e.asa_s, 7.836, 5e-4), "{}", e.asa_s);
        assert!(close(e.occupancy, 0.7142857, 5e-8));
        let r = required(10.0, 180.0, 20.0, 0.80, 1.0).unwrap();
        assert_eq!(r.agents, 14);
        assert_eq!(scheduled(14, 0.3), 20);
    }

    #[test]
    fn service_level_by_agents() {
        for (n, sl) in [(11, 0.3896), (12, 0.6402), (13, 0.7956), (14, 0.8884), (15, 0.9415)] {
            let e = with_agents(n, 10.0, 180.0, 20.0).unwrap();
            assert!(close(e.service_level, sl, 5e-5), "{n}: {}", e.service_level);
        }
    }

    #[test]
    fn occupancy_cap_and_large_centers() {
        // A cap of 0.70 needs 15 agents (10/14 = 0.714 > 0.70).
        assert_eq!(required(10.0, 180.0, 20.0, 0.80, 0.70).unwrap().agents, 15);
        // 2,000 Erlangs: no overflow, a finite answer just above A.
        let e = required(2000.0, 300.0, 20.0, 0.80, 1.0).unwrap();
        assert!(e.agents > 2000 && e.agents < 2100, "{}", e.agents);
        assert!(e.p_wait.is_finite() && e.service_level >= 0.80);
        assert!(required(0.0, 180.0, 20.0, 0.8, 1.0).is_none());
        assert!(with_agents(10, 10.0, 180.0, 20.0).is_none());
    }
}
