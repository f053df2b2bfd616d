//! Every problem code the case reader reports, each with a one-line description.
//!
//! Codes are stable: bindings, fixtures and agency systems match on them. Add new ones at the end
//! of their group and to [`ALL`].

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $kind:literal, $desc:literal;)+) => {
        $(
            $(#[$doc])*
            #[doc = $desc]
            pub const $name: &str = concat!("mete::case::", $kind);
        )+

        /// Every code with its description, in the order above.
        pub const ALL: &[(&str, &str)] = &[$(($name, $desc)),+];
    };
}

codes! {
    // the JSON text
    TOO_LARGE = "too_large", "the input is larger than the size limit";
    TOO_DEEP = "too_deep", "arrays and objects nest deeper than the limit";
    LIST_TOO_LONG = "list_too_long", "an array or object has more entries than the limit";
    SYNTAX = "syntax", "the input is not well-formed JSON";
    NOT_OBJECT = "not_object", "the case (or a record in a list) is not a JSON object";
    DUPLICATE_KEY = "duplicate_key", "an object gives the same key twice";
    // the envelope
    MISSING_VIOLATION = "missing_violation", "the case gives neither `violation` nor `violations`";
    BOTH_VIOLATION = "both_violation", "the case gives both `violation` and `violations`";
    EMPTY_VIOLATIONS = "empty_violations", "`violations` is an empty list";
    UNKNOWN_VIOLATION = "unknown_violation", "a violation id names no item of the rulebook";
    DUPLICATE_VIOLATION = "duplicate_violation", "`violations` lists one item twice";
    // facts and fields
    UNKNOWN_KEY = "unknown_key", "a key is neither a fact of the rulebook nor part of the envelope";
    MISSING_FACT = "missing_fact", "a fact that has no default and is not optional is not given";
    MISSING_FIELD = "missing_field", "a record in a list lacks a field that has no default and is not optional";
    WRONG_TYPE = "wrong_type", "a value has the wrong JSON type for its fact or field";
    BAD_NUMBER = "bad_number", "a number is malformed, has an exponent or a fraction where a whole number is needed";
    NUMBER_TOO_LARGE = "number_too_large", "a number is too large to be represented exactly";
    BAD_DATE = "bad_date", "a date is not `YYYY-MM-DD` or not a calendar date";
    BAD_DURATION = "bad_duration", "a duration is neither `{years, months, days}` nor `P1Y2M3D`";
    UNKNOWN_VARIANT = "unknown_variant", "a text names no variant of its enum";
    DUPLICATE_VARIANT = "duplicate_variant", "a set lists one variant twice";
    OUT_OF_RANGE = "out_of_range", "a number lies outside the fact's declared range";
}
