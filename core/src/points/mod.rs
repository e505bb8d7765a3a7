//! The points centre (积分): events through rules into an append-only ledger with
//! idempotency keys, lots that expire, redemption earliest-expiring first and reversal by
//! compensating entries. See `docs/points.md`.

mod ledger;
mod rules;

/// The most points one award may carry (10^12).
pub const MAX_AWARD: i64 = 1_000_000_000_000;
/// The most points a balance may hold, and the most one entry may move (10^15): points
/// arithmetic never wraps; an operation that would pass it is refused.
pub const MAX_BALANCE: i64 = 1_000_000_000_000_000;
/// The longest a lot may live, in days (100 years).
pub const MAX_EXPIRY_DAYS: u32 = 36_600;

pub use ledger::{Entry, EntryKind, Ledger, Lot, Operation, Outcome, OutcomeRecord, Shortfall};
pub use rules::{process, Campaign, Caps, Event, FieldCondition, Formula, PointsEvent, PointsRounding, PointsRule, PointsRules};

thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });

/// Writes into a reused buffer, then copies once at its exact size: the string is kept in
/// the ledger, so neither reallocations nor spare capacity are wanted.
fn buffered(write: impl FnOnce(&mut Vec<u8>)) -> String {
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        write(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Canonical JSON of an operation (struct fields in declaration order, no spaces): what
/// an idempotency key is compared by.
fn canonical(value: &impl serde::Serialize) -> String {
    buffered(|buf| serde_json::to_writer(buf, value).expect("operations serialize"))
}

/// Canonical JSON of an event: exactly what serde writes for it (a test holds the two
/// equal), written directly because it is on every event's path and serde's generic
/// internally-tagged path costs three times as much.
fn canonical_event(e: &PointsEvent) -> String {
    fn text(b: &mut Vec<u8>, s: &str) {
        serde_json::to_writer(&mut *b, s).expect("a string serializes");
    }
    fn field(b: &mut Vec<u8>, name: &str) {
        b.extend_from_slice(b",\"");
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(b"\":");
    }
    fn date(b: &mut Vec<u8>, d: chrono::NaiveDate) {
        b.push(b'"');
        ymd_into(b, d);
        b.push(b'"');
    }
    buffered(|b| {
        b.extend_from_slice(b"{\"key\":");
        text(b, &e.key);
        field(b, "date");
        date(b, e.date);
        if !e.customer_tags.is_empty() {
            field(b, "customer_tags");
            b.push(b'[');
            for (i, t) in rules::sorted_set(&e.customer_tags).into_iter().enumerate() {
                if i > 0 {
                    b.push(b',');
                }
                text(b, t);
            }
            b.push(b']');
        }
        field(b, "event");
        b.extend_from_slice(b"{\"type\":");
        text(b, e.event.kind());
        match &e.event {
            Event::BillPaid { amount, due_date, paid_date, channel } => {
                field(b, "amount");
                b.push(b'"');
                decimal_into(b, amount);
                b.push(b'"');
                field(b, "due_date");
                date(b, *due_date);
                field(b, "paid_date");
                date(b, *paid_date);
                field(b, "channel");
                text(b, channel);
            }
            Event::EBillOptedIn {} | Event::AutoPayEnrolled {} => {}
            Event::BillRefunded { payment_key } => {
                field(b, "payment_key");
                text(b, payment_key);
            }
            Event::Referral { referred_customer_id } => {
                field(b, "referred_customer_id");
                text(b, referred_customer_id);
            }
            Event::Generic { name, attributes } => {
                field(b, "name");
                text(b, name);
                field(b, "attributes");
                b.push(b'{');
                for (i, (k, v)) in attributes.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    text(b, k);
                    b.push(b':');
                    text(b, v);
                }
                b.push(b'}');
            }
        }
        b.extend_from_slice(b"}}");
    })
}

/// A decimal as its normalised number (`168.40` → `168.4`, so a retry that writes the
/// amount with another scale is the same event), without going through `fmt`.
fn decimal_into(out: &mut Vec<u8>, d: &rust_decimal::Decimal) {
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

fn decimal<S: serde::Serializer>(d: &rust_decimal::Decimal, s: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(42);
    decimal_into(&mut out, d);
    s.serialize_str(std::str::from_utf8(&out).expect("ASCII digits"))
}

/// Dates as `YYYY-MM-DD` without going through `fmt` (chrono's Display writes a character
/// at a time).
fn ymd_into(out: &mut Vec<u8>, d: chrono::NaiveDate) {
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

fn ymd<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(10);
    ymd_into(&mut out, *d);
    s.serialize_str(std::str::from_utf8(&out).expect("ASCII digits"))
}

fn opt_ymd<S: serde::Serializer>(d: &Option<chrono::NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ymd(d, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Event, PointsEvent};
    use rust_decimal::Decimal;

    #[test]
    fn the_hand_written_canonical_event_is_serdes_json() {
        let d = |s: &str| -> chrono::NaiveDate { s.parse().unwrap() };
        let amount = |s: &str| -> Decimal { s.parse().unwrap() };
        let events = [
            Event::BillPaid { amount: amount("168.40"), due_date: d("2026-12-15"), paid_date: d("2026-12-05"), channel: "app \"quoted\" 网上国网\n".into() },
            Event::BillPaid { amount: amount("0"), due_date: d("0999-01-01"), paid_date: d("2026-01-01"), channel: String::new() },
            Event::EBillOptedIn {},
            Event::AutoPayEnrolled {},
            Event::BillRefunded { payment_key: "pay/1\\x".into() },
            Event::Referral { referred_customer_id: "C2".into() },
            Event::Generic { name: "survey_completed".into(), attributes: [("b".to_string(), "2".to_string()), ("a".to_string(), "\u{1}".to_string())].into() },
            Event::Generic { name: "x".into(), attributes: Default::default() },
        ];
        for (i, event) in events.into_iter().enumerate() {
            let tags = if i % 2 == 0 { vec!["b".to_string(), "a".into(), "b".into()] } else { vec![] };
            let e = PointsEvent { key: format!("k-{i}\""), date: d("2026-11-23"), customer_tags: tags, event };
            assert_eq!(super::canonical_event(&e), serde_json::to_string(&e).unwrap());
        }
    }

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
