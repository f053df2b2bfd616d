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
// format cannot answer; these write a decimal as its exact 16-byte form instead.

type Bytes = [u8; 16];

/// `#[serde(with)]` for a `Decimal`.
pub(crate) mod dec {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        d.serialize().serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        super::Bytes::deserialize(d).map(Decimal::deserialize)
    }
}

/// `#[serde(with)]` for an `Option<Decimal>`.
pub(crate) mod dec_opt {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| d.serialize()).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        Option::<super::Bytes>::deserialize(d).map(|o| o.map(Decimal::deserialize))
    }
}

/// `#[serde(with)]` for an `Option<(Decimal, Decimal)>`.
pub(crate) mod dec_pair_opt {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        d: &Option<(Decimal, Decimal)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        d.map(|(a, b)| (a.serialize(), b.serialize())).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<(Decimal, Decimal)>, D::Error> {
        Option::<(super::Bytes, super::Bytes)>::deserialize(d)
            .map(|o| o.map(|(a, b)| (Decimal::deserialize(a), Decimal::deserialize(b))))
    }
}

/// `#[serde(with)]` for an `Option<(Decimal, Option<Decimal>)>`.
pub(crate) mod dec_konst {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Konst = Option<(Decimal, Option<Decimal>)>;

    pub(crate) fn serialize<S: Serializer>(d: &Konst, s: S) -> Result<S::Ok, S::Error> {
        d.map(|(a, b)| (a.serialize(), b.map(|b| b.serialize())))
            .serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Konst, D::Error> {
        Option::<(super::Bytes, Option<super::Bytes>)>::deserialize(d)
            .map(|o| o.map(|(a, b)| (Decimal::deserialize(a), b.map(Decimal::deserialize))))
    }
}
