//! Vendor presets: the service-level formula, short-abandon handling,
//! abandon definition and interval attribution each product documents, so
//! callstat's numbers can be reconciled with its dashboard. Sections cited
//! are from `metric-definitions.md` (the project's reference). Explicit
//! flags override a preset.

use super::{AbandonFormula, Rules, SlFormula};
use crate::values::Attribution;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Callstat,
    AmazonConnect,
    Genesys,
    CiscoNegative,
    CiscoPositive,
    CiscoIgnored,
    Avaya,
    Asterisk,
    Talkdesk,
}

/// What a preset sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetRules {
    pub sl_formula: SlFormula,
    pub short_abandon_s: i64,
    pub abandon_formula: AbandonFormula,
    pub attribution: Attribution,
    /// Where the choices come from.
    pub source: &'static str,
}

impl crate::choice::Choice for Preset {
    const WHAT: &'static str = "preset";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("callstat", Preset::Callstat, "callstat's own defaults"),
        ("amazon-connect", Preset::AmazonConnect, "Amazon Connect's contact-record metrics"),
        ("genesys", Preset::Genesys, "Genesys Cloud with its default toggles"),
        ("cisco-negative", Preset::CiscoNegative, "Cisco UCCE 'SL Aban Negative'"),
        ("cisco-positive", Preset::CiscoPositive, "Cisco UCCE 'SL Aban Positive'"),
        ("cisco-ignored", Preset::CiscoIgnored, "Cisco UCCE 'SL Aban Ignored'"),
        ("avaya", Preset::Avaya, "Avaya BCMS / CMS"),
        ("asterisk", Preset::Asterisk, "Asterisk ServiceLevelPerf / Asternic"),
        ("talkdesk", Preset::Talkdesk, "Talkdesk's data dictionary"),
    ];
}
crate::choice::choice_str!(Preset);

impl Preset {
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }

    pub fn rules(self) -> PresetRules {
        use AbandonFormula as A;
        use Attribution as At;
        use SlFormula as F;
        let p = |sl_formula, short_abandon_s, abandon_formula, attribution, source| PresetRules {
            sl_formula,
            short_abandon_s,
            abandon_formula,
            attribution,
            source,
        };
        match self {
            Preset::Callstat => p(
                F::ExcludeShort,
                5,
                A::ExcludeShort,
                At::Arrival,
                "callstat's own defaults (README, Metrics)",
            ),
            Preset::AmazonConnect => p(
                F::PositiveAbandons,
                0,
                A::All,
                At::End,
                "b.1 SL-4 'Service level X' = contacts removed from queue within X / contacts queued; b.2 abandon rate = abandoned / queued, no short abandons; b.6 contact-record metrics land in the interval of the disconnect",
            ),
            Preset::Genesys => p(
                F::Offered,
                0,
                A::All,
                At::Arrival,
                "b.1 SL-7 with default toggles (short abandons included, no flow-outs) = ans<=T / (answered + abandoned); b.2 Abandon % = abandoned / offered including short abandons; b.6 offered counts in the interval of queue entry",
            ),
            Preset::CiscoNegative => p(
                F::Offered,
                5,
                A::ExcludeShort,
                At::Arrival,
                "b.1 SL-2 'SL Aban Negative' = ServiceLevelCalls / ServiceLevelCallsOffered; b.2 abandons within 'Abandon Wait Time' are ShortCalls, not abandons; b.6 gives no rule, callstat's arrival kept",
            ),
            Preset::CiscoPositive => p(
                F::PositiveAbandons,
                5,
                A::ExcludeShort,
                At::Arrival,
                "b.1 SL-4 'SL Aban Positive'; b.2 short calls are not abandons; b.6 gives no rule, arrival kept",
            ),
            Preset::CiscoIgnored => p(
                F::IgnoreAbandonsWithin,
                5,
                A::ExcludeShort,
                At::Arrival,
                "b.1 SL-3 'SL Aban Ignored' = ServiceLevelCalls / (ServiceLevelCallsOffered - ServiceLevelAband), following the formula, not the prose; b.2 short calls are not abandons",
            ),
            Preset::Avaya => p(
                F::Offered,
                10,
                A::ExcludeShort,
                At::Arrival,
                "b.1 SL-2 BCMS VDN '% IN SERV LEVL' = accepted / calls offered; old CMS abandon threshold 10 s (b.1 defaults) taken as the short-abandon threshold [S]",
            ),
            Preset::Asterisk => p(
                F::Answered,
                0,
                A::All,
                At::End,
                "b.1 SL-1 ServiceLevelPerf / Asternic = answered within / answered; b.2 every ABANDON counts; b.6 Asternic buckets calls by their COMPLETE*/ABANDON event (the end)",
            ),
            Preset::Talkdesk => p(
                F::ExcludeShort,
                5,
                A::ExcludeShort,
                At::Arrival,
                "b.1 SL-6 Talkdesk data dictionary: answered within SL / (inbound - short abandoned); 5 s short abandons (Ivanti default, b.2)",
            ),
        }
    }

    /// Dispositions the product does not count as abandons (flow-outs).
    pub fn flow_outs(self) -> &'static [&'static str] {
        match self {
            // b.2: contacts queued for callback are not abandoned.
            Preset::AmazonConnect => &["callback"],
            // b.2: flow-outs (voicemail, callback, transfer, in-queue flow exits) are not abandons.
            Preset::Genesys => &["callback", "voicemail", "overflow", "transfer"],
            _ => &[],
        }
    }

    /// Applies the preset to rules and returns its attribution.
    pub fn apply(self, rules: &mut Rules) -> Attribution {
        let p = self.rules();
        rules.sl_formula = p.sl_formula;
        rules.short_abandon_s = p.short_abandon_s;
        rules.abandon_formula = p.abandon_formula;
        for d in self.flow_outs() {
            rules.outcomes.insert((*d).to_string(), super::Outcome::FlowOut);
        }
        p.attribution
    }
}
