//! The e-bill (电子账单): a [`Statement`] rendered as one self-contained HTML document
//! (inline CSS and SVG charts, no scripts, fonts or images, so it opens offline in an
//! app's web view and in e-mail) or as a counter-screen fragment.
//!
//! * The engine formats every value (amounts exactly as the bill has them, dates per
//!   locale) and computes the charts' geometry; the MiniJinja templates only place them,
//!   and every value is HTML-escaped.
//! * A utility restyles the document with [`EbillStyle`] (brand, colours, footer) or
//!   replaces the page or counter template. A replacement runs in the notices' sandbox
//!   (no `safe`, no escaping turned off, bounded work and output); the charts stay the
//!   engine's and arrive as ready SVG.

mod charts;
mod model;
mod render;

pub use model::{Changes, HistoryMonth, LineGroup, PaymentState, PaymentStatus, Reason, Statement, StatementLine, TierBand, TierProgress, TouShare};
pub use render::{render, EbillStyle, View, MAX_EBILL_BYTES, MAX_EBILL_TEMPLATE_BYTES};
