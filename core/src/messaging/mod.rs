//! The messaging centre (消息中心): typed templates per channel rendered by MiniJinja in
//! strict mode, SMS length and segments, WeChat field limits, masking, locale formatting,
//! and the delivery policy (quiet hours, consent, frequency caps). See `docs/messaging.md`.
//!
//! * A template declares its variables with types; the engine formats and masks the
//!   values (amounts exactly as the bill has them, dates per locale, phone numbers as
//!   138****1234) and hands MiniJinja strings only. A value missing, extra or of the wrong
//!   type is an error naming it (`values.due_date`); a template that uses an undeclared
//!   variable, or declares one it does not use, is refused when the set is loaded.
//! * Rendering is strict: an undefined variable is an error, never an empty string or a
//!   literal `{{ name }}` in a customer's SMS.

mod delivery;
pub mod ebill;
mod format;
mod model;
pub mod sandbox;
mod templates;

pub use delivery::{plan_delivery, Consent, Delivery, DeliveryAction, DeliveryPolicy, QuietHours, Sent};
pub use format::{format_amount, format_date, format_datetime, format_exact_amount};
pub use templates::TemplateSet;
pub use model::{
    Category, Channel, EmailContent, EmailMessage, Locale, Notice, Overlong, PushContent, PushMessage, PushLimits, SmsContent, SmsMessage, SmsSettings, Template,
    VarType, Variable, WechatContent, WechatField, WechatKind, WechatMessage, WechatValue,
};
