//! Flags of `callstat calls`: the shared groups and the filters that pick
//! the calls behind a number.

use clap::Args;

use super::{InputArgs, OutputArgs, RejectArgs, RuleArgs, WindowArgs, ZoneArgs};
use crate::values::Seconds;

#[derive(Debug, Clone, Args)]
pub struct CallsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub reject: RejectArgs,

    /// Only unanswered calls (short abandons and flow-outs included).
    #[arg(long, conflicts_with = "answered")]
    pub abandoned: bool,

    /// Only answered calls.
    #[arg(long)]
    pub answered: bool,

    /// Only these queues (comma list or repeated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub queue: Vec<String>,

    /// Only calls answered by these agents (comma list or repeated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub agent: Vec<String>,

    /// Only calls that waited longer than this (e.g. 60s, 2m).
    #[arg(long, value_name = "DURATION")]
    pub wait_over: Option<Seconds>,

    /// Only calls that broke FCR: answered, and the caller called again within --fcr-window.
    #[arg(long)]
    pub repeat: bool,

    /// The callers to call back instead of the calls: one line per caller (the FCR key) with an
    /// abandoned call in the window and no answered or outbound contact within --fcr-window
    /// after it, with their open attempts, first and last time, longest wait and last queue.
    #[arg(long, conflicts_with_all = ["answered", "repeat"])]
    pub callback: bool,

    #[command(flatten)]
    pub zone: ZoneArgs,

    #[command(flatten)]
    pub window: WindowArgs,

    /// The rules that decide each call's outcome and FCR, as for `report`.
    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub out: OutputArgs,
}
