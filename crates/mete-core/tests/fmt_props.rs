//! Property: for random well-formed trees, `parse(format(ast)) == ast` in both keyword
//! languages, and a trip through the other language comes back to the same tree.
//!
//! The generator only builds trees the grammar can express: names are never keywords (in either
//! language) nor built-in words, contextual words (sanction kinds, grades, …) are spelled in the
//! module's language, keys the parser normalises (`act_date`, `fine`, …) use their English name,
//! and numbers in expressions are non-negative (the parser reads `-5` as negation).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use mete_core::FileId;
use mete_core::ast::*;
use mete_core::fmt::{FormatOptions, format};
use mete_core::parser::parse;
use mete_core::span::Span;
use mete_core::vocab;
use proptest::prelude::*;
use proptest::strategy::Union;

type S<T> = BoxedStrategy<T>;

fn sp() -> Span {
    Span::default()
}

// ───────────────────────────── words ─────────────────────────────

/// Every spelling the grammar gives a keyword or unit, read from the grammar itself so new
/// keywords are excluded from generated names without editing this file.
fn grammar_words() -> &'static BTreeSet<String> {
    static WORDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let grammar = include_str!("../../../grammar/mete.pest");
        let mut words = BTreeSet::new();
        for line in grammar.lines() {
            let line = line.trim_start();
            if !(line.starts_with("kw_") || line.starts_with("unit_") || line.starts_with("yuan_"))
            {
                continue;
            }
            let mut parts = line.split('"');
            parts.next();
            while let Some(word) = parts.next() {
                words.insert(word.to_string());
                parts.next();
            }
        }
        words
    })
}

macro_rules! all_spellings {
    ($($ty:ident),+) => {{
        let mut v: Vec<&'static str> = Vec::new();
        $(for w in vocab::$ty::ALL { v.push(w.en()); v.push(w.zh()); })+
        v
    }};
}

fn vocab_words() -> Vec<&'static str> {
    all_spellings!(
        SanctionKind,
        EffectKind,
        Grade,
        Point,
        BoundField,
        RoundingMode,
        ConflictMode,
        Outcome,
        ReviewKindBuiltin,
        BuiltinType,
        Function,
        GivenKey,
        ExpectKey
    )
}

fn is_free_name(s: &str) -> bool {
    !grammar_words().contains(s) && !vocab_words().contains(&s) && s != "x"
}

fn ident_str() -> S<String> {
    prop_oneof![
        "[a-z][a-z0-9_]{0,5}",
        // No unit characters (年 月 日 天 个) and no one-character keywords.
        "[甲乙丙丁戊己庚辛货值金额当事人所得类型物品数量]{1,4}",
    ]
    .prop_filter("names are not keywords", |s| is_free_name(s))
    .boxed()
}

fn ident() -> S<Ident> {
    ident_str()
        .prop_map(|name| Ident { name, span: sp() })
        .boxed()
}

fn item_id() -> S<Ident> {
    prop_oneof![
        "[A-Z]{1,3}-[0-9]{1,3}",
        "[甲乙丙丁]{1,2}-0[1-9]",
        ident_str(),
    ]
    .prop_map(|name| Ident { name, span: sp() })
    .boxed()
}

/// A built-in word of a vocabulary table, spelled in `lang`.
fn word<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
    spell: fn(T, Lang) -> &'static str,
    lang: Lang,
) -> S<Ident> {
    proptest::sample::select(all)
        .prop_map(move |w| Ident {
            name: spell(w, lang).to_string(),
            span: sp(),
        })
        .boxed()
}

macro_rules! table {
    ($ty:ident, $lang:expr) => {
        word(vocab::$ty::ALL, |w, l| w.spelling(l), $lang)
    };
}

fn sanction_kind(lang: Lang) -> S<Ident> {
    table!(SanctionKind, lang)
        .prop_filter("`fine` is a keyword, not a sanction name", |k| {
            vocab::SanctionKind::from_name(&k.name) != Some(vocab::SanctionKind::Fine)
        })
        .boxed()
}

fn text() -> S<String> {
    prop_oneof!["[a-z 中文《》第条]{0,10}", "[a-z\"\\\\\n\t“”\u{1}]{0,6}",].boxed()
}

fn string() -> S<Str> {
    text().prop_map(|value| Str { value, span: sp() }).boxed()
}

/// Comment texts as the parser keeps them: trailing white space is not part of a comment.
fn comments() -> S<Comments> {
    prop::collection::vec(
        "[a-z中 \t\r]{0,8}".prop_map(|c| c.trim_end().to_string()),
        0..2,
    )
    .boxed()
}

// ───────────────────────────── literals ─────────────────────────────

fn digits() -> S<String> {
    prop_oneof!["0", "[1-9][0-9]{0,4}", "[1-9][0-9]{0,2}\\.[0-9]{1,2}"].boxed()
}

fn number(yuan_ok: bool) -> S<NumberLit> {
    (digits(), any::<bool>())
        .prop_map(move |(text, yuan)| NumberLit {
            text,
            yuan: yuan && yuan_ok,
            span: sp(),
        })
        .boxed()
}

fn signed_number() -> S<NumberLit> {
    (number(true), any::<bool>())
        .prop_map(|(mut n, neg)| {
            if neg {
                n.text.insert(0, '-');
            }
            n
        })
        .boxed()
}

fn int() -> S<NumberLit> {
    "[1-9]"
        .prop_map(|text| NumberLit {
            text,
            yuan: false,
            span: sp(),
        })
        .boxed()
}

fn pct() -> S<NumberLit> {
    prop_oneof!["[0-9]{1,2}", "[1-9]\\.5"]
        .prop_map(|text| NumberLit {
            text,
            yuan: false,
            span: sp(),
        })
        .boxed()
}

fn date() -> S<DateLit> {
    "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
        .prop_map(|text| DateLit { text, span: sp() })
        .boxed()
}

fn duration() -> S<DurationLit> {
    (
        "[1-9][0-9]?",
        prop_oneof![
            Just(DurationUnit::Years),
            Just(DurationUnit::Months),
            Just(DurationUnit::Days)
        ],
    )
        .prop_map(|(text, unit)| DurationLit {
            count: NumberLit {
                text,
                yuan: false,
                span: sp(),
            },
            unit,
            span: sp(),
        })
        .boxed()
}

// ───────────────────────────── expressions ─────────────────────────────

fn ex(kind: ExprKind) -> Expr {
    Expr { kind, span: sp() }
}

fn leaf(lang: Lang) -> S<Expr> {
    prop_oneof![
        4 => ident().prop_map(ExprKind::Name),
        3 => number(true).prop_map(ExprKind::Number),
        1 => pct().prop_map(ExprKind::Percent),
        1 => date().prop_map(ExprKind::Date),
        1 => duration().prop_map(ExprKind::Duration),
        1 => text().prop_map(ExprKind::Str),
        1 => any::<bool>().prop_map(ExprKind::Bool),
        1 => ident().prop_map(ExprKind::Exists),
        1 => (prop_oneof![Just(DecisionSource::Fine), Just(DecisionSource::Statutory)], table!(BoundField, lang))
            .prop_map(|(s, f)| ExprKind::DecisionField(s, f)),
        1 => Just(ExprKind::Outcome),
        1 => Just(ExprKind::Tier),
        1 => sanction_kind(lang).prop_map(ExprKind::Includes),
        1 => table!(EffectKind, lang).prop_map(ExprKind::Applied),
        1 => Just(ExprKind::ActDate),
        1 => Just(ExprKind::DecisionDate),
    ]
    .prop_map(ex)
    .boxed()
}

const BINARY: &[BinaryOp] = &[
    BinaryOp::Or,
    BinaryOp::And,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::Lt,
    BinaryOp::Le,
    BinaryOp::Gt,
    BinaryOp::Ge,
    BinaryOp::Above,
    BinaryOp::Below,
    BinaryOp::Exceeds,
    BinaryOp::Under,
    BinaryOp::In,
    BinaryOp::NotIn,
    BinaryOp::Add,
    BinaryOp::Sub,
    BinaryOp::Mul,
    BinaryOp::Div,
];

fn expr(lang: Lang) -> S<Expr> {
    leaf(lang)
        .prop_recursive(4, 24, 3, move |inner| {
            let b = |e: Expr| Box::new(e);
            prop_oneof![
                4 => (proptest::sample::select(BINARY), inner.clone(), inner.clone())
                    .prop_map(move |(op, l, r)| ExprKind::Binary(op, b(l), b(r))),
                2 => (prop_oneof![Just(UnaryOp::Neg), Just(UnaryOp::Not)], inner.clone())
                    .prop_map(move |(op, x)| ExprKind::Unary(op, b(x))),
                1 => (inner.clone(), inner.clone(), inner.clone())
                    .prop_map(move |(c, t, f)| ExprKind::If(b(c), b(t), b(f))),
                1 => (inner.clone(), duration(), any::<bool>(), inner.clone()).prop_map(
                    move |(d, period, before, a)| ExprKind::Window {
                        date: b(d),
                        period,
                        dir: if before { WindowDir::Before } else { WindowDir::After },
                        anchor: b(a),
                    }
                ),
                1 => prop::collection::vec(inner.clone(), 0..3).prop_map(ExprKind::Set),
                1 => prop::collection::vec(inner.clone(), 0..3).prop_map(ExprKind::List),
                1 => (
                    table!(Function, lang),
                    prop::collection::vec(
                        (inner.clone(), prop::option::of(inner.clone()), prop::option::of(inner.clone()))
                            .prop_map(|(value, of, filter)| CallArg { value, of, filter }),
                        0..3
                    )
                )
                    .prop_map(|(f, args)| ExprKind::Call(f, args)),
            ]
            .prop_map(ex)
        })
        .boxed()
}

// ───────────────────────────── fines and bands ─────────────────────────────

fn rate() -> S<Rate> {
    prop_oneof![int().prop_map(Rate::Times), pct().prop_map(Rate::Percent)].boxed()
}

fn fine_form(lang: Lang) -> S<FineForm> {
    let e = expr(lang);
    let base = prop_oneof![
        3 => (e.clone(), e.clone()).prop_map(|(a, b)| FineBase::Range(a, b)),
        // `30% to 70%`: a range in a fine, a share in a band unless written otherwise.
        1 => (pct(), pct()).prop_map(|(a, b)| {
            FineBase::Range(ex(ExprKind::Percent(a)), ex(ExprKind::Percent(b)))
        }),
        1 => e.clone().prop_map(FineBase::UpTo),
        1 => e.clone().prop_map(FineBase::AtLeast),
        2 => (rate(), prop::option::of(rate()), e.clone())
            .prop_map(|(from, to, base)| FineBase::Rate { from, to, base }),
        1 => (
            e.clone(),
            e.clone(),
            e.clone(),
            prop_oneof![Just(UnitRounding::Exact), Just(UnitRounding::Up), Just(UnitRounding::Down)]
        )
            .prop_map(|(amount, unit, quantity, rounding)| FineBase::PerUnit { amount, unit, quantity, rounding }),
        1 => e.clone().prop_map(FineBase::Amount),
    ];
    let limit = prop_oneof![
        e.clone().prop_map(FineLimit::AtMost),
        e.prop_map(FineLimit::AtLeast)
    ];
    (base, prop::collection::vec(limit, 0..3))
        .prop_map(|(base, limits)| FineForm {
            base,
            limits,
            span: sp(),
        })
        .boxed()
}

fn band(lang: Lang) -> S<Band> {
    prop_oneof![
        pct().prop_map(Band::Lower),
        pct().prop_map(Band::Upper),
        (pct(), pct()).prop_map(|(a, b)| Band::Share(a, b)),
        fine_form(lang).prop_map(Band::Form),
    ]
    .boxed()
}

fn modality() -> S<Option<Modality>> {
    prop::option::of(prop_oneof![Just(Modality::Shall), Just(Modality::May)]).boxed()
}

fn sanction(lang: Lang) -> S<Sanction> {
    let arg = prop_oneof![
        (duration(), prop::option::of(duration())).prop_map(|(a, b)| SanctionArg::Duration(a, b)),
        expr(lang).prop_map(SanctionArg::Of),
    ];
    (
        modality(),
        sanction_kind(lang),
        prop::option::of(arg),
        prop::option::of(expr(lang)),
    )
        .prop_map(|(modality, kind, arg, when)| Sanction {
            modality,
            kind,
            arg,
            when,
            span: sp(),
        })
        .boxed()
}

fn tier(lang: Lang) -> S<Tier> {
    let drop = prop_oneof![
        sanction_kind(lang),
        Just(Ident {
            name: "fine".to_string(),
            span: sp()
        }),
    ];
    (
        (
            ident(),
            string(),
            prop::option::of(table!(Grade, lang)),
            prop::option::of(expr(lang)),
        ),
        (
            prop::option::of(band(lang)),
            prop::option::of(table!(Point, lang)),
            prop::option::of(string()),
        ),
        (
            prop::collection::vec(sanction(lang), 0..2),
            prop::collection::vec(drop, 0..2),
        ),
    )
        .prop_map(
            |((id, label, grade, when), (band, recommend, cite), (add, drop))| Tier {
                id,
                label,
                grade,
                when,
                band,
                recommend,
                cite,
                add,
                drop,
                span: sp(),
            },
        )
        .boxed()
}

// ───────────────────────────── circumstances, adjustments, reviews ─────────────────────────────

fn circumstance(lang: Lang) -> S<Circumstance> {
    let target = prop_oneof![
        band(lang).prop_map(EffectTarget::Band),
        table!(Point, lang).prop_map(EffectTarget::Point),
    ];
    let effect = (
        modality(),
        table!(EffectKind, lang),
        prop::option::of(target),
    )
        .prop_map(|(modality, kind, target)| Effect {
            modality,
            kind,
            target,
            span: sp(),
        });
    let obligation = (string(), prop::option::of(string())).prop_map(|(text, cite)| Obligation {
        text,
        cite,
        span: sp(),
    });
    (
        (ident(), string(), prop::collection::vec(item_id(), 0..3)),
        (
            prop::collection::vec(string(), 0..3),
            prop::option::of(expr(lang)),
            prop::option::of(effect),
            prop::collection::vec(obligation, 0..3),
        ),
    )
        .prop_map(
            |((id, label, scope), (cite, when, effect, obligations))| Circumstance {
                id,
                label,
                scope,
                cite,
                when,
                effect,
                obligations,
                span: sp(),
            },
        )
        .boxed()
}

fn adjust(lang: Lang) -> S<Adjust> {
    let action = prop_oneof![
        int().prop_map(AdjustAction::Up),
        int().prop_map(AdjustAction::Down),
        table!(Point, lang).prop_map(AdjustAction::To),
        (pct(), prop::option::of(pct()), prop::option::of(expr(lang)))
            .prop_map(|(from, to, floor)| AdjustAction::Discount { from, to, floor }),
    ];
    (
        ident(),
        string(),
        expr(lang),
        action,
        prop::option::of(string()),
    )
        .prop_map(|(id, label, when, action, cite)| Adjust {
            id,
            label,
            when,
            action,
            cite,
            span: sp(),
        })
        .boxed()
}

fn review(lang: Lang) -> S<Review> {
    let kind = prop_oneof![table!(ReviewKindBuiltin, lang), ident()];
    (
        ident(),
        string(),
        prop::option::of(kind),
        expr(lang),
        prop::option::of(string()),
    )
        .prop_map(|(id, label, kind, when, cite)| Review {
            id,
            label,
            kind,
            when,
            cite,
            span: sp(),
        })
        .boxed()
}

fn let_decl(lang: Lang) -> S<LetDecl> {
    (
        ident(),
        prop::option::of(type_expr(lang)),
        prop::option::of(string()),
        expr(lang),
    )
        .prop_map(|(name, ty, label, value)| LetDecl {
            name,
            ty,
            label,
            value,
        })
        .boxed()
}

fn violation(lang: Lang) -> S<Violation> {
    let fine = (
        modality(),
        prop_oneof![
            fine_form(lang).prop_map(FineSpec::Form),
            (
                prop::collection::vec((expr(lang), fine_form(lang)), 1..3),
                fine_form(lang)
            )
                .prop_map(|(cases, otherwise)| FineSpec::Alternatives { cases, otherwise }),
        ],
    )
        .prop_map(|(modality, spec)| FineDecl { modality, spec });
    let kind = prop_oneof![
        2 => string().prop_map(ItemMemberKind::Violates),
        3 => string().prop_map(ItemMemberKind::Cite),
        1 => item_id().prop_map(ItemMemberKind::Refines),
        1 => table!(ConflictMode, lang).prop_map(ItemMemberKind::Conflicts),
        2 => fine.prop_map(ItemMemberKind::Fine),
        3 => tier(lang).prop_map(ItemMemberKind::Tier),
        1 => circumstance(lang).prop_map(ItemMemberKind::Circumstance),
        1 => adjust(lang).prop_map(ItemMemberKind::Adjust),
        1 => review(lang).prop_map(ItemMemberKind::Review),
        1 => let_decl(lang).prop_map(ItemMemberKind::Let),
        2 => sanction(lang).prop_map(ItemMemberKind::Sanction),
    ];
    let member = (comments(), kind).prop_map(|(comments, kind)| ItemMember {
        comments,
        kind,
        span: sp(),
    });
    (item_id(), string(), prop::collection::vec(member, 0..6))
        .prop_map(|(id, title, mut members)| {
            // The grammar reads the item's provisions and settings before its other members.
            members.sort_by_key(|m| {
                !matches!(
                    m.kind,
                    ItemMemberKind::Violates(_)
                        | ItemMemberKind::Cite(_)
                        | ItemMemberKind::Refines(_)
                        | ItemMemberKind::Conflicts(_)
                )
            });
            Violation { id, title, members }
        })
        .boxed()
}

// ───────────────────────────── types and fields ─────────────────────────────

fn variants() -> S<Vec<Variant>> {
    prop::collection::vec(
        (ident(), prop::option::of(string())).prop_map(|(name, label)| Variant { name, label }),
        0..3,
    )
    .boxed()
}

fn type_expr(lang: Lang) -> S<TypeExpr> {
    let named = prop_oneof![table!(BuiltinType, lang), ident()].prop_map(TypeExpr::Named);
    let inline = variants().prop_map(|v| TypeExpr::InlineEnum(v, sp()));
    prop_oneof![
        3 => named.clone(),
        1 => inline.clone(),
        1 => prop_oneof![named, inline].prop_map(|t| TypeExpr::SetOf(Box::new(t), sp())),
        1 => ident().prop_map(|r| TypeExpr::ListOf(r, sp())),
    ]
    .boxed()
}

fn field_decl(lang: Lang) -> S<FieldDecl> {
    (
        (comments(), ident(), type_expr(lang), string()),
        (
            prop::option::of(string()),
            prop::option::of(expr(lang)),
            any::<bool>(),
            prop::option::of((expr(lang), expr(lang))),
        ),
    )
        .prop_map(
            |((comments, name, ty, label), (note, default, optional, range))| FieldDecl {
                comments,
                name,
                ty,
                label,
                note,
                default,
                optional,
                range,
                span: sp(),
            },
        )
        .boxed()
}

fn fields(lang: Lang) -> S<Vec<FieldDecl>> {
    prop::collection::vec(field_decl(lang), 0..4).boxed()
}

// ───────────────────────────── values and tests ─────────────────────────────

/// Keys of a record: keyword keys by their English name, other keys as names.
const KEYWORD_KEYS: &[&str] = &[
    "act_date",
    "decision_date",
    "fine",
    "tier",
    "outcome",
    "violation",
];

fn key(builtin: S<Ident>) -> S<Ident> {
    let keyword = proptest::sample::select(KEYWORD_KEYS).prop_map(|k| Ident {
        name: k.to_string(),
        span: sp(),
    });
    // Built-in keys that are keywords come from the list above, by their English name.
    let builtin = builtin.prop_filter("keyword keys are normalised", |k| {
        !KEYWORD_KEYS.iter().any(|kw| {
            vocab::GivenKey::from_name(&k.name).is_some_and(|g| g.en() == *kw)
                || vocab::ExpectKey::from_name(&k.name).is_some_and(|g| g.en() == *kw)
        })
    });
    prop_oneof![keyword, builtin, ident()].boxed()
}

fn value(lang: Lang) -> S<Value> {
    let leaf = prop_oneof![
        signed_number().prop_map(Value::Number),
        pct().prop_map(Value::Percent),
        date().prop_map(Value::Date),
        duration().prop_map(Value::Duration),
        (signed_number(), signed_number()).prop_map(|(a, b)| Value::Range(a, b)),
        string().prop_map(Value::Str),
        any::<bool>().prop_map(|b| Value::Bool(b, sp())),
        item_id().prop_map(Value::Name),
    ];
    leaf.prop_recursive(2, 8, 3, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| Value::List(v, sp())),
            prop::collection::vec(
                (key(ident()), inner).prop_map(|(key, value)| Field {
                    key,
                    value,
                    span: sp()
                }),
                0..3
            )
            .prop_map(|f| Value::Record(f, sp())),
        ]
    })
    .prop_map(move |v| {
        let _ = lang;
        v
    })
    .boxed()
}

fn record(keys: S<Ident>, lang: Lang) -> S<Vec<Field>> {
    prop::collection::vec(
        (keys, value(lang)).prop_map(|(key, value)| Field {
            key,
            value,
            span: sp(),
        }),
        0..4,
    )
    .boxed()
}

fn test_decl(lang: Lang) -> S<TestDecl> {
    (
        string(),
        record(key(table!(GivenKey, lang)), lang),
        record(key(table!(ExpectKey, lang)), lang),
    )
        .prop_map(|(name, given, expect)| TestDecl {
            name,
            given,
            expect,
        })
        .boxed()
}

// ───────────────────────────── declarations and modules ─────────────────────────────

fn decl(lang: Lang) -> S<Decl> {
    let kind = prop_oneof![
        2 => fields(lang).prop_map(DeclKind::Facts),
        1 => fields(lang).prop_map(DeclKind::Params),
        2 => let_decl(lang).prop_map(DeclKind::Let),
        1 => (ident(), prop::option::of(string()), variants())
            .prop_map(|(name, label, variants)| DeclKind::Enum(EnumDecl { name, label, variants })),
        1 => (ident(), prop::option::of(string()), fields(lang))
            .prop_map(|(name, label, fields)| DeclKind::Record(RecordDecl { name, label, fields })),
        1 => (
            ident(),
            prop::option::of(string()),
            prop::collection::vec(
                (any::<bool>(), prop::collection::vec((date(), prop::option::of(date())), 1..3))
                    .prop_map(|(workdays, spans)| CalendarLine { workdays, spans, span: sp() }),
                0..3
            )
        )
            .prop_map(|(name, label, lines)| DeclKind::Calendar(CalendarDecl { name, label, lines })),
        1 => circumstance(lang).prop_map(DeclKind::Circumstance),
        1 => adjust(lang).prop_map(DeclKind::Adjust),
        3 => violation(lang).prop_map(DeclKind::Violation),
        1 => (ident(), string()).prop_map(|(name, label)| DeclKind::ReviewKind(ReviewKindDecl { name, label })),
        1 => review(lang).prop_map(DeclKind::Review),
        1 => test_decl(lang).prop_map(DeclKind::Test),
    ];
    (comments(), kind)
        .prop_map(|(comments, kind)| Decl {
            comments,
            kind,
            span: sp(),
        })
        .boxed()
}

fn header(lang: Lang) -> S<Header> {
    let effective = (date(), prop::option::of(date())).prop_map(|(from, until)| Effective {
        from,
        until,
        span: sp(),
    });
    let import = (string(), record(key(ident()), lang)).prop_map(|(path, with)| Import {
        path,
        with,
        span: sp(),
    });
    let boundaries = (
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
    )
        .prop_filter("one side at least", |(a, b)| a.is_some() || b.is_some())
        .prop_map(|(above_inclusive, below_inclusive)| Boundaries {
            above_inclusive,
            below_inclusive,
            span: sp(),
        });
    let rounding = (number(true), table!(RoundingMode, lang)).prop_map(|(unit, mode)| Rounding {
        unit,
        mode,
        span: sp(),
    });
    let placement = (
        table!(Grade, lang),
        prop_oneof![
            band(lang).prop_map(PlacementRule::Within),
            table!(Point, lang).prop_map(PlacementRule::Recommend),
        ],
        prop::collection::vec(item_id(), 0..3),
    )
        .prop_map(|(grade, rule, except)| Placement {
            grade,
            rule,
            except,
            span: sp(),
        });
    (
        (
            comments(),
            string(),
            prop::option::of(string()),
            prop::option::of(string()),
            prop::option::of(string()),
        ),
        (
            prop::option::of(effective),
            prop::collection::vec(import, 0..2),
            prop::option::of(string()),
        ),
        (
            prop::option::of(boundaries),
            prop::option::of(rounding),
            prop::option::of(table!(ConflictMode, lang)),
            prop::collection::vec(placement, 0..3),
        ),
    )
        .prop_map(
            |(
                (comments, id, title, authority, version),
                (effective, imports, refines),
                (boundaries, rounding, conflicts, placements),
            )| Header {
                comments,
                id,
                title,
                authority,
                version,
                effective,
                imports,
                refines,
                boundaries,
                rounding,
                conflicts,
                placements,
                span: sp(),
            },
        )
        .boxed()
}

fn module(lang: Lang) -> S<Module> {
    (
        header(lang),
        prop::collection::vec(decl(lang), 0..5),
        comments(),
    )
        .prop_map(move |(header, decls, trailing_comments)| Module {
            lang,
            header,
            decls,
            trailing_comments,
            span: sp(),
        })
        .boxed()
}

fn any_module() -> S<Module> {
    Union::new([module(Lang::En), module(Lang::Zh)]).boxed()
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    }
}

fn reparse(text: &str) -> Result<Module, TestCaseError> {
    parse(FileId(0), text).map_err(|d| {
        let messages: Vec<String> = d.0.iter().map(|x| x.message.clone()).collect();
        TestCaseError::fail(format!(
            "formatted text does not parse: {messages:?}\n{text}"
        ))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn format_then_parse_gives_the_tree_back(m in any_module()) {
        let text = format(&m, &FormatOptions::default());
        let back = reparse(&text)?;
        prop_assert_eq!(&back, &m, "\n{}", text);
        // The module's own language, asked for explicitly, prints the same text.
        prop_assert_eq!(format(&m, &FormatOptions { lang: Some(m.lang) }), text);
    }

    #[test]
    fn a_trip_through_the_other_language_gives_the_tree_back(m in any_module()) {
        let there = format(&m, &FormatOptions { lang: Some(other(m.lang)) });
        let there_tree = reparse(&there)?;
        let back = format(&there_tree, &FormatOptions { lang: Some(m.lang) });
        prop_assert_eq!(&reparse(&back)?, &m, "\n{}\n{}", there, back);
        prop_assert_eq!(back, format(&m, &FormatOptions::default()));
    }
}
