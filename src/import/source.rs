//! The document as the importer reads it, whatever it came from: the front matter (cover
//! letter, title, preamble) as lines, the body (一、… up to the annexes) as paragraphs, and
//! each 附件 as lines of text or as tables.

use super::ImportError;
use super::docx;
pub use super::docx::Block;
use super::heal::{self, annex_heading, marker};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Everything before the first 一、 heading, a line (or .docx paragraph) each.
    pub front: Vec<String>,
    /// The body, a paragraph each, healed.
    pub body: Vec<String>,
    pub annexes: Vec<AnnexSource>,
    /// Every standalone date line of the document (`2021年11月2日`), healed, in order.
    pub dates: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnexSource {
    pub number: u16,
    /// Text lines after the 附件N heading, blank lines kept (extracted text).
    pub lines: Vec<String>,
    /// Paragraphs before the first table (the title), and the tables (.docx).
    pub paragraphs: Vec<String>,
    pub tables: Vec<Vec<Vec<String>>>,
}

/// Detects the format and reads it.
pub fn from_bytes(bytes: &[u8]) -> Result<Document, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return from_blocks(docx::blocks(bytes)?);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::Format(
            "this is a PDF: extract its text first (for example `pdftotext FILE.pdf`) and import the .txt"
                .into(),
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::Format(
            "this is an old binary Word file (.doc): save it as .docx and import that".into(),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Format(
            "the text is UTF-16: save it as UTF-8 (for example `iconv -f UTF-16 -t UTF-8`)".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        ImportError::Format(format!(
            "the text is not UTF-8 (byte {at}); a Chinese document in GBK converts with `iconv -f GBK -t UTF-8`"
        ))
    })?;
    if text.contains('\0') {
        return Err(ImportError::Format(
            "this is a binary file, not text".into(),
        ));
    }
    from_text(text)
}

/// Reads extracted text: page numbers, print records and running headers go; the body's
/// printed lines become paragraphs.
pub fn from_text(text: &str) -> Result<Document, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let running = heal::running_lines(&raw);
    let lines: Vec<&str> = raw
        .into_iter()
        .filter(|l| {
            let t = l.trim();
            !heal::is_page_number(t) && !heal::is_print_record(t) && !running.contains(t)
        })
        .collect();
    let healed = |l: &str| heal::heal_spaces(l);
    let body_start = lines
        .iter()
        .position(|l| matches!(marker(&healed(l)), Some((heal::Marker::Section(_), _))))
        .ok_or_else(|| {
            ImportError::NotAPlan(
                "no numbered section (一、…) was found; a plan is organised as 一、总体要求, 二、主要任务 …"
                    .into(),
            )
        })?;
    let annex_start = lines[body_start..]
        .iter()
        .position(|l| annex_heading(l).is_some())
        .map_or(lines.len(), |p| body_start + p);
    let mut document = Document {
        front: lines[..body_start]
            .iter()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect(),
        body: heal::paragraphs(&lines[body_start..annex_start]),
        ..Document::default()
    };
    document.dates = lines[..annex_start]
        .iter()
        .map(|l| healed(l))
        .filter(|l| is_date(l))
        .collect();
    let mut current: Option<AnnexSource> = None;
    for line in &lines[annex_start..] {
        if let Some(number) = annex_heading(line) {
            document.annexes.extend(current.take());
            current = Some(AnnexSource {
                number,
                ..AnnexSource::default()
            });
            continue;
        }
        if let Some(annex) = current.as_mut() {
            annex.lines.push(line.trim().to_owned());
        }
    }
    document.annexes.extend(current);
    Ok(document)
}

/// Arranges the blocks of a .docx like [`from_text`] does the lines of a text.
pub fn from_blocks(blocks: Vec<Block>) -> Result<Document, ImportError> {
    let is_section = |b: &Block| matches!(b, Block::Paragraph(p) if matches!(marker(&heal::heal_spaces(p)), Some((heal::Marker::Section(_), _))));
    let body_start = blocks.iter().position(is_section).ok_or_else(|| {
        ImportError::NotAPlan(
            "no numbered section (一、…) was found; a plan is organised as 一、总体要求, 二、主要任务 …"
                .into(),
        )
    })?;
    let mut document = Document::default();
    let mut annex: Option<AnnexSource> = None;
    for (at, block) in blocks.into_iter().enumerate() {
        match block {
            Block::Paragraph(text) => {
                let healed = heal::heal_spaces(&text);
                if healed.is_empty()
                    || heal::is_page_number(&healed)
                    || heal::is_print_record(&healed)
                {
                    continue;
                }
                if is_date(&healed) && annex.is_none() {
                    document.dates.push(healed.clone());
                }
                if at >= body_start
                    && let Some(number) = annex_heading(&healed)
                {
                    document.annexes.extend(annex.take());
                    annex = Some(AnnexSource {
                        number,
                        ..AnnexSource::default()
                    });
                    continue;
                }
                match annex.as_mut() {
                    Some(a) => {
                        if a.tables.is_empty() {
                            a.paragraphs.push(healed);
                        }
                    }
                    None if at < body_start => document.front.push(text.trim().to_owned()),
                    None => document.body.push(healed),
                }
            }
            Block::Table(rows) => {
                if let Some(a) = annex.as_mut() {
                    a.tables.push(rows);
                }
            }
        }
    }
    document.annexes.extend(annex);
    Ok(document)
}

/// `2021年11月2日` alone.
pub fn is_date(line: &str) -> bool {
    parse_date(line).is_some_and(|(_, rest)| rest.is_empty())
}

/// `YYYY年M月D日` at the start of `text`: (`YYYY-MM-DD`, what follows).
pub fn parse_date(text: &str) -> Option<(String, &str)> {
    let mut rest = text;
    let mut parts = Vec::new();
    for unit in ['年', '月', '日'] {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        parts.push(rest[..digits].parse::<u32>().ok()?);
        rest = rest[digits..].strip_prefix(unit)?;
    }
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    ((1900..2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| (format!("{y:04}-{m:02}-{d:02}"), rest))
}
