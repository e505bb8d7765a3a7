// The e-bill centre: a bill and its options → the e-bill's HTML. Conversion only; the
// statement and the document are built by `gridcore::ebill`.

/// Renders a bill's e-bill: the customer's HTML document, or with `"view": "counter"` the
/// counter fragment. `options_json` is the options' JSON form (docs/ebill.md): `locale`,
/// `view`, `history`, `comparison` (the comparison's JSON), `due_date`, `payment`,
/// `points_balance`, `style`; `"{}"` for none.
#[uniffi::export]
pub fn render_ebill(bill: Bill, options_json: String) -> Result<String, GridcoreError> {
    let b = core_bill(bill)?;
    guard(|| gridcore::ebill::EbillOptions::from_json(&options_json).and_then(|o| gridcore::ebill::render_ebill(&b, &o)))
}

/// The e-bill of a request in its JSON form (`{"bill": <bill JSON>, "options": …}`), as
/// JSON text: `{"statement": <the data the document is built from>, "html": …}`.
#[uniffi::export]
pub fn ebill_json(request_json: String) -> Result<String, GridcoreError> {
    guard(|| {
        gridcore::ebill::EbillRequest::from_json(&request_json)
            .and_then(|r| gridcore::ebill::ebill(&r))
            .and_then(|e| serde_json::to_string(&e).map_err(|e| gridcore::Error::internal(e.to_string())))
    })
}
