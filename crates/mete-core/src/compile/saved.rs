//! The saved form of a compiled rulebook: compile once (CLI `mete compile`), load it where the
//! front end is not wanted (the browser runtime ships without parser, checker and lints).
//!
//! The file is one header line of JSON, a line break, and the program in postcard's binary
//! encoding of the compiled tables:
//!
//! ```text
//! {"format":"mete-compiled","format_version":1,"mete":"0.1.0","sha256":"…"}
//! <postcard bytes>
//! ```
//!
//! Binary rather than JSON because the reader is what the browser runtime carries: a
//! non-self-describing format compiles to a fraction of the code a JSON reader of the same types
//! does (serde's derived readers for JSON match every field by name).
//!
//! The program's layout is internal, so a file loads only into the mete version that wrote it.
//! The checksum catches truncated or edited files. It is not a signature: a saved rulebook is
//! trusted like code, and a rulebook from an untrusted source should be compiled from source,
//! which checks it.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::{Compiled, Rulebook};

const FORMAT: &str = "mete-compiled";
const FORMAT_VERSION: u32 = 1;
const METE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why a saved rulebook did not load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The text does not start with a mete header line.
    #[error("not a compiled mete rulebook (it should start with a `{FORMAT}` header line)")]
    NotSaved,
    /// Written by another version of mete or of the format.
    #[error(
        "compiled by mete {found} (format {found_format}); this is mete {METE_VERSION} (format {FORMAT_VERSION}): compile the rulebook again"
    )]
    Version {
        /// The mete version in the header.
        found: String,
        /// The format version in the header.
        found_format: u32,
    },
    /// The program does not match the header's checksum.
    #[error("the compiled program does not match its checksum (truncated or edited)")]
    Checksum,
    /// The program is not what this version writes.
    #[error("malformed compiled program: {0}")]
    Malformed(String),
}

impl LoadError {
    /// The stable code of this error: `mete::load::not_saved`, `…::version`, `…::checksum` or
    /// `…::malformed`.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::NotSaved => "mete::load::not_saved",
            LoadError::Version { .. } => "mete::load::version",
            LoadError::Checksum => "mete::load::checksum",
            LoadError::Malformed(_) => "mete::load::malformed",
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    mete: String,
    sha256: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    crate::check::imports::hex(&Sha256::digest(bytes))
}

impl Rulebook {
    /// The saved form of this rulebook (see [`Rulebook::load`]). The same rulebook saves to the
    /// same bytes.
    pub fn save(&self) -> Vec<u8> {
        // Every field is plain data in vectors and B-tree maps, which always serialise.
        let program = postcard::to_allocvec(&*self.inner).unwrap_or_default();
        let header = Header {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            mete: METE_VERSION.to_owned(),
            sha256: sha256_hex(&program),
        };
        let mut out = serde_json::to_vec(&header).unwrap_or_default();
        out.push(b'\n');
        out.extend_from_slice(&program);
        out
    }

    /// Loads a rulebook saved by [`Rulebook::save`] of this same mete version. It decides every
    /// case exactly as the rulebook that was saved.
    pub fn load(bytes: &[u8]) -> Result<Rulebook, LoadError> {
        let newline = bytes
            .iter()
            .position(|b| *b == b'\n')
            .ok_or(LoadError::NotSaved)?;
        let (head, program) = bytes.split_at(newline);
        let program = program.get(1..).unwrap_or_default();
        let header: Header = serde_json::from_slice(head).map_err(|_| LoadError::NotSaved)?;
        if header.format != FORMAT {
            return Err(LoadError::NotSaved);
        }
        if header.format_version != FORMAT_VERSION || header.mete != METE_VERSION {
            return Err(LoadError::Version {
                found: header.mete,
                found_format: header.format_version,
            });
        }
        if sha256_hex(program) != header.sha256 {
            return Err(LoadError::Checksum);
        }
        let compiled: Compiled =
            postcard::from_bytes(program).map_err(|e| LoadError::Malformed(e.to_string()))?;
        Ok(Rulebook {
            inner: Arc::new(compiled),
        })
    }
}

// rust_decimal's own `Deserialize` asks for `deserialize_any`, which a non-self-describing
// format cannot answer; fields marked `#[serde(with = "crate::compile::saved::exact")]` write
// each decimal in them as its exact 16-byte form instead.

/// A value made of decimals (alone, optional or paired), stored through a representation with
/// each decimal as its 16 bytes.
pub(crate) trait Exact: Sized {
    type Repr: serde::Serialize + serde::de::DeserializeOwned;
    fn repr(&self) -> Self::Repr;
    fn from_repr(repr: Self::Repr) -> Self;
}

impl Exact for rust_decimal::Decimal {
    type Repr = [u8; 16];
    fn repr(&self) -> [u8; 16] {
        self.serialize()
    }
    fn from_repr(repr: [u8; 16]) -> Self {
        rust_decimal::Decimal::deserialize(repr)
    }
}

impl<T: Exact> Exact for Option<T> {
    type Repr = Option<T::Repr>;
    fn repr(&self) -> Self::Repr {
        self.as_ref().map(T::repr)
    }
    fn from_repr(repr: Self::Repr) -> Self {
        repr.map(T::from_repr)
    }
}

impl<A: Exact, B: Exact> Exact for (A, B) {
    type Repr = (A::Repr, B::Repr);
    fn repr(&self) -> Self::Repr {
        (self.0.repr(), self.1.repr())
    }
    fn from_repr((a, b): Self::Repr) -> Self {
        (A::from_repr(a), B::from_repr(b))
    }
}

/// `#[serde(with)]` for any [`Exact`] field.
pub(crate) mod exact {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Exact;

    pub(crate) fn serialize<T: Exact, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.repr().serialize(s)
    }

    pub(crate) fn deserialize<'de, T: Exact, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::Repr::deserialize(d).map(T::from_repr)
    }
}
