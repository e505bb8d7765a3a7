//! The e-bill centre: a bill and its options → the e-bill's HTML. Conversion only; the
//! statement and the document are built by `gridcore::ebill`.

use crate::billing::Bill;
use crate::convert::to_value;
use crate::errors::{self, guard, throw};
use gridcore::ebill::{self, EbillOptions, EbillRequest};
use gridcore::ErrorKind;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Renders a bill's e-bill: the customer's HTML document, or with `view: 'counter'` the
/// counter fragment. Options (all optional): `locale` (`'zh-CN'`/`'zh'` or `'en'`),
/// `view`, `history` (earlier months, `{month: '2026-10', kwh: '200', amount: '107.60'}`),
/// `comparison` (what `compare(previous, bill)` returns), `due_date`, `payment`,
/// `points_balance` and `style` (brand, colours, footer, replacement templates).
#[napi(ts_args_type = "bill: Bill, options?: EbillOptions")]
pub fn render_ebill(env: &Env, bill: &Bill, options: Option<Unknown<'_>>) -> Result<String> {
    let mut numbers = Vec::new();
    let options = match options {
        Some(o) if o.get_type()? != ValueType::Undefined => {
            let value = to_value(o, "options", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
            EbillOptions::from_value(value).map_err(|e| throw(env, errors::explain_number(e, &numbers)))?
        }
        _ => EbillOptions::default(),
    };
    guard(|| ebill::render_ebill(&bill.0, &options)).map_err(|e| throw(env, e))
}

/// The e-bill of a request in its JSON form (`{"bill": <bill JSON>, "options": …}`), as
/// JSON text: `{"statement": <the data the document is built from>, "html": …}`. For
/// e-bill runs over stored bills, and the conformance cases.
#[napi]
pub fn ebill_json(env: &Env, request: String) -> Result<String> {
    guard(|| EbillRequest::from_json(&request).and_then(|r| ebill::ebill(&r)).and_then(|e| serde_json::to_string(&e).map_err(|e| gridcore::Error::internal(e.to_string()))))
        .map_err(|e| throw(env, e))
}
