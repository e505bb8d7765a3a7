//! The points centre (积分): events through rules into an append-only ledger with
//! idempotency keys, lots that expire, redemption earliest-expiring first and reversal by
//! compensating entries. See `docs/points.md`.

mod ledger;
mod rules;

pub use ledger::{Entry, EntryKind, Ledger, Lot, Operation, Outcome, OutcomeRecord, Shortfall};
pub use rules::{process, Campaign, Caps, Event, FieldCondition, Formula, PointsEvent, PointsRounding, PointsRule, PointsRules};

/// Canonical JSON of an operation or event (struct fields in declaration order, no
/// spaces): what an idempotency key is compared by.
fn canonical(value: &impl serde::Serialize) -> String {
    thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
    // Written into a reused buffer, then copied once at its exact size: the string is kept
    // in the ledger, so neither reallocations nor spare capacity are wanted.
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        serde_json::to_writer(&mut *buf, value).expect("operations and events serialize");
        std::str::from_utf8(&buf).expect("serde_json writes UTF-8").to_string()
    })
}

/// A decimal as its normalised number (`168.40` → `168.4`, so a retry that writes the
/// amount with another scale is the same event), without going through `fmt`.
fn decimal<S: serde::Serializer>(d: &rust_decimal::Decimal, s: S) -> Result<S::Ok, S::Error> {
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
    let mut out = [0u8; 42];
    let mut o = 0;
    if m < 0 {
        out[0] = b'-';
        o = 1;
    }
    for i in (0..len).rev() {
        out[o] = digits[i];
        o += 1;
        if i == scale && scale > 0 {
            out[o] = b'.';
            o += 1;
        }
    }
    s.serialize_str(std::str::from_utf8(&out[..o]).expect("ASCII digits"))
}


/// Dates as `YYYY-MM-DD` without going through `fmt` (chrono's Display writes a character
/// at a time; an event has three dates and canonical JSON is on every event's path).
fn ymd<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return s.collect_str(d);
    }
    let y = y as u32;
    let digit = |n: u32| b'0' + n as u8;
    let buf = [digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), b'-', digit(m / 10), digit(m % 10), b'-', digit(day / 10), digit(day % 10)];
    s.serialize_str(std::str::from_utf8(&buf).expect("ASCII digits"))
}

fn opt_ymd<S: serde::Serializer>(d: &Option<chrono::NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
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
