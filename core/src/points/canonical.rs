//! Canonical JSON (what an idempotency key is compared by) and the writers for dates and
//! decimals that it and the ledger's records share. Hand-written where it is on every
//! event's path (see `events.rs`).

thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });

/// Writes into a reused buffer, then copies once at its exact size: the string is kept in
/// the ledger, so neither reallocations nor spare capacity are wanted.
pub(super) fn buffered(write: impl FnOnce(&mut Vec<u8>)) -> String {
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        write(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Canonical JSON of an operation (struct fields in declaration order, no spaces): what
/// an idempotency key is compared by.
pub(super) fn canonical(value: &impl serde::Serialize) -> String {
    buffered(|buf| serde_json::to_writer(buf, value).expect("operations serialize"))
}


/// A decimal as its normalised number (`168.40` → `168.4`, so a retry that writes the
/// amount with another scale is the same event), without going through `fmt`.
pub(super) fn decimal_into(out: &mut Vec<u8>, d: &rust_decimal::Decimal) {
    let d = d.normalize();
    let (m, scale) = (d.mantissa(), d.scale() as usize);
    let mut digits = [0u8; 40];
    let mut n = m.unsigned_abs();
    let mut len = 0;
    while n > 0 || len <= scale {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    if m < 0 {
        out.push(b'-');
    }
    for i in (0..len).rev() {
        out.push(digits[i]);
        if i == scale && scale > 0 {
            out.push(b'.');
        }
    }
}

pub(super) fn decimal<S: serde::Serializer>(d: &rust_decimal::Decimal, s: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(42);
    decimal_into(&mut out, d);
    s.serialize_str(std::str::from_utf8(&out).expect("ASCII digits"))
}

/// Dates as `YYYY-MM-DD` without going through `fmt` (chrono's Display writes a character
/// at a time).
pub(super) fn ymd_into(out: &mut Vec<u8>, d: chrono::NaiveDate) {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        out.extend_from_slice(d.to_string().as_bytes());
        return;
    }
    let y = y as u32;
    let digit = |n: u32| b'0' + n as u8;
    out.extend_from_slice(&[digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), b'-', digit(m / 10), digit(m % 10), b'-', digit(day / 10), digit(day % 10)]);
}

pub(super) fn ymd<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(10);
    ymd_into(&mut out, *d);
    s.serialize_str(std::str::from_utf8(&out).expect("ASCII digits"))
}

pub(super) fn opt_ymd<S: serde::Serializer>(d: &Option<chrono::NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ymd(d, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;


    #[derive(serde::Serialize)]
    struct D(#[serde(serialize_with = "super::decimal")] Decimal);

    #[test]
    fn decimals_print_normalised_as_rust_decimal_does() {
        for text in ["168.40", "0.05", "-0.05", "0", "7", "-12.300", "0.000", "79228162514264337593543950335", "0.0000000000000000000000000001", "100"] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(serde_json::to_string(&D(d)).unwrap(), format!("\"{}\"", d.normalize()), "{text}");
        }
    }
}
