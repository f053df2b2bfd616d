//! Which code and which words a user gets for operator operands, set members, record fields
//! and literal values in tests.

use super::{CheckResult, assert_code, dump, err, run_case};

#[test]
fn unknown_variants_name_the_enum_and_list_its_variants() {
    // A name that is nothing else, compared with an enum, is an unknown variant of that enum;
    // the help lists the variants (and suggests a near one, or a near fact).
    let r = run_case("let x = harm == sevsegún");
    assert_code(&r, err::UNKNOWN_VARIANT, "sevseñ".get(..4).unwrap());
    let help = |r: &CheckResult, code: &str| {
        r.diagnostics
            .iter()
            .find(|d| d.code == code)
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        help(&r, err::UNKNOWN_VARIANT),
        "`harm_level` has the variants `none`, `minor` and `serious`"
    );
    let r = run_case("let x = harm == seriuos");
    assert!(
        help(&r, err::UNKNOWN_VARIANT).starts_with("did you mean `serious`? `harm_level` has"),
        "{}",
        dump(&r)
    );
    let r = run_case("let x = harm == corected");
    assert!(
        help(&r, err::UNKNOWN_VARIANT).starts_with("did you mean `corrected`? `harm_level` has"),
        "{}",
        dump(&r)
    );
    // Without an enum on the other side it stays an unknown name.
    assert_code(
        &run_case("let x = goods_valu > 0元"),
        err::UNKNOWN_NAME,
        "goods_valu",
    );
}

#[test]
fn logic_operands_and_set_members_have_the_operators_codes() {
    for (src, code, at, message) in [
        (
            "let x = not goods_value",
            err::OPERAND_TYPE,
            "goods_value",
            "the operand of `not` must be bool, but this is money",
        ),
        (
            "let x = corrected and count_n",
            err::OPERAND_TYPE,
            "count_n",
            "the operands of `and` must be bool, but this is int",
        ),
        (
            "let x = goods_value in {1, 2}",
            err::MEMBERSHIP,
            "goods_value in {1, 2}",
            "`in {…}` tests an enum value against its variants, but `goods_value` is money",
        ),
        (
            "let x = harm in {none, 2}",
            err::MEMBERSHIP,
            "2",
            "`2` is not a variant name: the set lists variants of `harm_level`",
        ),
    ] {
        let r = run_case(src);
        assert_code(&r, code, at);
        let d = r.diagnostics.iter().find(|d| d.code == code).unwrap();
        assert_eq!(d.message, message, "{src}");
        assert!(d.help.is_some(), "{src}: no help");
    }
    // A place that needs a condition still reports a type mismatch.
    assert_code(
        &run_case(r#"circumstance c "c" { when goods_value shall exempt }"#),
        err::TYPE_MISMATCH,
        "goods_value",
    );
}

#[test]
fn value_errors_carry_a_help() {
    for (src, code) in [
        (
            r#"test "x" { given { violation: A-1, goods_value: true } expect { } }"#,
            err::GIVEN_VALUE,
        ),
        (
            r#"test "x" { given { violation: "A-1" } expect { } }"#,
            err::GIVEN_VALUE,
        ),
        (
            r#"test "x" { given { violation: A-1 } expect { fine: "x" } }"#,
            err::EXPECT_VALUE,
        ),
        (
            r#"test "x" { given { violation: A-1 } expect { outcome: "x" } }"#,
            err::EXPECT_VALUE,
        ),
        (
            r#"test "x" { given { violation: A-1 } expect { reviews: ["x"] } }"#,
            err::EXPECT_VALUE,
        ),
        (r#"facts { y: money "y" default true }"#, err::DEFAULT_TYPE),
        ("let x = -corrected", err::OPERAND_TYPE),
    ] {
        let r = run_case(src);
        let d = r.diagnostics.iter().find(|d| d.code == code);
        assert!(
            d.is_some_and(|d| d.help.is_some()),
            "{src}: no `{code}` with a help in\n{}",
            dump(&r)
        );
    }
    let r = run_case(r#"facts { y: money "y" default true }"#);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == err::DEFAULT_TYPE)
        .unwrap();
    assert_eq!(
        d.help.as_deref(),
        Some("a value of money is written as an amount in yuan such as `5000`")
    );
}

#[test]
fn unknown_record_fields_in_tests_list_the_fields() {
    let r = run_case(
        r#"test "x" { given { violation: A-1, priors: [{ dat: 2024-01-01, kind: same }] } expect { } }"#,
    );
    assert_code(&r, err::UNKNOWN_FIELD, "dat");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == err::UNKNOWN_FIELD)
        .unwrap();
    assert_eq!(d.message, "record `prior` has no field `dat`");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `date`? `prior` has the fields `date`, `kind` and `amount`")
    );
    assert!(
        !r.diagnostics.iter().any(|d| d.code == err::GIVEN_VALUE),
        "{}",
        dump(&r)
    );
}

#[test]
fn hints_use_an_before_a_vowel() {
    let help = |src: &str, code: &str| {
        let r = run_case(src);
        r.diagnostics
            .iter()
            .find(|d| d.code == code)
            .and_then(|d| d.help.clone())
            .unwrap_or_else(|| panic!("no `{code}` in\n{}", dump(&r)))
    };
    assert_eq!(
        help(
            r#"circumstance c "c" { when corrected shall mitigated }"#,
            err::UNKNOWN_EFFECT
        ),
        "did you mean `mitigate`? (expected an effect)"
    );
    assert!(
        help(
            r#"review legal_review "r" when outcome == punished"#,
            err::UNKNOWN_OUTCOME
        )
        .starts_with("expected an outcome: `penalize`"),
    );
    assert_eq!(
        help(
            r#"test "x" { given { violation: A-1 } expect { tiers: t1 } }"#,
            err::UNKNOWN_EXPECT_KEY
        ),
        "did you mean `tier`? (expected an expectation key)"
    );
}
