//! Settlement files (对账单) of the payment channels, as read for reconciliation
//! ([`super::reconcile`]), and the transactions the engine booked that they are matched
//! against ([`Booked`]).
//!
//! * [`read_settlement`] reads a file in a [`SettlementLayout`]: a generic CSV with a
//!   column mapping, or WeChat Pay's trade bill (微信支付交易账单). Rows that cannot be
//!   read are kept in [`SettlementFile::malformed`] with their line, never dropped; a file
//!   whose own totals disagree with its rows is refused (`totals_mismatch`).
//! * [`settlement_csv`] writes booked transactions as a file in the default generic layout.
//!
//! Totals lines are checked thus: the stated row count against the data rows before the
//! totals, well-formed and malformed alike; the stated amounts only when no data row is
//! malformed (a malformed row's amount is unknown). In a generic CSV the payments total
//! is the sum of the amounts of the non-refund rows (SUCCESS and REVOKED) and the refunds
//! total that of the REFUND rows. In a WeChat bill 应结订单总金额 is checked against the sum
//! of 应结订单金额 over all data rows (a REFUND row repeats its order's amount) and
//! 退款总金额 against the sum of 退款金额.

use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::strict::quote;
use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::cell::Cell;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest settlement file read (bytes).
pub const MAX_FILE_BYTES: usize = 512 << 20;
/// The longest field of a settlement file (characters); a longer one makes its row malformed.
pub const MAX_FIELD_CHARS: usize = 256;

/// What a transaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookedKind {
    /// Money in (缴费).
    Payment,
    /// Money back (退费), numbered by its refund number.
    Refund,
}

/// A transaction the engine booked (the ledger lists them): what the file is matched against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Booked {
    /// The payment channel (`"wechat"`, `"alipay"`, a bank's code).
    pub channel: String,
    /// The channel's transaction number (for a refund, its refund number).
    pub txn_no: String,
    /// The engine's idempotency key of the operation that booked it.
    pub key: String,
    /// Payment or refund.
    pub kind: BookedKind,
    /// The amount (元).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
    /// When it was booked.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub at: NaiveDateTime,
    /// Reversed (冲正) in the engine since.
    #[serde(default)]
    pub reversed: bool,
}

/// A file row's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// The payment was settled.
    Success,
    /// A refund was settled.
    Refund,
    /// The channel cancelled the payment (撤销).
    Revoked,
}

/// One well-formed data row of a settlement file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementRow {
    /// 1-based line number in the file.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub line: u32,
    /// The payment channel.
    pub channel: String,
    /// The channel's transaction number (for a refund row, the refund number).
    pub txn_no: String,
    /// Payment or refund (REFUND rows are refunds).
    pub kind: BookedKind,
    /// The row's status.
    pub status: RowStatus,
    /// The amount (元).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
    /// The channel's transaction time.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub at: NaiveDateTime,
}

/// A line of the file that could not be read as a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Malformed {
    /// 1-based line number in the file.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub line: u32,
    /// What is wrong, in plain words.
    pub reason: String,
}

/// The totals a file states about itself (already checked against its rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTotals {
    /// The line holding the totals.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub line: u32,
    /// Stated number of data rows.
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub rows: u64,
    /// Stated payments total (see the module docs for what it sums).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub payments: Decimal,
    /// Stated refunds total.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub refunds: Decimal,
}

/// A settlement file as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SettlementFile {
    /// Well-formed data rows, in file order.
    pub rows: Vec<SettlementRow>,
    /// Lines that could not be read, in file order.
    pub malformed: Vec<Malformed>,
    /// The file's own totals, when it has a totals line.
    #[serde(default)]
    pub totals: Option<FileTotals>,
}

/// How amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AmountUnit {
    /// 元 with at most 2 decimals (`168.40`).
    #[default]
    Yuan,
    /// Whole fen (`16840`).
    Fen,
}

/// Which header columns hold what (column names; without a header, 1-based positions
/// such as `"3"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvColumns {
    /// The transaction number.
    pub txn_no: String,
    /// The amount.
    pub amount: String,
    /// The transaction time.
    pub time: String,
    /// The status; without it every row is SUCCESS.
    #[serde(default)]
    pub status: Option<String>,
    /// The channel; without it the layout's fixed channel.
    #[serde(default)]
    pub channel: Option<String>,
    /// The refund number: for REFUND rows it is the transaction number matched.
    #[serde(default)]
    pub refund_no: Option<String>,
}

/// A generic CSV layout.
///
/// A totals row is one whose first field equals `totals_label`; its next three fields are
/// the row count, the payments total and the refunds total, any further fields empty.
/// Rows after it are malformed. Every data row has as many fields as the header (without
/// a header, as the first row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvLayout {
    /// The column mapping.
    pub columns: CsvColumns,
    /// The field separator, one ASCII character.
    #[serde(default = "comma")]
    pub delimiter: char,
    /// Whether the first line names the columns.
    #[serde(default = "yes")]
    pub header: bool,
    /// The channel of every row when there is no channel column (or its cell is empty).
    #[serde(default)]
    pub channel: Option<String>,
    /// How amounts are written.
    #[serde(default)]
    pub amount_unit: AmountUnit,
    /// The time format (strftime), `%Y-%m-%d %H:%M:%S` by default.
    #[serde(default = "default_time_format")]
    pub time_format: String,
    /// The status column's values and what they mean.
    #[serde(default = "default_status_values")]
    pub status_values: BTreeMap<String, RowStatus>,
    /// The first field of the totals row, if the file has one.
    #[serde(default)]
    pub totals_label: Option<String>,
}

fn comma() -> char {
    ','
}
fn yes() -> bool {
    true
}
fn default_time_format() -> String {
    "%Y-%m-%d %H:%M:%S".into()
}
fn default_status_values() -> BTreeMap<String, RowStatus> {
    [("SUCCESS", RowStatus::Success), ("REFUND", RowStatus::Refund), ("REVOKED", RowStatus::Revoked)].into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

impl CsvLayout {
    /// The default generic layout, the one [`settlement_csv`] writes: header
    /// `channel,txn_no,status,amount,time`, comma-separated, amounts in 元, times
    /// `%Y-%m-%d %H:%M:%S`, statuses SUCCESS / REFUND / REVOKED (a refund's `txn_no` is its
    /// refund number), and an optional last row `TOTAL,<rows>,<payments>,<refunds>`.
    pub fn default_layout() -> CsvLayout {
        CsvLayout {
            columns: CsvColumns { txn_no: "txn_no".into(), amount: "amount".into(), time: "time".into(), status: Some("status".into()), channel: Some("channel".into()), refund_no: None },
            delimiter: ',',
            header: true,
            channel: None,
            amount_unit: AmountUnit::Yuan,
            time_format: default_time_format(),
            status_values: default_status_values(),
            totals_label: Some("TOTAL".into()),
        }
    }
}

/// The layout of a settlement file. JSON: `{"layout": "csv", "columns": {…}, …}` or
/// `{"layout": "wechat"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "layout", rename_all = "snake_case")]
pub enum SettlementLayout {
    /// A generic CSV.
    Csv(CsvLayout),
    /// WeChat Pay's trade bill (全部订单), back-tick-prefixed fields.
    Wechat {
        /// The channel of its rows; `"wechat"` when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WechatFields {
    #[serde(default)]
    channel: Option<String>,
}

// By hand rather than by `tagged_enum!`, which has struct variants only: the tag is taken
// out and the rest read with its path kept (`layout.columns.amount`).
impl<'de> Deserialize<'de> for SettlementLayout {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use crate::base::tagged;
        use serde::de::Error as _;
        const TAGS: &[&str] = &["csv", "wechat"];
        let mut object = match serde_json::Value::deserialize(d)? {
            serde_json::Value::Object(o) => o,
            _ => return Err(D::Error::custom("an object is expected here")),
        };
        match tagged::tag::<D::Error>(&mut object, "layout", TAGS)?.as_str() {
            "csv" => Ok(SettlementLayout::Csv(tagged::read(object)?)),
            "wechat" => Ok(SettlementLayout::Wechat { channel: tagged::read::<WechatFields, _>(object)?.channel }),
            other => Err(tagged::unknown::<D::Error>("layout", other, TAGS)),
        }
    }
}

impl SettlementLayout {
    /// The default generic CSV layout ([`CsvLayout::default_layout`]).
    pub fn generic() -> SettlementLayout {
        SettlementLayout::Csv(CsvLayout::default_layout())
    }

    /// WeChat Pay's trade bill, channel `"wechat"`.
    pub fn wechat() -> SettlementLayout {
        SettlementLayout::Wechat { channel: None }
    }

    /// Reads a layout from JSON (errors rooted at `layout`).
    pub fn from_json(json: &str) -> Result<SettlementLayout> {
        crate::base::error::parse_json(ErrorKind::Request, "layout", json)
    }

    /// Reads a layout from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<SettlementLayout> {
        crate::base::error::from_value(ErrorKind::Request, "layout", value)
    }
}

/// Where each value of a row is, resolved once per file.
struct Plan<'a> {
    width: usize,
    // WeChat prefixes every field with a back-tick (so that spreadsheets keep long numbers
    // as text) and carries a REFUND row's amount in a column of its own.
    wechat: bool,
    refund_amount: Option<usize>,
    txn: usize,
    amount: usize,
    time: usize,
    status: Option<usize>,
    channel: Option<usize>,
    refund_no: Option<usize>,
    layout: &'a CsvLayout,
    time_items: Vec<Item<'a>>,
    // The time format is the default one, read by hand when a field has its exact shape.
    default_time: bool,
    // The status values in a list, the last one found tried first (rows mostly repeat it).
    statuses: Vec<(&'a str, RowStatus)>,
    last_status: Cell<usize>,
}

const WECHAT_TOTALS: [&str; 3] = ["总交易单数", "应结订单总金额", "退款总金额"];

/// WeChat's trade bill as a CSV layout: fixed column names, one channel.
fn wechat_layout(channel: &Option<String>) -> CsvLayout {
    let columns =
        CsvColumns {
            txn_no: "微信订单号".into(), amount: "应结订单金额".into(), time: "交易时间".into(), status: Some("交易状态".into()), channel: None, refund_no: Some("微信退款单号".into())
        };
    let channel = Some(channel.clone().unwrap_or_else(|| "wechat".into()));
    CsvLayout { columns, channel, totals_label: Some(WECHAT_TOTALS[0].into()), ..CsvLayout::default_layout() }
}

/// Reads a settlement file. A byte-order mark and empty lines are skipped.
pub fn read_settlement(layout: &SettlementLayout, text: &str) -> Result<SettlementFile> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Error::request(ErrorCode::TooLong, "file", format!("the file is {} bytes; at most {MAX_FILE_BYTES} are accepted", text.len())));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut owned: Option<CsvLayout> = None;
    let (csv_layout, wechat) = match layout {
        SettlementLayout::Csv(c) => (c, false),
        SettlementLayout::Wechat { channel } => (&*owned.insert(wechat_layout(channel)), true),
    };
    let delimiter = csv_layout.delimiter;
    if !delimiter.is_ascii() || matches!(delimiter, '"' | '\n' | '\r') {
        let reason = format!("the delimiter {} must be one ASCII character other than a quote or a line break", quote(&delimiter.to_string()));
        return Err(Error::request(ErrorCode::InvalidField, "layout.delimiter", reason));
    }
    // Field counts are checked here, so that a short row is malformed, not an error.
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter as u8).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // A bad record is consumed before the error is returned, so reading goes on after it.
    let mut lines = Lines { text: text.as_bytes(), at: 0, line: 1 };
    let mut next = |record: &mut csv::StringRecord| match reader.read_record(record) {
        Ok(false) => None,
        Ok(true) => Some((lines.of(record.position()), Ok(()))),
        Err(e) => Some((lines.of(e.position()), Err::<(), String>("the line cannot be read as CSV".into()))),
    };
    let first = match csv_layout.header {
        false => None,
        true => match next(&mut record) {
            Some((line, Ok(()))) => Some((line, record.clone())),
            Some((line, Err(_))) => return Err(Error::request(ErrorCode::InvalidField, "file.header", format!("the header on line {line} cannot be read as CSV"))),
            None => return Err(Error::request(ErrorCode::Empty, "file", "the file is empty: the header line is missing")),
        },
    };
    let mut plan = plan(csv_layout, wechat, first.as_ref().map(|(l, r)| (*l, r)))?;
    let label = csv_layout.totals_label.as_deref();
    let mut file = SettlementFile::default();
    // At most one row per line: reserving for every line saves growing a large vector.
    file.rows.reserve(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let (mut settled, mut refunded, mut counted_malformed) = (Decimal::ZERO, Decimal::ZERO, 0u64);
    // WeChat's totals are a header line and one line of values under it: the header's
    // line and where its three values are.
    let mut totals_columns: Option<(u32, Vec<usize>)> = None;
    while let Some((line, read)) = next(&mut record) {
        if file.totals.is_some() {
            file.malformed.push(Malformed { line, reason: "a line after the totals line".into() });
            continue;
        }
        if let Some((header_line, columns)) = totals_columns.take() {
            let values = read.and_then(|()| totals_values(&record, line, &columns, csv_layout.amount_unit));
            file.totals = Some(values.map_err(|r| totals_error(format!("the totals under the header on line {header_line} {r}")))?);
            continue;
        }
        if let Err(reason) = read {
            file.malformed.push(Malformed { line, reason });
            counted_malformed += 1;
            continue;
        }
        if label.is_some_and(|l| record.get(0) == Some(l)) {
            if wechat {
                let columns = WECHAT_TOTALS.iter().map(|name| record.iter().position(|f| f == *name)).collect::<Option<Vec<_>>>();
                let columns = columns.ok_or_else(|| totals_error(format!("the totals header on line {line} must name {}", WECHAT_TOTALS.join(", "))))?;
                totals_columns = Some((line, columns));
            } else {
                let tail_empty = record.iter().skip(4).all(str::is_empty);
                let values = if record.len() >= 4 && tail_empty {
                    totals_values(&record, line, &[1, 2, 3], csv_layout.amount_unit)
                } else {
                    Err("must have the label, the row count, the payments total and the refunds total".into())
                };
                file.totals = Some(values.map_err(|r| totals_error(format!("the totals on line {line} {r}")))?);
            }
            continue;
        }
        // Without a header, the first data row sets the number of fields.
        if plan.width == 0 {
            plan.width = record.len();
        }
        match read_row(&plan, &record, line) {
            Ok((row, settle, refund)) => {
                settled += settle;
                refunded += refund;
                file.rows.push(row);
            }
            Err(reason) => {
                file.malformed.push(Malformed { line, reason });
                counted_malformed += 1;
            }
        }
    }
    if let Some((line, _)) = totals_columns {
        return Err(totals_error(format!("the totals header on line {line} has no line of values under it")));
    }
    if let Some(t) = &file.totals {
        let rows = file.rows.len() as u64 + counted_malformed;
        if t.rows != rows {
            return Err(totals_error(format!("the totals on line {} say {} rows; the file has {rows} ({counted_malformed} of them malformed)", t.line, t.rows)));
        }
        let what = if wechat { ["应结订单总金额", "退款总金额"] } else { ["payments total", "refunds total"] };
        for (name, stated, summed) in [(what[0], t.payments, settled), (what[1], t.refunds, refunded)] {
            if counted_malformed == 0 && stated != summed {
                return Err(totals_error(format!("the {name} on line {} is {}; the rows add up to {}", t.line, yuan(stated), yuan(summed))));
            }
        }
    }
    Ok(file)
}

fn totals_error(reason: String) -> Error {
    Error::request(ErrorCode::TotalsMismatch, "file.totals", reason)
}

/// Line numbers from records' byte offsets: csv's own count lags a line behind after a
/// CRLF (it counts the LF when it reads the next record) and misses skipped empty lines.
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    fn of(&mut self, position: Option<&csv::Position>) -> u32 {
        let mut b = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)).min(self.text.len());
        // A record starts after the line breaks before it (a break inside a field is quoted).
        while b < self.text.len() && matches!(self.text[b], b'\r' | b'\n') {
            b += 1;
        }
        if b < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..b]).count() as u64;
        self.at = b;
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }
}

/// Resolves the columns of a layout against the header (without one, `width` is 0 until
/// the first data row sets it).
fn plan<'a>(c: &'a CsvLayout, wechat: bool, header: Option<(u32, &csv::StringRecord)>) -> Result<Plan<'a>> {
    let find = |name: &str, path: &str| -> Result<usize> {
        let path = if wechat { "file.header" } else { path };
        match header {
            Some((line, h)) => h.iter().position(|f| f == name).ok_or_else(|| Error::request(ErrorCode::InvalidField, path, format!("the header on line {line} has no column {}", quote(name)))),
            None => match name.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(Error::request(ErrorCode::InvalidField, path, format!("without a header a column is a position from 1, not {}", quote(name)))),
            },
        }
    };
    let time_items: Vec<Item<'a>> = StrftimeItems::new(&c.time_format).collect();
    if time_items.is_empty() || time_items.iter().any(|i| matches!(i, Item::Error)) {
        return Err(Error::request(ErrorCode::InvalidField, "layout.time_format", format!("{} is not a time format such as \"%Y-%m-%d %H:%M:%S\"", quote(&c.time_format))));
    }
    let opt = |name: &Option<String>, path: &str| name.as_deref().map(|n| find(n, path)).transpose();
    let channel = opt(&c.columns.channel, "layout.columns.channel")?;
    if channel.is_none() && c.channel.as_deref().unwrap_or("").is_empty() {
        return Err(Error::request(ErrorCode::InvalidField, "layout.channel", "give the channel: a channel column or a fixed channel"));
    }
    if c.columns.status.is_some() && c.status_values.is_empty() {
        return Err(Error::request(ErrorCode::Empty, "layout.status_values", "a status column needs its status values"));
    }
    Ok(Plan {
        width: header.map_or(0, |(_, h)| h.len()),
        wechat,
        refund_amount: if wechat { Some(find("退款金额", "")?) } else { None },
        txn: find(&c.columns.txn_no, "layout.columns.txn_no")?,
        amount: find(&c.columns.amount, "layout.columns.amount")?,
        time: find(&c.columns.time, "layout.columns.time")?,
        status: opt(&c.columns.status, "layout.columns.status")?,
        channel,
        refund_no: opt(&c.columns.refund_no, "layout.columns.refund_no")?,
        layout: c,
        time_items,
        default_time: c.time_format == "%Y-%m-%d %H:%M:%S",
        statuses: c.status_values.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
        last_status: Cell::new(0),
    })
}

/// Reads one data row: the row, and what it adds to the payments and refunds totals.
fn read_row(plan: &Plan, record: &csv::StringRecord, line: u32) -> std::result::Result<(SettlementRow, Decimal, Decimal), String> {
    if record.len() != plan.width {
        return Err(format!("the line has {} fields; the header has {}", record.len(), plan.width));
    }
    if let Some(i) = record.iter().position(|f| f.len() > MAX_FIELD_CHARS && f.chars().count() > MAX_FIELD_CHARS) {
        return Err(format!("field {} is longer than {MAX_FIELD_CHARS} characters", i + 1));
    }
    let field = |i: usize| {
        let f = record.get(i).unwrap_or("");
        if plan.wechat {
            f.strip_prefix('`').unwrap_or(f)
        } else {
            f
        }
    };
    let status = match plan.status.map(field) {
        None => RowStatus::Success,
        Some(s) => match plan.statuses.get(plan.last_status.get()) {
            Some(&(name, status)) if name == s => status,
            _ => {
                let i = plan.statuses.iter().position(|&(name, _)| name == s).ok_or_else(|| {
                    let known: Vec<&str> = plan.layout.status_values.keys().map(String::as_str).collect();
                    format!("the status {} is not one of {}", quote(s), known.join(", "))
                })?;
                plan.last_status.set(i);
                plan.statuses[i].1
            }
        },
    };
    let refund = status == RowStatus::Refund;
    let txn_no = match plan.refund_no {
        Some(i) if refund => field(i),
        _ => field(plan.txn),
    };
    if txn_no.is_empty() {
        return Err(if refund { "the refund number is empty" } else { "the transaction number is empty" }.into());
    }
    let channel = match plan.channel.map(field) {
        Some(c) if !c.is_empty() => c,
        _ if plan.layout.channel.as_deref().is_some_and(|c| !c.is_empty()) => plan.layout.channel.as_deref().unwrap_or(""),
        _ => return Err("the channel is empty".into()),
    };
    let primary = parse_amount(field(plan.amount), plan.layout.amount_unit)?;
    let (amount, settle, refunded) = match plan.refund_amount {
        Some(i) => {
            let r = parse_amount(field(i), plan.layout.amount_unit)?;
            (if refund { r } else { primary }, primary, r)
        }
        None if refund => (primary, Decimal::ZERO, primary),
        None => (primary, primary, Decimal::ZERO),
    };
    let time = field(plan.time);
    let at = match plan.default_time.then(|| default_time(time)).flatten() {
        Some(at) => at,
        None => {
            let mut parsed = Parsed::new();
            chrono::format::parse(&mut parsed, time, plan.time_items.iter())
                .and_then(|()| parsed.to_naive_datetime_with_offset(0))
                .map_err(|_| format!("the time {} does not match the format {}", quote(time), quote(&plan.layout.time_format)))?
        }
    };
    let kind = if refund { BookedKind::Refund } else { BookedKind::Payment };
    Ok((SettlementRow { line, channel: channel.to_string(), txn_no: txn_no.to_string(), kind, status, amount, at }, settle, refunded))
}

/// A time of exactly the shape `2026-11-05 08:30:00` with valid values, read without
/// chrono's format machinery (which it agrees with); anything else (a leap second
/// included) is left to chrono, so that errors stay the same.
pub(super) fn default_time(s: &str) -> Option<NaiveDateTime> {
    let b: &[u8; 19] = s.as_bytes().try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let n = |from: usize, to: usize| b[from..to].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    let date = NaiveDate::from_ymd_opt(i32::try_from(n(0, 4)?).ok()?, n(5, 7)?, n(8, 10)?)?;
    let time = NaiveTime::from_hms_opt(n(11, 13)?, n(14, 16)?, n(17, 19)?)?;
    Some(date.and_time(time))
}

/// A totals line's count and two amounts, from the given fields.
fn totals_values(record: &csv::StringRecord, line: u32, at: &[usize], unit: AmountUnit) -> std::result::Result<FileTotals, String> {
    let field = |i: usize| record.get(i).map(|f| f.strip_prefix('`').unwrap_or(f)).unwrap_or("");
    let count = field(at[0]);
    if count.is_empty() || count.len() > 19 || !count.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("have the row count {}, which is not a whole number", quote(count)));
    }
    let amount = |i| parse_amount(field(i), unit).map_err(|r| format!("are wrong: {r}"));
    Ok(FileTotals { line, rows: count.parse().map_err(|_| "have a row count that is too large".to_string())?, payments: amount(at[1])?, refunds: amount(at[2])? })
}

/// A plain non-negative amount: digits, and for 元 optionally `.` and one or two digits.
/// Read by hand because it runs once per row: no allocation unless it is wrong.
fn parse_amount(s: &str, unit: AmountUnit) -> std::result::Result<Decimal, String> {
    plain_amount(s, unit).map_or_else(|| checked_amount(s, unit), Ok)
}

/// [`parse_amount`] step by step, with what is wrong.
pub(super) fn checked_amount(s: &str, unit: AmountUnit) -> std::result::Result<Decimal, String> {
    let (int, frac) = match (s.split_once('.'), unit) {
        (Some((i, f)), AmountUnit::Yuan) => (i, f),
        _ => (s, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if s.is_empty() {
        return Err("the amount is empty".into());
    }
    if s.starts_with('-') {
        return Err(format!("the amount {} is negative", quote(s)));
    }
    if int.is_empty() || !digits(int) || !digits(frac) || (s.contains('.') && frac.is_empty()) {
        let plain = if unit == AmountUnit::Fen { "a whole number of fen such as 16840" } else { "a plain decimal such as 168.40" };
        return Err(format!("the amount {} is not {plain}", quote(s)));
    }
    if frac.len() > 2 {
        return Err(format!("the amount {} has more than 2 decimal places", quote(s)));
    }
    let int = int.trim_start_matches('0');
    let max = if unit == AmountUnit::Fen { 17 } else { 15 };
    if int.len() > max {
        return Err(format!("the amount {} is too large", quote(s)));
    }
    let mantissa = int.bytes().chain(frac.bytes()).fold(0i64, |m, b| m * 10 + i64::from(b - b'0'));
    let scale = if unit == AmountUnit::Fen { 2 } else { frac.len() as u32 };
    Ok(Decimal::new(mantissa, scale))
}

/// A well-formed amount in one pass, as [`parse_amount`] reads it; `None` for anything
/// else (which `parse_amount` then explains).
pub(super) fn plain_amount(s: &str, unit: AmountUnit) -> Option<Decimal> {
    let b = s.as_bytes();
    // At most 18 bytes, so that the integer part fits an i64 whatever its leading zeros.
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let (mut int, mut frac, mut frac_len, mut dot) = (0i64, 0i64, 0u32, None);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' if dot.is_some() => {
                frac = frac * 10 + i64::from(c - b'0');
                frac_len += 1;
            }
            b'0'..=b'9' => int = int * 10 + i64::from(c - b'0'),
            b'.' if unit == AmountUnit::Yuan && dot.is_none() => dot = Some(i),
            _ => return None,
        }
    }
    let max = if unit == AmountUnit::Fen { 100_000_000_000_000_000 } else { 1_000_000_000_000_000 };
    if dot == Some(0) || (dot.is_some() && !(1..=2).contains(&frac_len)) || int >= max {
        return None;
    }
    let scale = if unit == AmountUnit::Fen { 2 } else { frac_len };
    Some(Decimal::new(int * 10i64.pow(frac_len) + frac, scale))
}

/// An amount to the fen, as the notes show it.
pub(super) fn yuan(d: Decimal) -> String {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d.to_string()
}

/// Writes booked transactions as a settlement file in the default generic layout
/// ([`CsvLayout::default_layout`], [`SettlementLayout::generic`]), with a totals row:
/// payments as SUCCESS (REVOKED when reversed), refunds as REFUND. Tests and demos build
/// channel files from it.
pub fn settlement_csv(booked: &[Booked]) -> String {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let _ = w.write_record(["channel", "txn_no", "status", "amount", "time"]);
    let (mut payments, mut refunds) = (Decimal::ZERO, Decimal::ZERO);
    for b in booked {
        let status = match (b.kind, b.reversed) {
            (BookedKind::Refund, _) => "REFUND",
            (BookedKind::Payment, true) => "REVOKED",
            (BookedKind::Payment, false) => "SUCCESS",
        };
        let sum = if b.kind == BookedKind::Refund { &mut refunds } else { &mut payments };
        *sum = sum.saturating_add(b.amount);
        let _ = w.write_record([b.channel.as_str(), b.txn_no.as_str(), status, &yuan(b.amount), &b.at.format("%Y-%m-%d %H:%M:%S").to_string()]);
    }
    let _ = w.write_record(["TOTAL", &booked.len().to_string(), &yuan(payments), &yuan(refunds)]);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
