//! What a notice template may do, and how much.
//!
//! Templates are data a utility writes, rendered inside billing servers and apps, so the
//! engine bounds them like any other input:
//!
//! * **A small language.** Values are formatted by the engine before a template sees them,
//!   so templates only place them: `{{ name }}`, `{% if %}`, `{% for %}` over a literal
//!   list, `{% set %}`, `{% raw %}` and the filters `upper`, `lower`, `title`,
//!   `capitalize`, `trim` and `default`. Operators that build strings (`*`, `**`, `+`,
//!   `~`) and every other tag and filter are refused when the set is loaded; in particular
//!   nothing can turn HTML escaping off (`{% autoescape false %}`, `| safe`).
//! * **Bounded work.** Each render has [`FUEL`] steps of MiniJinja's fuel; four nested
//!   loops over long lists stop with an error instead of holding the caller's thread.
//! * **Bounded output.** Each part is written into a buffer that refuses to grow past its
//!   channel's limit ([`Limited`]), so no render allocates more than that.
//! * **Bounded source.** A part's template text is at most [`MAX_SOURCE_BYTES`].

use minijinja::machinery::{tokenize, Token, WhitespaceConfig};
use minijinja::syntax::SyntaxConfig;

/// The most MiniJinja steps one part's render may take.
pub const FUEL: u64 = 20_000;
/// The longest template text of one part, in bytes.
pub const MAX_SOURCE_BYTES: usize = 16 << 10;
/// The filters a template may use.
pub const FILTERS: [&str; 6] = ["upper", "lower", "title", "capitalize", "trim", "default"];
/// The tags a template may use.
const TAGS: [&str; 9] = ["if", "elif", "else", "endif", "for", "endfor", "set", "raw", "endraw"];

/// Checks one part's template text against the language above; the error says what is
/// not allowed.
pub fn check_source(source: &str) -> Result<(), String> {
    check_source_within(source, MAX_SOURCE_BYTES)
}

/// [`check_source`] for a template of at most `max` bytes (an e-bill page is larger
/// than a notice).
pub fn check_source_within(source: &str, max: usize) -> Result<(), String> {
    if source.len() > max {
        return Err(format!("the template is {} bytes; at most {max}", source.len()));
    }
    let mut previous: Option<Token> = None;
    let mut tag_start = false;
    for token in tokenize(source, false, SyntaxConfig::default(), WhitespaceConfig::default()) {
        let (token, _) = token.map_err(|e| format!("template syntax: {e}"))?;
        match &token {
            Token::Mul | Token::Pow | Token::Plus | Token::Tilde => {
                return Err("templates only place values: the operators `*`, `**`, `+` and `~` are not allowed".into());
            }
            Token::Ident(name) if tag_start && !TAGS.contains(name) => {
                return Err(format!("the tag `{name}` is not allowed (allowed: {})", TAGS.join(", ")));
            }
            Token::Ident(name) if matches!(previous, Some(Token::Pipe)) && !FILTERS.contains(name) => {
                return Err(format!("the filter `{name}` is not allowed (allowed: {}; values are formatted and escaped by the engine)", FILTERS.join(", ")));
            }
            _ => {}
        }
        tag_start = matches!(token, Token::BlockStart);
        previous = Some(token);
    }
    Ok(())
}

/// An empty environment with only the filters above, strict about undefined values,
/// HTML-escaping templates whose name ends in `.html`, and `fuel` steps per render.
pub fn environment(fuel: u64) -> minijinja::Environment<'static> {
    use minijinja::{filters, AutoEscape, UndefinedBehavior};
    // No globals such as `range`, no `safe`.
    let mut env = minijinja::Environment::empty();
    env.set_auto_escape_callback(|name| if name.ends_with(".html") { AutoEscape::Html } else { AutoEscape::None });
    env.add_filter("upper", filters::upper);
    env.add_filter("lower", filters::lower);
    env.add_filter("title", filters::title);
    env.add_filter("capitalize", filters::capitalize);
    env.add_filter("trim", filters::trim);
    env.add_filter("default", filters::default);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(false);
    env.set_fuel(Some(fuel));
    env
}

/// A buffer that refuses to grow past `max` bytes: MiniJinja stops rendering at the first
/// refused write.
pub struct Limited {
    /// What was written.
    pub buf: Vec<u8>,
    /// The most bytes accepted.
    pub max: usize,
    /// Whether a write was refused.
    pub exceeded: bool,
}

impl Limited {
    /// An empty buffer of at most `max` bytes.
    pub fn new(max: usize) -> Self {
        Limited { buf: Vec::new(), max, exceeded: false }
    }
}

impl std::io::Write for Limited {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.max {
            self.exceeded = true;
            return Err(std::io::Error::other("output limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_small() {
        assert!(check_source("尊敬的{{ name }}，{% if amount %}电费{{ amount|trim }}元{% endif %}").is_ok());
        for bad in [
            "{% autoescape false %}{{ p }}{% endautoescape %}",
            "{{ p|safe }}",
            "{{ p | safe }}",
            "{% filter safe %}{{ p }}{% endfilter %}",
            "{{ 'x' * 1000000 }}",
            "{{ a ~ b }}",
            "{{ a + b }}",
            "{% macro m() %}{% endmacro %}",
            "{% include 'x' %}",
            "{{ p|replace('a', 'aa') }}",
        ] {
            assert!(check_source(bad).is_err(), "{bad}");
        }
        assert!(check_source(&"x".repeat(MAX_SOURCE_BYTES + 1)).is_err());
    }
}
