//! Every code the lints emit, each with a one-line description.
//!
//! Lints run after a rulebook checked without errors. They are warnings, except where a lint
//! proves a definite mistake (noted below as "error"). Codes are stable: fixtures and tools
//! match on them. Add new ones at the end and to [`ALL`].

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $kind:literal, $desc:literal;)+) => {
        $(
            $(#[$doc])*
            #[doc = $desc]
            pub const $name: &str = concat!("mete::lint::", $kind);
        )+

        /// Every lint code with its description, in the order above.
        pub const ALL: &[(&str, &str)] = &[$(($name, $desc)),+];
    };
}

codes! {
    BAND_OUTSIDE = "band_outside", "a tier band lies partly (warning) or wholly (error) outside the item's statutory range";
    OVERLAP = "overlap", "warning: a lighter tier comes first and takes cases a later, heavier tier also matches";
    GAP = "gap", "warning: an item without `otherwise` has cases that no tier condition matches";
    NEVER_TRUE = "never_true", "warning: a tier condition can never hold";
    SHADOWED = "shadowed", "warning: earlier tiers match every case a tier matches, so it is never reached";
    PLACEMENT = "placement", "warning: a tier's band or recommended point breaks the declared placement policy";
    MISSING_CITE = "missing_cite", "warning: an item or circumstance has no citation";
    EXCEEDS_PARENT = "exceeds_parent", "warning: a child rulebook's range or band reaches past its parent's for the same item";
    UNKNOWN_PARENT_ITEM = "unknown_parent_item", "warning: `refines ID` names no item of the parent rulebook";
    PARENT_UNAVAILABLE = "parent_unavailable", "warning: the parent rulebook named by `refines` cannot be loaded or does not check";
}

/// The checker's own unused-declaration warnings, which belong to the lint set too (they keep
/// their `mete::check::` codes, which tools already match on).
pub const FROM_CHECKER: &[&str] = &[
    crate::check::err::UNUSED_FACT,
    crate::check::err::UNUSED_PARAM,
    crate::check::err::UNUSED_LET,
];
