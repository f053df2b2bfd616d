//! Every diagnostic code the checker emits, each with a one-line description.
//!
//! Codes are stable: tools and fixture files match on them. Add new ones at the end of their
//! group and to [`ALL`].

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $kind:literal, $desc:literal;)+) => {
        $(
            $(#[$doc])*
            #[doc = $desc]
            pub const $name: &str = concat!("mete::check::", $kind);
        )+

        /// Every code with its description, in the order above.
        pub const ALL: &[(&str, &str)] = &[$(($name, $desc)),+];
    };
}

codes! {
    // imports
    IMPORT_NOT_FOUND = "import_not_found", "an imported file could not be loaded";
    IMPORT_CYCLE = "import_cycle", "files import each other in a cycle";
    IMPORT_TOO_DEEP = "import_too_deep", "the chain of imports is deeper than the limit";
    UNKNOWN_PARAM = "unknown_param", "`with` sets a parameter the imported file does not declare";
    PARAM_VALUE = "param_value", "a parameter is set to a value of the wrong type";
    PARAM_WITHOUT_VALUE = "param_without_value", "a parameter has no default and no importer sets it";
    CONFLICTING_PARAM = "conflicting_param", "two imports of one file set a parameter to different values";
    // header
    MISSING_VERSION = "missing_version", "the root header has no `version`";
    MISSING_EFFECTIVE = "missing_effective", "the root header has no `effective from` date";
    EFFECTIVE_ORDER = "effective_order", "`effective until` is before `effective from`";
    BAD_ROUNDING_UNIT = "bad_rounding_unit", "a rounding unit is zero or negative";
    // names
    DUPLICATE = "duplicate", "a name or id is declared twice";
    UNKNOWN_NAME = "unknown_name", "a name in an expression is not a fact, parameter, definition or variant";
    UNKNOWN_TYPE = "unknown_type", "a type name is neither built in nor declared";
    UNKNOWN_FUNCTION = "unknown_function", "a call names no built-in function";
    UNKNOWN_SANCTION = "unknown_sanction", "a sanction kind is not one of the known kinds";
    UNKNOWN_EFFECT = "unknown_effect", "a circumstance effect is not one of the known effects";
    UNKNOWN_REVIEW_KIND = "unknown_review_kind", "a review kind is neither built in nor declared";
    UNKNOWN_CALENDAR = "unknown_calendar", "a calendar argument names no declared calendar";
    UNKNOWN_ITEM = "unknown_item", "an item id names no violation item";
    UNKNOWN_TIER = "unknown_tier", "a tier id names no tier (of the item in question)";
    UNKNOWN_GRADE = "unknown_grade", "a tier grade is not one of the known grades";
    UNKNOWN_POINT = "unknown_point", "a point is not `minimum`, `midpoint` or `maximum`";
    UNKNOWN_ROUNDING_MODE = "unknown_rounding_mode", "a rounding mode is not one of the known modes";
    UNKNOWN_CONFLICT_MODE = "unknown_conflict_mode", "a conflict mode is not one of the known modes";
    UNKNOWN_OUTCOME = "unknown_outcome", "an outcome name is not one of the known outcomes";
    UNKNOWN_VARIANT = "unknown_variant", "a name is not a variant of the enum expected there";
    UNKNOWN_BOUND_FIELD = "unknown_bound_field", "`fine.x` / `statutory.x` reads no known bound";
    AMBIGUOUS_NAME = "ambiguous_name", "a name is both a value and a variant of the enum expected there";
    FIELD_SHADOWS_NAME = "field_shadows_name", "warning: a record field hides a fact or definition of the same name inside an aggregate";
    UNKNOWN_FIELD = "unknown_field", "a record value names a field its record type does not have";
    // types
    TYPE_MISMATCH = "type_mismatch", "an expression has a different type than its place needs";
    MONEY_ARITHMETIC = "money_arithmetic", "arithmetic mixes money with plain numbers in a way that has no meaning";
    DATE_ARITHMETIC = "date_arithmetic", "arithmetic on dates other than adding or subtracting a duration";
    NOT_COMPARABLE = "not_comparable", "a comparison between values that cannot be compared";
    OPERAND_TYPE = "operand_type", "an operator is applied to an operand of the wrong type";
    IF_BRANCHES = "if_branches", "the branches of an `if` have different types";
    MEMBERSHIP = "membership", "`in` needs an enum value and a set of its variants";
    ARITY = "arity", "a function is called with the wrong number of arguments";
    NOT_AGGREGATE = "not_aggregate", "`of` or `where` is used in a call that is not an aggregate";
    AGGREGATE_SHAPE = "aggregate_shape", "an aggregate is missing its `of` or `where` part, or does not read a list";
    LET_TYPE = "let_type", "a definition's value does not have its declared type";
    NOT_CONSTANT = "not_constant", "a default, range bound or parameter value is not a constant";
    DEFAULT_TYPE = "default_type", "a default value has the wrong type";
    EMPTY_SET = "empty_set", "an empty set literal where its enum cannot be known";
    // optional facts
    OPTIONAL_UNGUARDED = "optional_unguarded", "an optional fact is read outside a presence test";
    // where decision values may be read
    DECISION_OUTSIDE_REVIEW = "decision_outside_review", "a decision value is read outside a review condition";
    STATUTORY_OUTSIDE_BAND = "statutory_outside_band", "`statutory.min|max` is read outside bands, fine limits, floors and reviews";
    // definitions
    LET_CYCLE = "let_cycle", "definitions depend on each other in a cycle";
    // literals
    BAD_DATE = "bad_date", "a date literal names no calendar day";
    NUMBER_OVERFLOW = "number_overflow", "a number is too large or too precise to represent";
    NOT_WHOLE = "not_whole", "a number that must be whole has a fraction";
    SHARE_RANGE = "share_range", "a percentage share lies outside 0% to 100%";
    REVERSED_RANGE = "reversed_range", "a range's lower end is above its upper end";
    // items and tiers
    OTHERWISE_NOT_LAST = "otherwise_not_last", "a tier follows the `otherwise` tier";
    SEVERAL_OTHERWISE = "several_otherwise", "an item has more than one `otherwise` tier";
    NO_SANCTION = "no_sanction", "an item has neither a fine nor any other sanction";
    BAND_WITHOUT_FINE = "band_without_fine", "a tier has a fine band in an item without a fine";
    DUPLICATE_MEMBER = "duplicate_member", "an item states its fine or conflict mode twice";
    SANCTION_ARG = "sanction_arg", "a sanction has an argument of the wrong kind";
    // circumstances and adjustments
    MISSING_WHEN = "missing_when", "a circumstance has no `when` condition";
    MISSING_EFFECT = "missing_effect", "a circumstance has no effect";
    EFFECT_TARGET = "effect_target", "an effect's `to` target does not suit the effect";
    // declarations
    DEFAULT_WITH_OPTIONAL = "default_with_optional", "a declaration is both `optional` and has a `default`";
    RANGE_TYPE = "range_type", "`range` on a type that is not numeric";
    DUPLICATE_DATE = "duplicate_date", "a calendar lists the same date twice";
    REVERSED_DATES = "reversed_dates", "a calendar date span ends before it starts";
    SET_OF_NON_ENUM = "set_of_non_enum", "`set of` a type that is not an enum";
    LIST_OF_NON_RECORD = "list_of_non_record", "`list of` a type that is not a record";
    // tests
    UNKNOWN_GIVEN_KEY = "unknown_given_key", "a test `given` key is neither a fact nor a case key";
    GIVEN_VALUE = "given_value", "a test `given` value does not fit the fact's type";
    MISSING_FACT = "missing_fact", "a test does not give a fact that has no default and is not optional";
    TEST_WITHOUT_VIOLATION = "test_without_violation", "a test does not name its violation item";
    UNKNOWN_EXPECT_KEY = "unknown_expect_key", "a test `expect` key is not a known key";
    EXPECT_VALUE = "expect_value", "a test `expect` value has the wrong shape";
    // limits (see crate::limits)
    TOO_MANY_ITEMS = "too_many_items", "the rulebook declares more violation items than the limit";
    TOO_MANY_TIERS = "too_many_tiers", "a violation item has more tiers than the limit";
    TOO_MANY_TESTS = "too_many_tests", "the rulebook declares more `test` blocks than the limit";
    // warnings
    UNUSED_FACT = "unused_fact", "warning: a fact is never read";
    UNUSED_PARAM = "unused_param", "warning: a parameter is never read";
    UNUSED_LET = "unused_let", "warning: a definition is never read";
}
