//! Diagnostics of the parse stage: stable codes, human names for grammar rules, and the
//! conversion of pest errors into located, helpful messages.

use pest::error::{ErrorVariant, InputLocation};

use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

use super::grammar::Rule;
use super::prescan::{DECL_WORDS, Scan, is_word_char};

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

/// A keyword with both spellings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyword {
    /// Its grammar rule.
    pub rule: Rule,
    /// English spelling (words separated by one space).
    pub en: &'static str,
    /// Chinese spelling.
    pub zh: &'static str,
    /// Whether it can never be a name.
    pub reserved: bool,
}

/// Every keyword of the grammar.
pub(crate) const KEYWORDS: &[Keyword] = &[
    Keyword {
        rule: Rule::kw_rulebook,
        en: "rulebook",
        zh: "规则集",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_title,
        en: "title",
        zh: "标题",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_authority,
        en: "authority",
        zh: "机关",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_version,
        en: "version",
        zh: "版本",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_effective,
        en: "effective",
        zh: "施行",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_from,
        en: "from",
        zh: "自",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_until,
        en: "until",
        zh: "至",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_import,
        en: "import",
        zh: "引用",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_with,
        en: "with",
        zh: "设定",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_refines,
        en: "refines",
        zh: "细化",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_boundaries,
        en: "boundaries",
        zh: "边界",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_inclusive,
        en: "inclusive",
        zh: "含本数",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_exclusive,
        en: "exclusive",
        zh: "不含本数",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_rounding,
        en: "rounding",
        zh: "舍入",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_conflicts,
        en: "conflicts",
        zh: "冲突",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_placement,
        en: "placement",
        zh: "裁量位置",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_within,
        en: "within",
        zh: "限于",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_except,
        en: "except",
        zh: "除外",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_facts,
        en: "facts",
        zh: "事实",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_params,
        en: "params",
        zh: "参数",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_let,
        en: "let",
        zh: "定义",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_enum,
        en: "enum",
        zh: "枚举",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_record,
        en: "record",
        zh: "记录",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_set_of,
        en: "set of",
        zh: "集合",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_list_of,
        en: "list of",
        zh: "列表",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_note,
        en: "note",
        zh: "说明",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_default,
        en: "default",
        zh: "默认",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_optional,
        en: "optional",
        zh: "可选",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_range,
        en: "range",
        zh: "范围",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_calendar,
        en: "calendar",
        zh: "日历",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_holidays,
        en: "holidays",
        zh: "节假日",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_workdays,
        en: "workdays",
        zh: "调休工作日",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_violation,
        en: "violation",
        zh: "违法行为",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_violates,
        en: "violates",
        zh: "违反",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_cite,
        en: "cite",
        zh: "依据",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_fine,
        en: "fine",
        zh: "罚款",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_tier,
        en: "tier",
        zh: "阶次",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_recommend,
        en: "recommend",
        zh: "建议",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_add,
        en: "add",
        zh: "增加",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_drop,
        en: "drop",
        zh: "免除",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_circumstance,
        en: "circumstance",
        zh: "情节",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_for,
        en: "for",
        zh: "适用于",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_obligation,
        en: "obligation",
        zh: "义务",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_adjust,
        en: "adjust",
        zh: "调整",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_up,
        en: "up",
        zh: "上调",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_down,
        en: "down",
        zh: "下调",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_discount,
        en: "discount",
        zh: "减少",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_review,
        en: "review",
        zh: "程序",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_kind,
        en: "kind",
        zh: "类别",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_test,
        en: "test",
        zh: "测试",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_given,
        en: "given",
        zh: "已知",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_expect,
        en: "expect",
        zh: "预期",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_shall,
        en: "shall",
        zh: "应当",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_may,
        en: "may",
        zh: "可以",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_when,
        en: "when",
        zh: "当",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_otherwise,
        en: "otherwise",
        zh: "否则",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_if,
        en: "if",
        zh: "如果",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_then,
        en: "then",
        zh: "则",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_else,
        en: "else",
        zh: "否则",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_and,
        en: "and",
        zh: "且",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_or,
        en: "or",
        zh: "或",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_not,
        en: "not",
        zh: "非",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_in,
        en: "in",
        zh: "属于",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_not_in,
        en: "not in",
        zh: "不属于",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_exists,
        en: "exists",
        zh: "存在",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_true,
        en: "true",
        zh: "是",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_false,
        en: "false",
        zh: "否",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_to,
        en: "to",
        zh: "至",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_of,
        en: "of",
        zh: "按",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_per,
        en: "per",
        zh: "每",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_where,
        en: "where",
        zh: "满足",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_at_most,
        en: "at most",
        zh: "不超过",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_at_least,
        en: "at least",
        zh: "不低于",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_above,
        en: "above",
        zh: "以上",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_below,
        en: "below",
        zh: "以下",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_exceeds,
        en: "exceeds",
        zh: "超过",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_under,
        en: "under",
        zh: "不满",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_lower,
        en: "lower",
        zh: "低段",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_upper,
        en: "upper",
        zh: "高段",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_amount,
        en: "amount",
        zh: "数额",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_statutory,
        en: "statutory",
        zh: "法定",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_outcome,
        en: "outcome",
        zh: "处理结果",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_includes,
        en: "includes",
        zh: "包含",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_applied,
        en: "applied",
        zh: "适用",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_act_date,
        en: "act_date",
        zh: "违法日期",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_decision_date,
        en: "decision_date",
        zh: "决定日期",
        reserved: true,
    },
    Keyword {
        rule: Rule::kw_before,
        en: "before",
        zh: "前",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_after,
        en: "after",
        zh: "后",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_zai,
        en: "在",
        zh: "在",
        reserved: false,
    },
    Keyword {
        rule: Rule::kw_nei,
        en: "内",
        zh: "内",
        reserved: false,
    },
];

/// A human name for a grammar rule, used in "expected …" lists.
// INVARIANT: exhaustive, with no `_` arm, so a new grammar rule cannot go unnamed.
pub(crate) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::ident => "a name",
        Rule::item_id => "an item id",
        Rule::string => "a quoted string",
        Rule::string_body => "string text",
        Rule::escape => "an escape such as `\\n`",
        Rule::cn_string_body => "string text",
        Rule::date => "a date such as `2024-01-01`",
        Rule::number => "a number",
        Rule::number_digits => "a number",
        Rule::yuan_suffix => "`元`",
        Rule::percent => "a percentage such as `30%`",
        Rule::times => "a multiple such as `10x`",
        Rule::duration => "a duration such as `2 years`",
        Rule::duration_unit => "`years`, `months` or `days`",
        Rule::unit_years => "`years`",
        Rule::unit_months => "`months`",
        Rule::unit_days => "`days`",
        Rule::kw_rulebook => "`rulebook`",
        Rule::kw_title => "`title`",
        Rule::kw_authority => "`authority`",
        Rule::kw_version => "`version`",
        Rule::kw_effective => "`effective`",
        Rule::kw_from => "`from`",
        Rule::kw_until => "`until`",
        Rule::kw_import => "`import`",
        Rule::kw_with => "`with`",
        Rule::kw_refines => "`refines`",
        Rule::kw_boundaries => "`boundaries`",
        Rule::kw_inclusive => "`inclusive`",
        Rule::kw_exclusive => "`exclusive`",
        Rule::kw_rounding => "`rounding`",
        Rule::kw_conflicts => "`conflicts`",
        Rule::kw_placement => "`placement`",
        Rule::kw_within => "`within`",
        Rule::kw_except => "`except`",
        Rule::kw_facts => "`facts`",
        Rule::kw_params => "`params`",
        Rule::kw_let => "`let`",
        Rule::kw_enum => "`enum`",
        Rule::kw_record => "`record`",
        Rule::kw_set_of => "`set of`",
        Rule::kw_list_of => "`list of`",
        Rule::kw_note => "`note`",
        Rule::kw_default => "`default`",
        Rule::kw_optional => "`optional`",
        Rule::kw_range => "`range`",
        Rule::kw_calendar => "`calendar`",
        Rule::kw_holidays => "`holidays`",
        Rule::kw_workdays => "`workdays`",
        Rule::kw_violation => "`violation`",
        Rule::kw_violates => "`violates`",
        Rule::kw_cite => "`cite`",
        Rule::kw_fine => "`fine`",
        Rule::kw_tier => "`tier`",
        Rule::kw_recommend => "`recommend`",
        Rule::kw_add => "`add`",
        Rule::kw_drop => "`drop`",
        Rule::kw_circumstance => "`circumstance`",
        Rule::kw_for => "`for`",
        Rule::kw_obligation => "`obligation`",
        Rule::kw_adjust => "`adjust`",
        Rule::kw_up => "`up`",
        Rule::kw_down => "`down`",
        Rule::kw_discount => "`discount`",
        Rule::kw_review => "`review`",
        Rule::kw_kind => "`kind`",
        Rule::kw_test => "`test`",
        Rule::kw_given => "`given`",
        Rule::kw_expect => "`expect`",
        Rule::kw_shall => "`shall`",
        Rule::kw_may => "`may`",
        Rule::kw_when => "`when`",
        Rule::kw_otherwise => "`otherwise`",
        Rule::kw_if => "`if`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_in => "`in`",
        Rule::kw_not_in => "`not in`",
        Rule::kw_exists => "`exists`",
        Rule::kw_true => "`true`",
        Rule::kw_false => "`false`",
        Rule::kw_to => "`to`",
        Rule::kw_of => "`of`",
        Rule::kw_per => "`per`",
        Rule::kw_where => "`where`",
        Rule::kw_at_most => "`at most`",
        Rule::kw_at_least => "`at least`",
        Rule::kw_above => "`above`",
        Rule::kw_below => "`below`",
        Rule::kw_exceeds => "`exceeds`",
        Rule::kw_under => "`under`",
        Rule::kw_lower => "`lower`",
        Rule::kw_upper => "`upper`",
        Rule::kw_amount => "`amount`",
        Rule::kw_statutory => "`statutory`",
        Rule::kw_outcome => "`outcome`",
        Rule::kw_includes => "`includes`",
        Rule::kw_applied => "`applied`",
        Rule::kw_act_date => "`act_date`",
        Rule::kw_decision_date => "`decision_date`",
        Rule::kw_before => "`before`",
        Rule::kw_after => "`after`",
        Rule::kw_zai => "`在`",
        Rule::kw_nei => "`内`",
        Rule::file => "a rulebook",
        Rule::header => "the header `rulebook \"id\" { … }`",
        Rule::title => "`title`",
        Rule::authority => "`authority`",
        Rule::version => "`version`",
        Rule::effective => "`effective`",
        Rule::import => "`import`",
        Rule::refines => "`refines`",
        Rule::boundaries => "`boundaries`",
        Rule::bound_word => "`above` or `below`",
        Rule::bound_mode => "`inclusive` or `exclusive`",
        Rule::rounding => "`rounding`",
        Rule::conflicts => "`conflicts`",
        Rule::placement => "`placement`",
        Rule::facts_block => "`facts`",
        Rule::params_block => "`params`",
        Rule::field_decl => "a field such as `name: type \"label\"`",
        Rule::note => "`note`",
        Rule::default_value => "`default`",
        Rule::optional => "`optional`",
        Rule::value_range => "`range`",
        Rule::type_expr => "a type",
        Rule::inline_enum => "`enum { … }`",
        Rule::set_type => "`set of`",
        Rule::list_type => "`list of`",
        Rule::variants => "`{` and enum variants",
        Rule::variant => "an enum variant",
        Rule::enum_decl => "`enum`",
        Rule::record_decl => "`record`",
        Rule::let_decl => "`let`",
        Rule::calendar => "`calendar`",
        Rule::calendar_line => "`holidays` or `workdays`",
        Rule::date_span => "a date or date range",
        Rule::violation => "`violation`",
        Rule::violates => "`violates`",
        Rule::cite => "`cite`",
        Rule::item_refines => "`refines`",
        Rule::fine => "`fine`",
        Rule::modality => "`shall` or `may`",
        Rule::fine_alts => "`when` alternatives",
        Rule::fine_form => "a fine such as `5000 to 50000`",
        Rule::rate_form => "a rate such as `10x to 20x of base`",
        Rule::per_unit_form => "a per-unit fine",
        Rule::unit_rounding => "`up` or `down`",
        Rule::at_most_form => "`up to`",
        Rule::at_least_form => "`at least`",
        Rule::amount_form => "`amount`",
        Rule::range_form => "a range such as `5000 to 50000`",
        Rule::fine_limit => "`at most` or `at least`",
        Rule::tier => "`tier`",
        Rule::tier_otherwise => "`otherwise`",
        Rule::tier_body => "`{`",
        Rule::tier_add => "`add`",
        Rule::tier_drop => "`drop`",
        Rule::band => "a band such as `lower 30%`",
        Rule::share_band => "a share such as `lower 30%`",
        Rule::sanction => "a sanction",
        Rule::sanction_arg => "a sanction argument",
        Rule::circumstance => "`circumstance`",
        Rule::circ_scope => "`for`",
        Rule::circ_when => "`when`",
        Rule::effect => "an effect such as `shall mitigate`",
        Rule::effect_target => "a band or a point",
        Rule::obligation => "`obligation`",
        Rule::adjust => "`adjust`",
        Rule::adjust_action => "`up`, `down`, `to` or `discount`",
        Rule::adjust_up => "`up`",
        Rule::adjust_down => "`down`",
        Rule::adjust_to => "`to`",
        Rule::adjust_discount => "`discount`",
        Rule::review_kind => "`review kind`",
        Rule::review => "`review`",
        Rule::test => "`test`",
        Rule::value => "a value",
        Rule::value_range_lit => "a range",
        Rule::signed_number => "a number",
        Rule::neg_sign => "`-`",
        Rule::bool_lit => "`true` or `false`",
        Rule::list_value => "a list `[…]`",
        Rule::record_value => "a record `{ … }`",
        Rule::record_field => "a field `key: value`",
        Rule::record_key => "a key",
        Rule::expr => "an expression",
        Rule::op_if => "`if`",
        Rule::op_neg => "`-`",
        Rule::op_not => "`not`",
        Rule::window => "a date window such as `within 2 years before act_date`",
        Rule::window_dir => "`before` or `after`",
        Rule::op_or => "`or`",
        Rule::op_and => "`and`",
        Rule::op_eq => "`==`",
        Rule::op_ne => "`!=`",
        Rule::op_le => "`<=`",
        Rule::op_ge => "`>=`",
        Rule::op_lt => "`<`",
        Rule::op_gt => "`>`",
        Rule::op_above => "`above`",
        Rule::op_below => "`below`",
        Rule::op_exceeds => "`exceeds`",
        Rule::op_under => "`under`",
        Rule::op_not_in => "`not in`",
        Rule::op_in => "`in`",
        Rule::op_add => "`+`",
        Rule::op_sub => "`-`",
        Rule::op_mul => "`*`",
        Rule::op_div => "`/`",
        Rule::exists => "`exists`",
        Rule::decision_field => "`fine.` or `statutory.`",
        Rule::outcome_ref => "`outcome`",
        Rule::tier_ref => "`tier`",
        Rule::includes => "`includes`",
        Rule::applied => "`applied`",
        Rule::act_date_ref => "`act_date`",
        Rule::decision_date_ref => "`decision_date`",
        Rule::set_lit => "a set `{…}`",
        Rule::list_lit => "a list `[…]`",
        Rule::call => "a function call",
        Rule::call_arg => "an argument",
        Rule::decls_only => "declarations",
        Rule::WHITESPACE => "whitespace",
        Rule::COMMENT => "a comment",
        Rule::ident_char => "a letter or digit",
        Rule::ident_start => "a letter",
        Rule::digits => "digits",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::semi => "`;`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::keyword => "a keyword",
        Rule::header_member => "a header setting",
        Rule::decl => "a declaration",
        Rule::field_option => "`note`, `default`, `optional` or `range`",
        Rule::item_member => "an item member",
        Rule::fine_base => "a fine",
        Rule::rate => "a rate such as `10x` or `5%`",
        Rule::tier_member => "`add` or `drop`",
        Rule::circ_member => "`cite`, `when`, an effect or `obligation`",
        Rule::prefix => "`if`, `-` or `not`",
        Rule::postfix => "a date window",
        Rule::infix => "an operator",
        Rule::primary => "an expression",
    }
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
        "an item member (`cite`, `fine`, `tier`, …)",
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
    (
        "an operator",
        &[
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
        ],
    ),
];

/// Most entries in an "expected …" list.
const MAX_EXPECTED: usize = 5;

/// "X, Y or Z" from the rules pest expected, grouped and capped.
fn expected_list(positives: &[Rule]) -> String {
    let mut items: Vec<&'static str> = Vec::new();
    let mut push = |s: &'static str| {
        if !items.contains(&s) {
            items.push(s);
        }
    };
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
    let positives: &[Rule] = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
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

    let found = match token {
        None => "the end of the file".to_string(),
        Some(t) => format!("`{t}`"),
    };
    let mut diag = Diagnostic::error(
        codes::SYNTAX,
        format!("expected {}, found {found}", expected_list(positives)),
        span,
    )
    .with_label(format!("expected {}", expected_list(positives)));

    if positives.contains(&Rule::kw_rulebook) && token.is_none() {
        return diag.with_help(
            "a rulebook file starts with a header such as `rulebook \"id\" { title \"…\" }` \
             or `规则集 \"id\" { 标题 \"…\" }`",
        );
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
    if positives.iter().all(|r| matches!(r, Rule::duration_unit)) {
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
    diag
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
