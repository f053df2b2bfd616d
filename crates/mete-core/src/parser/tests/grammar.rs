//! Grammar tests: for every rule, inputs it must match completely and inputs it must not.

use pest::Parser;

use crate::parser::err::KEYWORDS;
use crate::parser::grammar::{Rule, RulebookParser};

/// Whether `rule` matches all of `input`.
fn full(rule: Rule, input: &str) -> bool {
    match RulebookParser::parse(rule, input) {
        Ok(mut pairs) => pairs
            .next()
            .is_some_and(|p| p.as_span().end() == input.len()),
        Err(_) => false,
    }
}

/// Runs a table of `rule: [matches] / [non-matches]` and reports every wrong case at once.
macro_rules! cases {
    ($($rule:ident: [$($ok:expr),* $(,)?] / [$($bad:expr),* $(,)?];)*) => {{
        let mut wrong: Vec<String> = Vec::new();
        $(
            for s in [$($ok),*] {
                if !full(Rule::$rule, s) {
                    wrong.push(format!("{} should match {:?}", stringify!($rule), s));
                }
            }
            for s in [$($bad),*] as [&str; 0 $(+ { let _ = $bad; 1 })*] {
                if full(Rule::$rule, s) {
                    wrong.push(format!("{} should not match {:?}", stringify!($rule), s));
                }
            }
        )*
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }};
}

#[test]
fn lexical_rules() {
    cases! {
        ident: ["货值金额", "a_1", "_x", "当事人", "否则的话"] / ["1a", "when", "当", "fine", "not"];
        item_id: ["FS-124", "环评-01", "a.b", "when-1"] / ["-x", "when", "a-"];
        // Unknown escapes are strings to the grammar; the lowering reports them at the escape.
        string: ["\"a\\\"b\"", "“中文”", "\"\\u{4E2D}\"", "\"\"", "\"\\x\""] / ["\"abc", "\"a\nb\"", "\"a\\\nb\""];
        escape: ["\\n", "\\t", "\\\\", "\\u", "\\x"] / ["\\u{41}", "\\\n", "\\"];
        date: ["2024-01-01", "2024-13-45"] / ["2024-1-01", "24-01-01"];
        number: ["12", "12.5", "10_000", "100元", "5yuan"] / ["_1", "1__0", "1."];
        number_digits: ["0", "1_000.000_1"] / ["a"];
        yuan_suffix: ["元", "yuan"] / ["rmb"];
        percent: ["30%", "30％", "2.5%"] / ["%30", "30"];
        times: ["10x", "10倍", "1.5x"] / ["10xy", "x10"];
        duration: ["2 years", "6个月", "15日", "1 day", "3天", "2年", "6 月"] / ["2 yearsx", "years", "5000 月饼", "15日期", "2年份"];
        duration_unit: ["years", "months", "days", "月"] / ["weeks", "月饼"];
        unit_years: ["year", "年"] / ["yr", "年份"];
        unit_months: ["month", "个月"] / ["mo", "月饼补贴", "个月份"];
        unit_days: ["day", "日"] / ["d", "日期", "天数"];
    }
}

#[test]
fn every_keyword_in_both_languages() {
    let mut wrong = Vec::new();
    for k in KEYWORDS {
        for spelling in [k.en, k.zh] {
            if !full(k.rule, spelling) {
                wrong.push(format!("{:?} should match {spelling:?}", k.rule));
            }
            // A keyword glued to a name is a name, not the keyword.
            let glued = format!("{spelling}x");
            if full(k.rule, &glued) {
                wrong.push(format!("{:?} should not match {glued:?}", k.rule));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn header_rules() {
    cases! {
        header: ["rulebook \"x\" { title \"t\"; version \"1\" }", "规则集 \"x\" {}"] / ["rulebook x {}", "rulebook \"x\""];
        title: ["title \"t\"", "标题 “t”"] / ["title t"];
        authority: ["authority \"a\""] / ["authority"];
        version: ["version \"1\"", "版本 \"2020.1\""] / ["version 1"];
        effective: ["effective from 2024-01-01 until 2025-01-01", "施行 自 2020-01-01 至 2023-12-31", "effective from 2024-01-01"] / ["effective 2024-01-01"];
        import: ["import \"a.mete\" with { x: 1 }", "引用 \"a.mete\""] / ["import a"];
        refines: ["refines \"p.mete\""] / ["refines p"];
        boundaries: ["boundaries above inclusive below exclusive", "边界 以上 含本数"] / ["boundaries"];
        bound_word: ["above", "以下"] / ["over"];
        bound_mode: ["inclusive", "不含本数"] / ["open"];
        rounding: ["rounding 1 half_up", "舍入 0.01 四舍五入"] / ["rounding half_up"];
        conflicts: ["conflicts offset"] / ["conflicts"];
        placement: ["placement lenient within lower 30% except FS-1, FS-2", "placement ordinary recommend midpoint"] / ["placement lenient"];
        file: ["rulebook \"x\" {}\nlet a = 1 // c\n"] / ["", "let a = 1", "rulebook \"x\" {} rulebook \"y\" {}"];
        decls_only: ["let a = 1\nfacts {}", ""] / ["rulebook \"x\" {}"];
    }
}

#[test]
fn declaration_rules() {
    cases! {
        facts_block: ["facts { a: int \"a\" default 0, b: date \"b\" optional }", "事实 {}"] / ["facts a"];
        params_block: ["params { limit: money \"上限\" default 30000 }"] / ["params"];
        field_decl: ["a: money \"a\" note \"n\" default 0 range 0 to 10 optional", "货值: 金额 “货值”"] / ["a: money", "a money \"a\""];
        note: ["note \"n\""] / ["note"];
        default_value: ["default 1 + 2", "默认 否"] / ["default"];
        optional: ["optional", "可选"] / ["opt"];
        value_range: ["range 0 to 100", "范围 0 至 100"] / ["range 0"];
        type_expr: ["money", "enum { a \"A\" }", "set of harm", "list of prior", "集合 枚举 { 甲 }"] / ["set of", "list of enum { a }"];
        inline_enum: ["enum { a \"A\", b }", "枚举 {}"] / ["enum a"];
        set_type: ["set of x", "set  of enum { a }"] / ["set x"];
        list_type: ["list of prior", "列表 记录甲"] / ["list of"];
        variants: ["{ a \"A\", b \"B\" c }", "{}"] / ["{ \"A\" }"];
        variant: ["a \"A\"", "b"] / ["\"A\""];
        enum_decl: ["enum h \"危害\" { none \"无\" }", "enum h { a }"] / ["enum {}"];
        record_decl: ["record p \"记录\" { d: date \"d\"; k: int \"k\" }"] / ["record { }"];
        let_decl: ["let a: money \"x\" = 1", "定义 重大 = 1", "let a = if b then 1 else 2"] / ["let a 1", "let = 1"];
        calendar: ["calendar cn { holidays 2024-10-01 to 2024-10-07, 2024-01-01; workdays 2024-09-29 }"] / ["calendar { }"];
        calendar_line: ["holidays 2024-10-01", "调休工作日 2024-09-29、2024-10-12"] / ["holidays"];
        date_span: ["2024-10-01 to 2024-10-07", "2024-10-01"] / ["2024-10-01 to"];
        review_kind: ["review kind site \"现场\"", "程序 类别 现场 \"现场核查\""] / ["review kind site"];
        review: ["review l \"法制审核\" kind legal when fine.max >= 1 cite \"c\"", "review h \"h\" when true"] / ["review h \"h\""];
        test: ["test \"t\" { given { a: 1 } expect { outcome: penalize } }"] / ["test \"t\" { given {} }"];
    }
}

#[test]
fn violation_rules() {
    cases! {
        violation: [
            "violation A-1 \"t\" { cite \"c\" fine up to 100 }",
            "违法行为 环评-01 \"t\" {}",
            "violation A-1 \"t\" { violates \"v\"; cite \"c\" refines B-1 conflicts offset fine up to 100 tier a \"a\" otherwise cite \"t\" }",
            "violation A-1 \"t\" { fine up to 100 review r \"r\" when true cite \"r\" }",
        ] / [
            "violation \"t\" {}",
            // The item's provisions come before its other members.
            "violation A-1 \"t\" { fine up to 100 cite \"c\" }",
            "violation A-1 \"t\" { tier a \"a\" otherwise; cite \"c\" }",
            "violation A-1 \"t\" { warning violates \"v\" }",
            "violation A-1 \"t\" { warning conflicts offset }",
            "violation A-1 \"t\" { warning refines B-1 }",
            "violation A-1 \"t\" { 警告 依据 \"c\" }",
        ];
        violates: ["violates \"x\"", "违反 “x”"] / ["violates x"];
        cite: ["cite \"x\"", "依据 \"x\""] / ["cite"];
        item_refines: ["refines FS-1"] / ["refines \"x\""];
        fine: ["fine 1 to 2", "may fine when a: 1 to 2 otherwise: 3 to 4", "罚款 不超过 50000"] / ["fine"];
        modality: ["shall", "可以"] / ["must"];
        fine_alts: ["when a < 1: 1 to 2 otherwise: 3x of b", "when a: 1 to 2, when b: 2 to 3 otherwise: up to 4"] / ["when a: 1 to 2"];
        fine_form: ["500 per 1000 of w up, at most 30000", "1 to 2 at least 1", "at most 3"] / ["most 3"];
        rate_form: ["10x to 20x of goods_value", "1% to 5% of x", "3x of y", "10倍 至 20倍 按 货值"] / ["10x to 20x"];
        per_unit_form: ["500 per 1000 of w down", "500 per 1000 of w"] / ["500 per 1000"];
        unit_rounding: ["up", "下调"] / ["round"];
        at_most_form: ["up to 2000", "at most 5", "不超过 50000"] / ["upto 2000"];
        at_least_form: ["at least 5", "不低于 5"] / ["least 5"];
        amount_form: ["amount 1 + 2", "数额 x"] / ["amount"];
        range_form: ["1 to 2", "1元 至 2元"] / ["1 2"];
        fine_limit: ["at most 3", "at least 1"] / ["most 3"];
        tier: ["tier a \"a\" otherwise", "tier h \"从重\" severe when x: upper 30% recommend maximum cite \"c\" { add warning drop fine }"] / ["tier a \"a\"", "tier a otherwise"];
        tier_otherwise: ["otherwise", "否则"] / ["else"];
        tier_body: ["{ add warning; drop fine }", "{}"] / ["{ warning }"];
        tier_add: ["add revoke_license when harm == serious"] / ["add"];
        tier_drop: ["drop fine", "免除 罚款", "drop warning"] / ["drop"];
        band: ["lower 30%", "30% to 70%", "1000 to 2000", "10x to 20x of a"] / ["lower", "30%"];
        share_band: ["lower 30%", "高段 30%", "30% to 70%"] / ["30% to 70% of x", "lower 30"];
        sanction: ["may revoke_license when harm == serious", "suspend_business 1 months to 6 months", "confiscate_gains of illegal_gains", "warning"] / ["may"];
        sanction_arg: ["1 months to 6 months", "15 days", "of x"] / ["1 to 2"];
        circumstance: ["circumstance c \"c\" for A, B { cite \"x\" when a shall exempt obligation \"o\" }"] / ["circumstance c { }"];
        circ_scope: ["for A, B", "适用于 甲-1"] / ["for"];
        circ_when: ["when a and b"] / ["when"];
        effect: ["may reduce to 0 to 5000", "shall mitigate to minimum", "exempt", "应当 从轻"] / ["shall"];
        effect_target: ["minimum", "lower 30%", "0 to 5000"] / ["to"];
        obligation: ["obligation \"o\" cite \"c\"", "义务 \"o\""] / ["obligation"];
        adjust: ["adjust r \"r\" when n >= 3: up 1 cite \"c\"", "调整 r \"r\" 当 n: 下调 1"] / ["adjust r \"r\": up 1"];
        adjust_action: ["up 1", "down 2", "to maximum", "discount 30%"] / ["sideways 1"];
        adjust_up: ["up 1", "上调 2"] / ["up"];
        adjust_down: ["down 1"] / ["down x"];
        adjust_to: ["to midpoint"] / ["to 1"];
        adjust_discount: ["discount 30% to 50%, at least statutory.min", "discount 10%"] / ["discount 10"];
    }
}

#[test]
fn value_rules() {
    cases! {
        value: ["2024-01-01", "2 years", "1 to 2", "-5", "30%", "\"s\"", "true", "[1, 2]", "{a: 1}", "FS-1", "fine", "罚款", "fine-1"] / ["1 +", "(1)", "tier", "when"];
        value_range_lit: ["-1 to 2", "0 至 15000"] / ["1 to"];
        signed_number: ["-12.5元", "3"] / ["- 3", "--3"];
        neg_sign: ["-"] / ["+"];
        bool_lit: ["true", "否"] / ["yes"];
        list_value: ["[]", "[1, \"a\", [2]]", "[fine, confiscate_gains]", "[罚款, 没收违法所得]"] / ["[1"];
        record_value: ["{}", "{a: 1, b: {c: 2}}"] / ["{a}"];
        record_field: ["违法日期: 2024-01-01", "fine: 0 to 15000", "\"k\": 1", "x: y"] / ["x 1"];
        record_key: ["fine", "\"k\"", "outcome", "处理结果", "violation", "x", "程序", "情节", "review", "circumstance"] / ["1", "when", "facts"];
    }
}

#[test]
fn expression_rules() {
    cases! {
        expr: [
            "a or b and not c == d + -e * f / g",
            "if a then b else c + 1",
            "x in {a, b} and y not in {c}",
            "date within 2 years before act_date",
            "date 在 违法日期 前 2年 内",
            "count(priors where kind == same and date within 2 years before act_date)",
            "sum(goods_value of priors where x)",
            "(1 + 2) × 3 ÷ 4",
            "a ≥ 1 且 b ≤ 2 或 c ≠ 3",
            "货值金额 以上 10000元 且 非 排污",
            "exists x",
            "fine.max >= 200000 or includes revoke_license or tier == heavy",
            "outcome == penalize and applied reduce",
            "[]",
            "{}",
            "-(-1)",
            "!a",
            "30% + 2 years",
            "\"s\" == “s”",
            "decision_date - act_date",
        ] / ["a +", "a b", "if a then b", "(a", "not", "a == == b"];
        op_if: ["if a then b else", "如果 a 则 b 否则"] / ["if a then b"];
        op_neg: ["-"] / ["+"];
        op_not: ["not", "!", "非"] / ["no"];
        window: ["within 2 years before act_date", "在 违法日期 后 30日 内", "within 1 day after (a)"] / ["within 2 before x", "within 2 years x"];
        window_dir: ["before", "前", "after", "后"] / ["around"];
        op_or: ["or", "或"] / ["||"];
        op_and: ["and", "且"] / ["&&"];
        op_eq: ["=="] / ["="];
        op_ne: ["!=", "≠"] / ["<>"];
        op_le: ["<=", "≤"] / ["=<"];
        op_ge: [">=", "≥"] / ["=>"];
        op_lt: ["<"] / [">"];
        op_gt: [">"] / ["<"];
        op_above: ["above", "以上"] / ["over"];
        op_below: ["below", "以下"] / ["beneath"];
        op_exceeds: ["exceeds", "超过"] / ["exceed"];
        op_under: ["under", "不满"] / ["undr"];
        op_not_in: ["not in", "not  in", "不属于"] / ["notin"];
        op_in: ["in", "属于"] / ["inside"];
        op_add: ["+"] / ["-"];
        op_sub: ["-"] / ["+"];
        op_mul: ["*", "×"] / ["x"];
        op_div: ["/", "÷"] / ["\\"];
        exists: ["exists x", "存在 发现日期"] / ["exists"];
        decision_field: ["fine.max", "statutory.min", "罚款.上限"] / ["fine", "x.max"];
        outcome_ref: ["outcome", "处理结果"] / ["result"];
        tier_ref: ["tier", "阶次"] / ["tiers"];
        includes: ["includes fine", "includes revoke_license", "包含 罚款"] / ["includes"];
        applied: ["applied reduce", "适用 减轻"] / ["applied"];
        act_date_ref: ["act_date", "违法日期"] / ["act"];
        decision_date_ref: ["decision_date", "决定日期"] / ["decision"];
        set_lit: ["{a, b}", "{}", "{a、b}"] / ["{a"];
        list_lit: ["[]", "[1, 2]"] / ["[1"];
        call: ["count(priors where kind == same)", "max(a, b)", "f()", "round（x， 1）"] / ["f(", "(a)"];
        call_arg: ["x of priors where y", "priors where y", "a + 1"] / ["where y"];
    }
}
