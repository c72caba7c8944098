//! Writing into the frame's buffer as ratatui does, cell for cell, without its per-frame
//! overheads on the paths every key takes (property tests compare the cells with ratatui's).
//!
//! - [`set_line`] is `Buffer::set_line`: ratatui splits every span into grapheme clusters
//!   (`unicode-segmentation`) and measures each cluster's width, for every row of every pane
//!   on every frame. A span whose characters each stand alone — printable ASCII, CJK
//!   ideographs and punctuation, the common Latin-1 and general punctuation — needs neither:
//!   each character is a cluster of its own, of a known width.
//! - [`PaneBlock`] is a bordered `Block` with titles: ratatui's `Block` first sets its style
//!   on every cell of its area (a pane of 50 rows: thousands of cells), which for our panes'
//!   blocks, styled only on their borders, changes nothing.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Widget};

/// Whether a character is a grapheme cluster by itself whatever stands beside it (its
/// Grapheme_Cluster_Break property is "Other": not a control, mark, joiner, prepended
/// character, Hangul jamo or regional indicator) and is not a control character. Only
/// ranges checked whole by the tests below.
fn stands_alone(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E
        | 0xA1..=0xAC
        | 0xAE..=0xFF
        | 0x2010..=0x2027
        | 0x2030..=0x205E
        | 0x2190..=0x21FF
        | 0x2460..=0x24FF
        | 0x2500..=0x25FF
        | 0x3000..=0x3029
        | 0x3041..=0x3096
        | 0x30A1..=0x30FA
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xFF01..=0xFF60)
}

/// `Buffer::set_stringn` for a string whose characters all [stand alone](stands_alone):
/// the same cells, without splitting it into clusters. `None` for any other string.
fn set_plain(
    buffer: &mut Buffer,
    mut x: u16,
    y: u16,
    text: &str,
    max_width: u16,
    style: Style,
) -> Option<(u16, u16)> {
    if !text.chars().all(stands_alone) {
        return None;
    }
    let mut remaining = buffer.area.right().saturating_sub(x).min(max_width);
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        let symbol: &str = c.encode_utf8(&mut utf8);
        let width = symbol.cell_width();
        if width == 0 {
            continue;
        }
        let Some(left) = remaining.checked_sub(width) else {
            break;
        };
        remaining = left;
        if let Some(cell) = buffer.cell_mut((x, y)) {
            // A cell holding the symbol already (a blank one, for the spaces that pad every
            // row) keeps it: a cell's symbol is what `Cell::symbol` says, and a blank cell
            // says " " whether it was set or not.
            if cell.symbol() != symbol {
                cell.set_symbol(symbol);
            }
            cell.set_style(style);
        }
        let next = x + width;
        x += 1;
        // The cells under the rest of a wide character are reset, as ratatui does.
        while x < next {
            if let Some(cell) = buffer.cell_mut((x, y)) {
                cell.reset();
            }
            x += 1;
        }
    }
    Some((x, y))
}

/// `Buffer::set_line`, cell for cell: each span with its style patched over the line's,
/// cut at `max_width` columns.
pub fn set_line(
    buffer: &mut Buffer,
    x: u16,
    y: u16,
    line: &Line<'_>,
    max_width: u16,
) -> (u16, u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        let end = match set_plain(buffer, x, y, text, remaining, style) {
            Some(end) => end,
            None => buffer.set_stringn(x, y, text, remaining as usize, style),
        };
        let written = end.0.saturating_sub(x);
        x = end.0;
        remaining = remaining.saturating_sub(written);
    }
    (x, y)
}

/// `frame.render_widget(line, area)` for a line of one row (the tab bar): the same cells.
/// A left-aligned line in no style of its own that fits the area, of characters that
/// [stand alone](stands_alone), lands as [`set_line`] sets it; any other is left to ratatui.
pub fn render_line(buffer: &mut Buffer, area: Rect, line: &Line<'_>) {
    let area = area.intersection(buffer.area);
    let plain = line.style == Style::default()
        && matches!(
            line.alignment,
            None | Some(ratatui::layout::Alignment::Left)
        )
        && line.width() <= usize::from(area.width)
        && line
            .spans
            .iter()
            .all(|s| s.content.chars().all(stands_alone));
    if plain && !area.is_empty() {
        set_line(buffer, area.x, area.y, line, area.width);
    } else {
        Widget::render(line, area, buffer);
    }
}

/// `Paragraph::new(line).style(style)` rendered on one row (the status bar), cell for cell:
/// the area takes the style, then each grapheme of each span its style, one after the
/// other, the row cut where the next would not fit. The cells under the rest of a wide
/// character are left as they are, as the paragraph leaves them. A span of characters that
/// [stand alone](stands_alone) is not split into grapheme clusters.
pub fn render_paragraph_line(buffer: &mut Buffer, area: Rect, line: &Line<'_>, style: Style) {
    use unicode_segmentation::UnicodeSegmentation;
    let area = area.intersection(buffer.area);
    buffer.set_style(area, style);
    if area.is_empty()
        || line
            .alignment
            .is_some_and(|a| a != ratatui::layout::Alignment::Left)
    {
        // Not a line the status bar draws: ratatui's own way.
        ratatui::widgets::Paragraph::new(line.clone())
            .style(style)
            .render(area, buffer);
        return;
    }
    let max = area.width;
    let mut used: u16 = 0;
    let mut utf8 = [0u8; 4];
    'spans: for span in &line.spans {
        let grapheme_style = Style::default().patch(line.style).patch(span.style);
        let mut put = |symbol: &str, buffer: &mut Buffer| -> bool {
            let width = symbol.cell_width();
            // Wider than the whole row: skipped; past the end: the row ends.
            if width > max {
                return true;
            }
            if used + width > max {
                return false;
            }
            if width > 0
                && let Some(cell) = buffer.cell_mut((area.x + used, area.y))
            {
                cell.set_symbol(symbol).set_style(grapheme_style);
            }
            used += width;
            true
        };
        let content = span.content.as_ref();
        if content.chars().all(stands_alone) {
            for c in content.chars() {
                if !put(c.encode_utf8(&mut utf8), buffer) {
                    break 'spans;
                }
            }
        } else {
            for g in content.graphemes(true) {
                if g.contains(char::is_control) {
                    continue;
                }
                if !put(g, buffer) {
                    break 'spans;
                }
            }
        }
    }
}

/// A pane's frame: a border on all four sides in one style, and titles on its top and
/// bottom lines. Drawn as ratatui's `Block` with the same settings draws it, cell for cell,
/// without setting a style over the whole area.
#[derive(Debug, Clone)]
pub struct PaneBlock {
    /// The same frame as a ratatui `Block`: its inner area, small areas, and widgets that
    /// take a block.
    block: Block<'static>,
    set: border::Set<'static>,
    style: Style,
    top: Vec<Line<'static>>,
    bottom: Vec<Line<'static>>,
}

impl PaneBlock {
    pub fn new(set: border::Set<'static>, style: Style, title: Line<'static>) -> Self {
        Self {
            block: Block::new()
                .borders(Borders::ALL)
                .border_set(set)
                .border_style(style)
                .title(title.clone()),
            set,
            style,
            top: vec![title],
            bottom: Vec::new(),
        }
    }

    pub fn title_top(mut self, title: impl Into<Line<'static>>) -> Self {
        let title = title.into();
        self.block = self.block.title_top(title.clone());
        self.top.push(title);
        self
    }

    pub fn title_bottom(mut self, title: impl Into<Line<'static>>) -> Self {
        let title = title.into();
        self.block = self.block.title_bottom(title.clone());
        self.bottom.push(title);
        self
    }

    /// The area inside the border.
    pub fn inner(&self, area: Rect) -> Rect {
        self.block.inner(area)
    }

    /// The same frame as a ratatui `Block`, for widgets that draw their own.
    pub fn into_block(self) -> Block<'static> {
        self.block
    }
}

impl Widget for PaneBlock {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width < 3 || area.height < 2 {
            self.block.render(area, buf);
            return;
        }
        let (left, right) = (area.left(), area.right() - 1);
        let (top, bottom) = (area.top(), area.bottom() - 1);
        let mut put = |x: u16, y: u16, symbol: &str| {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_symbol(symbol).set_style(self.style);
            }
        };
        // The sides in ratatui's order, then the corners over their ends.
        for y in top..=bottom {
            put(left, y, self.set.vertical_left);
        }
        for x in left..=right {
            put(x, top, self.set.horizontal_top);
        }
        for y in top..=bottom {
            put(right, y, self.set.vertical_right);
        }
        for x in left..=right {
            put(x, bottom, self.set.horizontal_bottom);
        }
        put(right, bottom, self.set.bottom_right);
        put(right, top, self.set.top_right);
        put(left, bottom, self.set.bottom_left);
        put(left, top, self.set.top_left);
        // The titles between the corners, by a block of one line without borders: the same
        // places and alignment.
        let line = |y: u16| Rect::new(left + 1, y, area.width - 2, 1);
        let mut titles = Block::new();
        for title in self.top {
            titles = titles.title_top(title);
        }
        titles.render(line(top), buf);
        let mut titles = Block::new();
        for title in self.bottom {
            titles = titles.title_bottom(title);
        }
        titles.render(line(bottom), buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use unicode_segmentation::UnicodeSegmentation;

    fn ranges() -> impl Iterator<Item = char> {
        (0u32..0x1_0000)
            .filter_map(char::from_u32)
            .filter(|c| stands_alone(*c))
    }

    /// Every character taken as standing alone is a cluster of its own beside letters, marks
    /// and joiners' neighbours, and beside each other character of its kind.
    #[test]
    fn characters_taken_alone_are_clusters_of_their_own() {
        for c in ranges() {
            assert!(!c.is_control(), "{c:?}");
            for other in ['a', '中', '，', '…', c] {
                let pair = format!("{c}{other}");
                assert_eq!(pair.graphemes(true).count(), 2, "{c:?} before {other:?}");
                let pair = format!("{other}{c}");
                assert_eq!(pair.graphemes(true).count(), 2, "{c:?} after {other:?}");
            }
            // The grapheme rules that join characters look at a pair's categories: a
            // character of category Other is broken from whatever follows or precedes,
            // unless what follows extends it — which no character of these ranges does.
            assert_ne!(
                format!("a{c}").graphemes(true).count(),
                1,
                "{c:?} extends what precedes it"
            );
        }
    }

    const TEXTS: [&str; 14] = [
        "柳州市",
        "ab c",
        "“市”…",
        "😀x",
        "，c",
        "─┐",
        "d\u{301}",
        "한글",
        "a\u{200d}b",
        "\t\r\n",
        "①②·—",
        "ｱﾞ",
        "e\u{fe0f}",
        "  ",
    ];

    fn styled(n: usize) -> Style {
        const COLORS: [Color; 4] = [Color::Reset, Color::Red, Color::Indexed(244), Color::Blue];
        Style::new()
            .fg(COLORS[n % 4])
            .add_modifier(Modifier::from_bits_truncate((n * 7 % 64) as u16))
    }

    /// A line of spans, each two of the test texts in one of the test styles.
    fn random_line(spans: &[(usize, usize, usize)], line_style: usize) -> Line<'static> {
        Line::from(
            spans
                .iter()
                .map(|(a, b, s)| Span::styled(format!("{}{}", TEXTS[*a], TEXTS[*b]), styled(*s)))
                .collect::<Vec<_>>(),
        )
        .style(styled(line_style))
    }

    proptest::proptest! {
        /// Lines of plain, wide, combined, joined and control text, at random places and
        /// widths, over a buffer with something in it already: the same cells as ratatui's.
        #[test]
        fn lines_land_as_ratatui_sets_them(
            spans in proptest::collection::vec((0usize..14, 0usize..14, 0usize..8), 0..6),
            x in 0u16..24,
            y in 0u16..3,
            max_width in 0u16..40,
            line_style in 0usize..8,
        ) {
            let area = Rect::new(0, 0, 24, 3);
            let mut theirs = Buffer::empty(area);
            theirs.set_string(0, 1, "底下已有的字和 text", styled(3));
            let mut ours = theirs.clone();
            let line = random_line(&spans, line_style);
            let expected = theirs.set_line(x, y, &line, max_width);
            let got = set_line(&mut ours, x, y, &line, max_width);
            proptest::prop_assert_eq!(got, expected);
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// A line rendered as a widget on a row, and as the status bar's paragraph: the
        /// same cells as ratatui's `Line` and `Paragraph`, over a row with something in it.
        #[test]
        fn rows_land_as_ratatui_renders_them(
            spans in proptest::collection::vec((0usize..14, 0usize..14, 0usize..8), 0..6),
            x in 0u16..24,
            width in 0u16..40,
            line_style in 0usize..8,
            bar in 0usize..8,
            centred in proptest::bool::ANY,
        ) {
            let area = Rect::new(0, 0, 24, 3);
            let mut before = Buffer::empty(area);
            before.set_string(0, 1, "底下已有的字和 text", styled(3));
            let mut line = random_line(&spans, line_style);
            if centred {
                line = line.centered();
            }
            let row = Rect::new(x, 1, width, 1);
            let mut theirs = before.clone();
            (&line).render(row, &mut theirs);
            let mut ours = before.clone();
            render_line(&mut ours, row, &line);
            proptest::prop_assert_eq!(&ours, &theirs);
            let mut theirs = before.clone();
            ratatui::widgets::Paragraph::new(line.clone())
                .style(styled(bar))
                .render(row, &mut theirs);
            let mut ours = before;
            render_paragraph_line(&mut ours, row, &line, styled(bar));
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// Blocks of any size, anywhere (also partly off the buffer), with titles at the top
        /// and the bottom: the same cells as ratatui's `Block`.
        #[test]
        fn pane_blocks_land_as_ratatuis_blocks(
            x in 0u16..12,
            y in 0u16..6,
            width in 0u16..30,
            height in 0u16..12,
            thick in proptest::bool::ANY,
            titles in proptest::collection::vec((0usize..14, 0usize..3), 0..4),
        ) {
            let area = Rect::new(0, 0, 30, 12);
            let set = if thick { border::THICK } else { border::PLAIN };
            let style = styled(5);
            let title = Line::from(Span::styled(" 标题 title ", Style::new().bold()));
            let mut ours = PaneBlock::new(set, style, title.clone());
            let mut block = Block::new()
                .borders(Borders::ALL)
                .border_set(set)
                .border_style(style)
                .title(title);
            for (text, place) in &titles {
                let line = Line::from(TEXTS[*text]);
                let line = if *place == 2 { line.right_aligned() } else { line };
                if *place == 0 {
                    ours = ours.title_top(line.clone());
                    block = block.title_top(line);
                } else {
                    ours = ours.title_bottom(line.clone());
                    block = block.title_bottom(line);
                }
            }
            let rect = Rect::new(x, y, width, height);
            proptest::prop_assert_eq!(ours.inner(rect), block.inner(rect));
            let mut theirs = Buffer::empty(area);
            theirs.set_string(0, 2, "底下已有的字和 text under it", styled(2));
            let mut mine = theirs.clone();
            block.render(rect, &mut theirs);
            ours.render(rect, &mut mine);
            proptest::prop_assert_eq!(mine, theirs);
        }
    }
}
