//! Reading a .docx: a zip whose `word/document.xml` holds the body as paragraphs (`w:p`,
//! their text in `w:t` runs) and tables (`w:tbl` → `w:tr` → `w:tc`). Merged cells are
//! spread over the columns (`w:gridSpan`) and rows (`w:vMerge`) they cover, so a table
//! reads as a plain grid.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::ImportError;

/// The largest `word/document.xml` read: a plan is far below it; a zip bomb is not.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// A block of a .docx body, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

/// The body of a .docx as paragraphs and tables, in order.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let bad = |what: String| ImportError::Docx(format!("not a readable .docx: {what}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| bad("it has no word/document.xml (is it a Word document?)".into()))?
        .take(MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    parse_document_xml(&xml).map_err(bad)
}

/// A table being read: rows of cells, each cell with its span and merge state.
#[derive(Debug, Default)]
struct TableBuilder {
    rows: Vec<Vec<CellBuilder>>,
}

#[derive(Debug, Default, Clone)]
struct CellBuilder {
    paragraphs: Vec<String>,
    span: usize,
    /// `Some(true)`: starts a vertical merge; `Some(false)`: continues the one above.
    vmerge: Option<bool>,
}

impl TableBuilder {
    fn grid(self) -> Vec<Vec<String>> {
        let mut grid: Vec<Vec<String>> = Vec::new();
        for row in self.rows {
            let mut out: Vec<String> = Vec::new();
            for cell in row {
                let column = out.len();
                let text = if cell.vmerge == Some(false) {
                    grid.last()
                        .and_then(|above| above.get(column))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    cell.paragraphs.join("")
                };
                for _ in 0..cell.span.max(1) {
                    out.push(text.clone());
                }
            }
            grid.push(out);
        }
        grid
    }
}

fn without_prefix(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn local_name(e: &BytesStart) -> String {
    without_prefix(e.name().as_ref()).to_owned()
}

fn attribute(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (without_prefix(a.key.as_ref()) == local).then(|| a.value.to_string()))
}

fn parse_document_xml(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut tables: Vec<TableBuilder> = Vec::new();
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local_name(e);
                match name.as_str() {
                    "p" if empty => {}
                    "p" => paragraph = Some(String::new()),
                    "t" => in_text = !empty,
                    "tab" => {
                        if let Some(p) = paragraph.as_mut() {
                            p.push(' ');
                        }
                    }
                    "br" | "cr" => {
                        if let Some(p) = paragraph.as_mut() {
                            p.push('\n');
                        }
                    }
                    "tbl" if !empty => tables.push(TableBuilder::default()),
                    "tr" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" if !empty => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut()) {
                            row.push(CellBuilder {
                                span: 1,
                                ..CellBuilder::default()
                            });
                        }
                    }
                    "gridSpan" => {
                        if let Some(cell) = current_cell(&mut tables) {
                            cell.span = attribute(e, "val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1)
                                .clamp(1, 64);
                        }
                    }
                    "vMerge" => {
                        if let Some(cell) = current_cell(&mut tables) {
                            cell.vmerge = Some(attribute(e, "val").as_deref() == Some("restart"));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if in_text && let Some(p) = paragraph.as_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if in_text && let Some(p) = paragraph.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.push(c);
                    } else {
                        let name = r.xml10_content();
                        p.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::CData(t) => {
                if in_text && let Some(p) = paragraph.as_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::End(e) => {
                let name = without_prefix(e.name().as_ref()).to_owned();
                match name.as_str() {
                    "t" => in_text = false,
                    "p" => {
                        let text = paragraph.take().unwrap_or_default();
                        match current_cell(&mut tables) {
                            Some(cell) => cell.paragraphs.push(text),
                            None => blocks.push(Block::Paragraph(text)),
                        }
                    }
                    "tbl" => {
                        if let Some(table) = tables.pop() {
                            let grid = table.grid();
                            match current_cell(&mut tables) {
                                // A table inside a cell: its text joins the cell's.
                                Some(cell) => cell
                                    .paragraphs
                                    .extend(grid.into_iter().map(|row| row.join(" "))),
                                None => blocks.push(Block::Table(grid)),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

fn current_cell(tables: &mut [TableBuilder]) -> Option<&mut CellBuilder> {
    tables.last_mut()?.rows.last_mut()?.last_mut()
}

/// Builds a minimal .docx from paragraphs and tables: used by the tests (a .docx made in
/// the test, not a file checked in) and handy for producing fixtures.
pub fn build_docx(blocks: &[Block]) -> Vec<u8> {
    use std::io::Write;
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let paragraph = |text: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(text)
        )
    };
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Paragraph(text) => body.push_str(&paragraph(text)),
            Block::Table(rows) => {
                body.push_str("<w:tbl>");
                for row in rows {
                    body.push_str("<w:tr>");
                    // Equal neighbours in a row are written as one merged cell.
                    let mut at = 0;
                    while at < row.len() {
                        let mut span = 1;
                        while at + span < row.len()
                            && row[at + span] == row[at]
                            && !row[at].is_empty()
                        {
                            span += 1;
                        }
                        body.push_str("<w:tc>");
                        if span > 1 {
                            body.push_str(&format!(
                                "<w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr>"
                            ));
                        }
                        body.push_str(&paragraph(&row[at]));
                        body.push_str("</w:tc>");
                        at += span;
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in [
            ("[Content_Types].xml", content_types.to_owned()),
            ("_rels/.rels", rels.to_owned()),
            ("word/document.xml", document),
        ] {
            // Writing to memory cannot fail.
            let _ = zip.start_file(name, options);
            let _ = zip.write_all(content.as_bytes());
        }
        let _ = zip.finish();
    }
    out.into_inner()
}
