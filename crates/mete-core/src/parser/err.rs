//! Diagnostics of the parse stage: stable codes, human names for grammar rules, and the
//! conversion of pest errors into located, helpful messages.

use pest::error::{ErrorVariant, InputLocation};

use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

use super::grammar::Rule;
use super::prescan::{DECL_WORDS, Scan, is_word_char};

mod names;
pub(crate) use names::{KEYWORDS, Keyword, describe};

/// Stable diagnostic codes of the parse stage.
pub mod codes {
    /// The text does not follow the grammar.
    pub const SYNTAX: &str = "mete::parse::syntax";
    /// The file is larger than `max_source_bytes`.
    pub const TOO_LARGE: &str = "mete::parse::too_large";
    /// Brackets nest deeper than `max_nesting`.
    pub const TOO_DEEP: &str = "mete::parse::too_deep";
    /// More prefix operators in a row than `max_prefix_run`.
    pub const TOO_MANY_PREFIXES: &str = "mete::parse::too_many_prefixes";
    /// More `if` keywords in one declaration than `max_ifs_per_decl`.
    pub const TOO_MANY_IFS: &str = "mete::parse::too_many_ifs";
    /// An expression nests deeper than the lowering accepts.
    pub const EXPR_TOO_DEEP: &str = "mete::parse::expr_too_deep";
    /// The bytes are not UTF-8.
    pub const INVALID_UTF8: &str = "mete::parse::invalid_utf8";
    /// A `\u{…}` escape names no Unicode scalar value.
    pub const INVALID_ESCAPE: &str = "mete::parse::invalid_escape";
    /// A string has a backslash escape the language does not know (`\q`), or a malformed `\u`.
    pub const UNKNOWN_ESCAPE: &str = "mete::parse::unknown_escape";
    /// A string literal runs to the end of its line.
    pub const UNCLOSED_STRING: &str = "mete::parse::unclosed_string";
    /// A bracket is never closed, or a closing bracket closes nothing.
    pub const UNBALANCED: &str = "mete::parse::unbalanced";
    /// A header setting is given twice.
    pub const DUPLICATE_SETTING: &str = "mete::parse::duplicate_setting";
    /// A circumstance has two conditions or two effects.
    pub const DUPLICATE_MEMBER: &str = "mete::parse::duplicate_member";
    /// The parse tree does not have the shape the lowering expects: a bug in mete.
    pub const INTERNAL: &str = "mete::parse::internal";
}

/// An internal error: the parse tree for `rule` did not have the expected shape.
pub(crate) fn internal(rule: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::INTERNAL,
        format!("internal error: unexpected parse tree for `{rule}`"),
        span,
    )
    .with_help("this is a bug in mete; please report it with the rulebook that triggers it")
}

/// The keyword entry for `rule`, looking through operator rules to their keyword.
fn keyword_of(rule: Rule) -> Option<&'static Keyword> {
    let rule = match rule {
        Rule::op_or => Rule::kw_or,
        Rule::op_and => Rule::kw_and,
        Rule::op_above => Rule::kw_above,
        Rule::op_below => Rule::kw_below,
        Rule::op_exceeds => Rule::kw_exceeds,
        Rule::op_under => Rule::kw_under,
        Rule::op_in => Rule::kw_in,
        Rule::op_not_in => Rule::kw_not_in,
        Rule::op_not => Rule::kw_not,
        Rule::op_if => Rule::kw_if,
        Rule::tier_otherwise => Rule::kw_otherwise,
        Rule::outcome_ref => Rule::kw_outcome,
        Rule::tier_ref => Rule::kw_tier,
        Rule::act_date_ref => Rule::kw_act_date,
        Rule::decision_date_ref => Rule::kw_decision_date,
        Rule::exists => Rule::kw_exists,
        Rule::includes => Rule::kw_includes,
        Rule::applied => Rule::kw_applied,
        Rule::facts_block => Rule::kw_facts,
        Rule::params_block => Rule::kw_params,
        Rule::let_decl => Rule::kw_let,
        Rule::enum_decl => Rule::kw_enum,
        Rule::record_decl => Rule::kw_record,
        Rule::calendar => Rule::kw_calendar,
        Rule::circumstance => Rule::kw_circumstance,
        Rule::adjust => Rule::kw_adjust,
        Rule::violation => Rule::kw_violation,
        Rule::review | Rule::review_kind => Rule::kw_review,
        Rule::test => Rule::kw_test,
        Rule::tier => Rule::kw_tier,
        Rule::fine => Rule::kw_fine,
        Rule::cite => Rule::kw_cite,
        Rule::violates => Rule::kw_violates,
        Rule::circ_when => Rule::kw_when,
        other => other,
    };
    KEYWORDS.iter().find(|k| k.rule == rule)
}

/// The reserved keyword spelled `word`, if any.
fn reserved_word(word: &str) -> Option<&'static Keyword> {
    KEYWORDS
        .iter()
        .find(|k| k.reserved && (k.en == word || k.zh == word))
}

/// The infix and postfix operators: what may continue a complete expression.
const OPERATORS: &[Rule] = &[
    Rule::kw_or,
    Rule::kw_and,
    Rule::kw_above,
    Rule::kw_below,
    Rule::kw_exceeds,
    Rule::kw_under,
    Rule::kw_not_in,
    Rule::kw_in,
    Rule::kw_within,
    Rule::kw_zai,
    Rule::op_or,
    Rule::op_and,
    Rule::op_eq,
    Rule::op_ne,
    Rule::op_le,
    Rule::op_ge,
    Rule::op_lt,
    Rule::op_gt,
    Rule::op_above,
    Rule::op_below,
    Rule::op_exceeds,
    Rule::op_under,
    Rule::op_not_in,
    Rule::op_in,
    Rule::op_add,
    Rule::op_sub,
    Rule::op_mul,
    Rule::op_div,
    Rule::window,
];

/// Groups of rules that read better as one entry of an "expected" list.
const GROUPS: &[(&str, &[Rule])] = &[
    (
        "a declaration (`facts`, `let`, `violation`, …)",
        &[
            Rule::facts_block,
            Rule::params_block,
            Rule::let_decl,
            Rule::enum_decl,
            Rule::record_decl,
            Rule::calendar,
            Rule::circumstance,
            Rule::adjust,
            Rule::violation,
            Rule::review_kind,
            Rule::review,
            Rule::test,
            Rule::kw_facts,
            Rule::kw_params,
            Rule::kw_let,
            Rule::kw_enum,
            Rule::kw_record,
            Rule::kw_calendar,
            Rule::kw_circumstance,
            Rule::kw_adjust,
            Rule::kw_violation,
            Rule::kw_review,
            Rule::kw_test,
        ],
    ),
    (
        "a header setting (`title`, `version`, `effective`, …)",
        &[
            Rule::title,
            Rule::authority,
            Rule::version,
            Rule::effective,
            Rule::import,
            Rule::refines,
            Rule::boundaries,
            Rule::rounding,
            Rule::conflicts,
            Rule::placement,
            Rule::kw_title,
            Rule::kw_authority,
            Rule::kw_version,
            Rule::kw_effective,
            Rule::kw_import,
            Rule::kw_refines,
            Rule::kw_boundaries,
            Rule::kw_rounding,
            Rule::kw_conflicts,
            Rule::kw_placement,
        ],
    ),
    (
        "an item member (`fine`, `tier`, …)",
        &[
            Rule::violates,
            Rule::cite,
            Rule::item_refines,
            Rule::fine,
            Rule::tier,
            Rule::sanction,
            Rule::kw_violates,
            Rule::kw_cite,
            Rule::kw_fine,
            Rule::kw_tier,
            Rule::modality,
        ],
    ),
    (
        "an expression",
        &[
            Rule::expr,
            Rule::ident,
            Rule::string,
            Rule::date,
            Rule::number,
            Rule::percent,
            Rule::duration,
            Rule::bool_lit,
            Rule::kw_true,
            Rule::kw_false,
            Rule::set_lit,
            Rule::list_lit,
            Rule::call,
            Rule::exists,
            Rule::kw_exists,
            Rule::decision_field,
            Rule::kw_statutory,
            Rule::outcome_ref,
            Rule::kw_outcome,
            Rule::tier_ref,
            Rule::kw_tier,
            Rule::kw_fine,
            Rule::number_digits,
            Rule::times,
            Rule::includes,
            Rule::kw_includes,
            Rule::applied,
            Rule::kw_applied,
            Rule::act_date_ref,
            Rule::kw_act_date,
            Rule::decision_date_ref,
            Rule::kw_decision_date,
            Rule::op_if,
            Rule::kw_if,
            Rule::op_neg,
            Rule::op_not,
            Rule::kw_not,
        ],
    ),
    ("an operator", OPERATORS),
];

/// What may end an element inside a bracket, for the "expected …" list and the help.
#[derive(Debug, Clone, Copy)]
struct ElementEnd {
    expected: &'static [&'static str],
    help: &'static str,
}

/// Where only an operator could continue an expression inside `(…)`, `[…]` or `{…}`, the
/// separator and the closing bracket could also come next; pest does not name them, as they are
/// silent rules. The innermost bracket open at `pos` says which (a `(` right after a name is a
/// call).
fn element_end(text: &str, pos: usize, positives: &[Rule]) -> Option<ElementEnd> {
    let continues = |r: &Rule| {
        OPERATORS.contains(r) || matches!(r, Rule::kw_of | Rule::kw_where | Rule::duration_unit)
    };
    // Units alone follow a number where an element cannot end (`suspend_business 3 }`).
    if !positives.iter().any(|r| OPERATORS.contains(r)) || !positives.iter().all(continues) {
        return None;
    }
    let unlimited = super::ParseOptions {
        max_source_bytes: usize::MAX,
        max_nesting: usize::MAX,
        max_prefix_run: usize::MAX,
        max_ifs_per_decl: usize::MAX,
    };
    let before = text.get(..pos)?;
    let scan = super::prescan::scan(FileId(0), before, &unlimited).ok()?;
    let (open, at) = *scan.unclosed_brackets.last()?;
    let after_name = before
        .get(..at)
        .and_then(|b| b.trim_end().chars().next_back())
        .is_some_and(is_word_char);
    Some(match open {
        '{' => ElementEnd {
            expected: &["`,`", "`}`"],
            help: "the elements of a set are separated by `,` and it ends with `}`",
        },
        '[' => ElementEnd {
            expected: &["`,`", "`]`"],
            help: "the elements of a list are separated by `,` and it ends with `]`",
        },
        _ if after_name => ElementEnd {
            expected: &["`,`", "`)`"],
            help: "a function's arguments are separated by `,` and end with `)`",
        },
        _ => ElementEnd {
            expected: &["`)`"],
            help: "close the parenthesis with `)`",
        },
    })
}

/// Most entries in an "expected …" list.
const MAX_EXPECTED: usize = 5;

/// "X, Y or Z" from `first` and the rules pest expected, grouped and capped.
fn expected_list(first: &[&'static str], positives: &[Rule]) -> String {
    let mut items: Vec<&'static str> = Vec::new();
    let mut push = |s: &'static str| {
        if !items.contains(&s) {
            items.push(s);
        }
    };
    first.iter().for_each(|s| push(s));
    // A group stands for its rules when at least three of them were expected.
    let groups: Vec<&(&str, &[Rule])> = GROUPS
        .iter()
        .filter(|(_, rules)| positives.iter().filter(|r| rules.contains(r)).count() >= 3)
        .collect();
    // A number followed by a space may have been the start of a duration; name the units only
    // when nothing else was possible.
    let is_unit = |r: &Rule| {
        matches!(
            r,
            Rule::duration_unit | Rule::unit_years | Rule::unit_months | Rule::unit_days
        )
    };
    let only_units = positives.iter().all(is_unit);
    for rule in positives
        .iter()
        .filter(|r| **r != Rule::EOI && (only_units || !is_unit(r)))
    {
        match groups.iter().find(|(_, rules)| rules.contains(rule)) {
            Some((name, _)) => push(name),
            None => push(describe(*rule)),
        }
    }
    // The end of the file is the least helpful alternative: name it last.
    if positives.contains(&Rule::EOI) {
        push(describe(Rule::EOI));
    }
    let more = items.len() > MAX_EXPECTED;
    items.truncate(MAX_EXPECTED);
    match items.split_last() {
        None => "something else".to_string(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) if more => format!("{}, {last} or …", rest.join(", ")),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The token at `pos`: a whole word, one other character, or nothing at the end of the text.
fn token_at(text: &str, pos: usize) -> Option<&str> {
    let rest = text.get(pos..)?;
    let first = rest.chars().next()?;
    if is_word_char(first) {
        let end = rest
            .char_indices()
            .find(|(_, c)| !is_word_char(*c))
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        rest.get(..end)
    } else {
        rest.get(..first.len_utf8())
    }
}

/// Converts a pest error into a diagnostic, with hints for common mistakes.
pub(crate) fn syntax_error(
    file: FileId,
    text: &str,
    error: &pest::error::Error<Rule>,
    scan: &Scan,
) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let (positives, negatives): (&[Rule], &[Rule]) = match &error.variant {
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => (positives, negatives),
        ErrorVariant::CustomError { message } => {
            // pest's own stack or call limit: the pre-scan should make this unreachable.
            return Diagnostic::error(
                codes::TOO_DEEP,
                format!("the text is too deeply nested to parse ({message})"),
                Span::new(file, pos, pos),
            );
        }
    };
    let token = token_at(text, pos);
    let token_end = pos + token.map(str::len).unwrap_or(0);
    let span = Span::new(file, pos, token_end);

    if let Some(start) = scan.unclosed_string.filter(|s| *s <= pos) {
        let line_end = text
            .get(start..)
            .and_then(|r| r.find('\n'))
            .map(|i| start + i)
            .unwrap_or(text.len());
        return Diagnostic::error(
            codes::UNCLOSED_STRING,
            "this string is never closed",
            Span::new(file, start, line_end),
        )
        .with_label("the string starts here and runs to the end of the line")
        .with_help("close the string with `\"` (or `”`) on the same line");
    }
    if let Some((c, at)) = scan.stray_closer.filter(|(_, at)| *at <= pos) {
        return Diagnostic::error(
            codes::UNBALANCED,
            format!("`{c}` closes nothing"),
            Span::new(file, at, at + c.len_utf8()),
        )
        .with_label("no open bracket matches this one")
        .with_help("check the brackets before it: one is missing or one too many");
    }
    if token.is_none()
        && let Some((c, at)) = scan.unclosed_brackets.last()
    {
        return Diagnostic::error(
            codes::UNBALANCED,
            format!("`{c}` is never closed"),
            Span::new(file, *at, at + c.len_utf8()),
        )
        .with_label("opened here")
        .with_secondary(Span::new(file, pos, pos), "the file ends here")
        .with_help("add the closing bracket");
    }

    // `item_head_kw` refused a head member after the item's other members had begun.
    let late_head = negatives.iter().any(|r| {
        matches!(
            r,
            Rule::kw_violates | Rule::kw_cite | Rule::kw_refines | Rule::kw_conflicts
        )
    });
    if let Some(word) = token.filter(|_| late_head) {
        return Diagnostic::error(
            codes::SYNTAX,
            format!("`{word}` of the item must come before its other members"),
            span,
        )
        .with_label("the item's fine, tiers or sanctions have already begun")
        .with_help(format!(
            "`{word}` of the item goes before its fine and tiers: move it up to the top of the \
             item; a `cite` right after a tier, adjustment or review is that member's own"
        ));
    }

    let found = match token {
        None => "the end of the file".to_string(),
        Some(t) => format!("`{t}`"),
    };
    let after_element = element_end(text, pos, positives);
    let first = after_element.map(|e| e.expected).unwrap_or(&[]);
    let expected = expected_list(first, positives);
    let mut diag = Diagnostic::error(
        codes::SYNTAX,
        format!("expected {expected}, found {found}"),
        span,
    )
    .with_label(format!("expected {expected}"));
    if let Some(e) = after_element {
        diag = diag.with_help(e.help);
    }

    if positives.contains(&Rule::kw_rulebook) {
        // A header further down (at the start of a line) is to be moved, not written.
        let later_header = text.get(pos..).is_some_and(|rest| {
            rest.lines()
                .any(|l| l.starts_with("rulebook ") || l.starts_with("规则集 "))
        });
        let before = match token.filter(|t| DECL_WORDS.contains(t)) {
            Some(t) if later_header => format!("; move the header below up, before `{t}`"),
            Some(t) => format!("; write it before `{t}`"),
            None => String::new(),
        };
        return diag.with_help(format!(
            "a rulebook file begins with its header `rulebook \"id\" {{ … }}` or \
             `规则集 \"id\" {{ … }}`, such as `rulebook \"food-safety\" {{ version \"1\" \
             effective from 2024-01-01 }}`{before}"
        ));
    }
    if let Some(word) = token.filter(|t| matches!(*t, "rulebook" | "规则集")) {
        return diag.with_help(format!(
            "a file has one header and it comes first: move `{word} \"…\" {{ … }}` above every \
             declaration"
        ));
    }
    if let Some((c, at)) = scan
        .unclosed_brackets
        .iter()
        .rev()
        .find(|(_, at)| *at < pos)
    {
        diag = diag
            .with_secondary(
                Span::new(file, *at, at + c.len_utf8()),
                "this bracket is never closed",
            )
            .with_help(format!("close the `{c}` before this point"));
        return diag;
    }
    let at_line_start = pos == 0 || text.get(..pos).is_some_and(|b| b.ends_with('\n'));
    if let Some(word) = token.filter(|w| at_line_start && DECL_WORDS.contains(w)) {
        return diag.with_help(format!(
            "the declaration before `{word}` is incomplete: finish it before starting a new one"
        ));
    }
    if positives.contains(&Rule::field_decl) {
        return diag.with_help(
            "a fact, parameter or field is written `name: type \"label\"`, as in \
             `goods_value: money \"货值金额\" default 0`",
        );
    }
    if !positives.is_empty() && positives.iter().all(|r| matches!(r, Rule::duration_unit)) {
        return diag.with_help(
            "a number here starts a duration: write its unit, as in `6 months` or `15日`",
        );
    }
    if let Some(word) = token {
        let wants_name = positives
            .iter()
            .any(|r| matches!(r, Rule::ident | Rule::item_id | Rule::expr));
        if let Some(kw) = reserved_word(word).filter(|_| wants_name) {
            let suggestion = if word == kw.en {
                format!("{word}_value")
            } else {
                format!("{word}值")
            };
            diag = diag.with_help(format!(
                "`{word}` is a reserved word and cannot be used as a name; choose another name \
                 such as `{suggestion}`"
            ));
        } else if let Some((kw, rest)) = glued_keyword(word, positives) {
            diag = diag.with_help(format!(
                "keywords are separated from names by a space: write `{kw} {rest}`"
            ));
        }
    }
    if diag.help.is_none() && wants_tier_condition(positives) {
        diag = diag.with_help(
            "a tier says when it applies before its band: `tier light \"从轻\" when x < 10: \
             lower 30%`, or `otherwise` for the default tier",
        );
    }
    diag
}

/// Whether pest wanted only a tier's grade or condition: `when …` or `otherwise`.
fn wants_tier_condition(positives: &[Rule]) -> bool {
    positives.contains(&Rule::kw_when)
        && positives.contains(&Rule::kw_otherwise)
        && positives
            .iter()
            .all(|r| matches!(r, Rule::ident | Rule::kw_when | Rule::kw_otherwise))
}

/// A Chinese keyword that `word` starts with, among the ones pest expected here, with the rest
/// of the word: `当货值金额` where `当` was expected.
fn glued_keyword<'w>(word: &'w str, positives: &[Rule]) -> Option<(&'static str, &'w str)> {
    positives
        .iter()
        .filter_map(|r| keyword_of(*r))
        .filter_map(|k| {
            word.strip_prefix(k.zh)
                .filter(|rest| !rest.is_empty() && !k.zh.is_ascii())
                .map(|rest| (k.zh, rest))
        })
        .max_by_key(|(kw, _)| kw.len())
}
