//! Finds where a field path such as `injects[3].month` sits in RON text, so
//! that a check of meaning can name the line and column as well as the path.
//!
//! This is a small scanner, not a parser: it walks only as far as the path
//! needs, skipping strings, comments and nested values by their brackets.

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Step::Field(name));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']')?;
            out.push(Step::Index(stripped[..end].parse().ok()?));
            rest = &stripped[end + 1..];
        }
    }
    Some(out)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    fn skip_blank(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    while self.pos < self.bytes.len() && !self.bytes[self.pos..].starts_with(b"*/") {
                        self.pos += 1;
                    }
                    self.pos += 2;
                }
                _ => return,
            }
        }
    }

    fn skip_string(&mut self) {
        // At the opening quote.
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("")
    }

    /// Skips one value: stops at a comma or closing bracket at depth zero.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        loop {
            self.skip_blank();
            match self.peek() {
                None => return,
                Some(b'"') => self.skip_string(),
                Some(b'(' | b'[' | b'{') => {
                    depth += 1;
                    self.pos += 1;
                }
                Some(b')' | b']' | b'}') if depth == 0 => return,
                Some(b')' | b']' | b'}') => {
                    depth -= 1;
                    self.pos += 1;
                }
                Some(b',') if depth == 0 => return,
                Some(_) => self.pos += 1,
            }
        }
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        self.skip_blank();
        (self.peek() == Some(c)).then(|| self.pos += 1)
    }

    /// After `expect`ing an element, moves past the separating comma.
    fn next_element(&mut self) -> Option<()> {
        self.skip_value();
        self.expect(b',')
    }

    fn field(&mut self, name: &str) -> Option<()> {
        self.skip_blank();
        self.ident(); // An optional struct name.
        self.expect(b'(')?;
        loop {
            self.skip_blank();
            if self.ident() == name {
                self.expect(b':')?;
                self.skip_blank();
                return Some(());
            }
            self.expect(b':')?;
            self.next_element()?;
        }
    }

    fn index(&mut self, i: usize) -> Option<()> {
        self.expect(b'[')?;
        for _ in 0..i {
            self.next_element()?;
        }
        self.skip_blank();
        (!matches!(self.peek(), Some(b']') | None)).then_some(())
    }
}

/// The 1-based line and column where `path` starts in `text`, if found.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut s = Scanner { bytes: text.as_bytes(), pos: 0 };
    for step in steps(path)? {
        match step {
            Step::Field(name) => s.field(name)?,
            Step::Index(i) => s.index(i)?,
        }
    }
    s.skip_blank();
    let before = text.get(..s.pos)?;
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

/// Where a position in RON text sits, as field paths: the record (struct)
/// around it and the field of that record being written there, if any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldAt {
    /// The innermost record's path, for example `stages[2]` (empty for the
    /// file's top record).
    pub record: String,
    /// The field of that record at the position, for example `minutes`,
    /// with any list index below it: `points[1]`.
    pub field: Option<String>,
}

impl FieldAt {
    /// The whole path: `stages[2].minutes`.
    pub fn path(&self) -> String {
        match (&self.field, self.record.is_empty()) {
            (Some(f), true) => f.clone(),
            (Some(f), false) => format!("{}.{f}", self.record),
            (None, _) => self.record.clone(),
        }
    }

    /// The path of `name` in the record around the position: where a
    /// missing field belongs.
    pub fn path_of(&self, name: &str) -> String {
        if self.record.is_empty() { name.to_string() } else { format!("{}.{name}", self.record) }
    }
}

/// One open bracket while scanning towards a position.
struct Frame {
    /// A record `(` rather than a list `[` or map `{`.
    record: bool,
    /// In a record, the field being written; in a list, unused.
    field: Option<String>,
    /// In a list, the index of the element being written.
    index: usize,
}

/// The field paths at a 1-based line and column of `text`: the inverse of
/// [`locate`], so that a syntax error can name the field it is in.
pub fn field_at(text: &str, line: usize, col: usize) -> Option<FieldAt> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let rest = &text[line_start..];
    let offset = line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i);
    let mut s = Scanner { bytes: text.as_bytes(), pos: 0 };
    let mut stack: Vec<Frame> = Vec::new();
    while s.pos < offset {
        match s.peek() {
            None => break,
            Some(c) if c.is_ascii_whitespace() => s.skip_blank(),
            Some(b'/') => {
                let before = s.pos;
                s.skip_blank();
                if s.pos == before {
                    s.pos += 1;
                }
            }
            Some(b'"') => s.skip_string(),
            Some(b'(' | b'{') => {
                stack.push(Frame { record: s.peek() == Some(b'('), field: None, index: 0 });
                s.pos += 1;
            }
            Some(b'[') => {
                stack.push(Frame { record: false, field: None, index: 0 });
                s.pos += 1;
            }
            Some(b')' | b']' | b'}') => {
                stack.pop();
                s.pos += 1;
            }
            Some(b',') => {
                if let Some(top) = stack.last_mut() {
                    if top.record {
                        top.field = None;
                    } else {
                        top.index += 1;
                    }
                }
                s.pos += 1;
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let name = s.ident().to_string();
                let after = s.pos;
                s.skip_blank();
                if s.peek() == Some(b':')
                    && s.pos < offset
                    && let Some(top) = stack.last_mut().filter(|t| t.record)
                {
                    top.field = Some(name);
                    s.pos += 1;
                } else {
                    s.pos = after;
                }
            }
            Some(_) => s.pos += 1,
        }
    }
    // The path to each frame: records add their field, lists their index.
    let innermost_record = stack.iter().rposition(|f| f.record)?;
    let join = |frames: &[Frame]| {
        let mut path = String::new();
        for frame in frames {
            match (&frame.field, frame.record) {
                (Some(field), true) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(field);
                }
                (None, true) => {}
                (_, false) => path.push_str(&format!("[{}]", frame.index)),
            }
        }
        path
    };
    let mut at = FieldAt { record: join(&stack[..innermost_record]), field: None };
    let path = join(&stack[innermost_record..]);
    at.field = (!path.is_empty()).then_some(path);
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"// a comment (with brackets [
Scenario(
    id: "x",
    title: "a, (tricky) \"string\"",
    injects: [
        (id: "a", month: 2),
        (
            id: "b",
            month: 30,
        ),
    ],
)
"#;

    #[test]
    fn finds_fields_and_list_entries() {
        assert_eq!(locate(TEXT, "id"), Some((3, 9)));
        assert_eq!(locate(TEXT, "injects[0].month"), Some((6, 26)));
        assert_eq!(locate(TEXT, "injects[1].month"), Some((9, 20)));
        assert_eq!(locate(TEXT, "injects[1]"), Some((7, 9)));
    }

    #[test]
    fn a_position_names_its_record_and_field() {
        let at = |line, col| field_at(TEXT, line, col).unwrap();
        assert_eq!(at(3, 9).path(), "id");
        assert_eq!(at(6, 26).path(), "injects[0].month");
        assert_eq!(at(9, 20).path(), "injects[1].month");
        assert_eq!(at(9, 20).record, "injects[1]");
        assert_eq!(at(10, 9).path_of("title"), "injects[1].title");
        assert_eq!(at(4, 15).path(), "title", "inside a string with brackets and commas");
        assert_eq!(field_at(TEXT, 1, 5), None, "before the first record");
    }

    #[test]
    fn missing_paths_give_none() {
        assert_eq!(locate(TEXT, "injects[2].month"), None);
        assert_eq!(locate(TEXT, "nothing"), None);
        assert_eq!(locate(TEXT, "injects[x]"), None);
    }
}
