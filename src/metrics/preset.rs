//! Vendor presets: the service-level formula, short-abandon handling,
//! abandon definition and interval attribution each product documents, so
//! callstat's numbers can be reconciled with its dashboard. Each names the
//! vendor document it follows. Explicit flags override a preset.

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
                "Amazon Connect Administrator Guide, Historical metrics definitions: 'Service level X' = contacts removed from queue within X / contacts queued; 'Contact abandoned' rate = abandoned / queued, no short abandons, callbacks not abandoned; contact-record metrics land in the interval of the disconnect (https://docs.aws.amazon.com/connect/latest/adminguide/historical-metrics-definitions.html)",
            ),
            Preset::Genesys => p(
                F::Offered,
                0,
                A::All,
                At::Arrival,
                "Genesys Cloud Resource Center, 'Configure the service level calculation' with the default toggles (short abandons included, no flow-outs) = ans<=T / (answered + abandoned), and 'Metric definitions': Abandon % = abandoned / offered including short abandons, flow-outs (voicemail, callback, transfer) not abandons; offered counts in the interval of queue entry (https://help.mypurecloud.com/articles/configure-the-service-level-calculation/)",
            ),
            Preset::CiscoNegative => p(
                F::Offered,
                5,
                A::ExcludeShort,
                At::Arrival,
                "Cisco Unified Intelligence Center report guide (UCCE): 'SL Aban Negative' = ServiceLevelCalls / ServiceLevelCallsOffered; abandons within the 'Abandon Wait Time' are ShortCalls, not abandons; no interval rule documented, arrival kept",
            ),
            Preset::CiscoPositive => p(
                F::PositiveAbandons,
                5,
                A::ExcludeShort,
                At::Arrival,
                "Cisco Unified Intelligence Center report guide (UCCE): 'SL Aban Positive' = (ServiceLevelCalls + ServiceLevelAband) / ServiceLevelCallsOffered; short calls are not abandons; arrival kept",
            ),
            Preset::CiscoIgnored => p(
                F::IgnoreAbandonsWithin,
                5,
                A::ExcludeShort,
                At::Arrival,
                "Cisco Unified Intelligence Center report guide (UCCE): 'SL Aban Ignored' = ServiceLevelCalls / (ServiceLevelCallsOffered - ServiceLevelAband), following the formula rather than the prose; short calls are not abandons",
            ),
            Preset::Avaya => p(
                F::Offered,
                10,
                A::ExcludeShort,
                At::Arrival,
                "Avaya BCMS Operations guide, VDN report: '% IN SERV LEVL' = accepted / calls offered; the Avaya CMS user guide's 10 s abandon threshold taken as the short-abandon threshold (secondary source)",
            ),
            Preset::Asterisk => p(
                F::Answered,
                0,
                A::All,
                At::End,
                "Asterisk AMI QueueParams ServiceLevelPerf and Asternic Lite (html/answered.php) = answered within / answered; every ABANDON counts; Asternic buckets calls by their COMPLETE*/ABANDON event (the end)",
            ),
            Preset::Talkdesk => p(
                F::ExcludeShort,
                5,
                A::ExcludeShort,
                At::Arrival,
                "Talkdesk data dictionary, '% Service Level' = answered within SL / (inbound - short abandoned) (https://data-dictionary.talkdesk.com/docs/contacts-service-level); 5 s short abandons (Ivanti Voice's default)",
            ),
        }
    }

    /// Dispositions the product does not count as abandons (flow-outs).
    pub fn flow_outs(self) -> &'static [&'static str] {
        match self {
            // Amazon Connect: contacts queued for callback are not abandoned.
            Preset::AmazonConnect => &["callback"],
            // Genesys: flow-outs (voicemail, callback, transfer, in-queue flow exits) are not abandons.
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
