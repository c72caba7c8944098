//! `planmeet import`: a plan document (text extracted from a PDF, or a .docx) turned into a
//! draft plan, with a note at every place the importer had to guess.
//!
//! The layers, each its own module:
//! * [`source`]: the bytes as a [`source::Document`] — front matter lines, body paragraphs
//!   and annexes — with the extraction damage healed ([`heal`]) or read from the .docx
//!   XML ([`docx`]);
//! * [`front`]: cover letter and metadata (title, issuers, document number, date, period);
//! * [`outline`]: the numbering levels (一、/（一）/1．/（1）) as a tree;
//! * [`owners`], [`targets`], [`annex`]: the responsible units, the quantitative targets
//!   and the 附件 tables;
//! * [`build`]: all of it as a [`Plan`] plus [`Review`] notes;
//! * [`writer`]: the plan as RON with a `// REVIEW:` comment above each item a note is about.
//!
//! [`diff`] compares two plans (a revision, or a draft against the plan in use) and
//! [`mapping`] carries annotations over to the new ids.
//!
//! Nothing here is tuned to one document: every rule is a convention of Chinese government
//! plan documents, and the tests run it on documents of other shapes too.

pub mod annex;
mod build;
pub mod diff;
pub mod docx;
pub mod front;
pub mod heal;
pub mod mapping;
pub mod outline;
pub mod owners;
pub mod source;
pub mod targets;
pub mod writer;

use std::fmt;

use crate::model::Plan;

/// What the importer was unsure about, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The id of the item (or unit, or table) the note is about; `meta` for the metadata.
    pub anchor: String,
    pub kind: ReviewKind,
    /// In English (the draft and the command line word it in the interface language from
    /// [`words`](Self::words)).
    pub message: String,
    pub words: Words,
}

impl Review {
    pub fn new(anchor: &str, kind: ReviewKind, words: Words) -> Review {
        Review {
            anchor: anchor.to_owned(),
            kind,
            message: words.render(crate::i18n::Strings::shared(crate::i18n::Lang::En)),
            words,
        }
    }
}

/// What a review note says: an i18n key (`import.review.*`) and its arguments, worded in
/// the interface language when it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Words {
    pub fn new(key: &'static str, args: &[(&'static str, &dyn std::fmt::Display)]) -> Words {
        Words {
            key,
            args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        }
    }

    /// A note without arguments.
    pub fn plain(key: &'static str) -> Words {
        Words::new(key, &[])
    }

    pub fn render(&self, strings: &crate::i18n::Strings) -> String {
        let args: Vec<(&str, &dyn std::fmt::Display)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        strings.format(self.key, &args)
    }
}

/// The kinds of guess, for the summary ("how many of each").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewKind {
    /// Metadata not found or guessed (date, period, document number).
    Metadata,
    /// A bound no rule classifies exactly (左右, a decrease).
    UnclassifiedBound,
    /// A target without a year of its own: the plan period's end is its deadline.
    NoDeadline,
    /// A figure's unit is not a known measure word, or there is none.
    UnknownUnit,
    NoMeasure,
    /// A 其中 clause: its own target, or a part of the one before?
    PartOrOwnTarget,
    UnknownUnitKind,
    /// Two names that may be the same unit.
    PossibleAlias,
    /// An item without responsible units (or without a lead).
    MissingOwners,
    /// A table row whose cell count does not match its header.
    CellCount,
    TableCell,
    TableHeader,
    /// A 附件2 row tied to a main goal by its wording, milestones copied.
    LinkedRow,
    /// Text the importer could not place in the plan's structure.
    Unplaced,
    /// An annex the plan format has no place for.
    AnnexNotHeld,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 15] = [
        ReviewKind::Metadata,
        ReviewKind::UnclassifiedBound,
        ReviewKind::NoDeadline,
        ReviewKind::UnknownUnit,
        ReviewKind::NoMeasure,
        ReviewKind::PartOrOwnTarget,
        ReviewKind::UnknownUnitKind,
        ReviewKind::PossibleAlias,
        ReviewKind::MissingOwners,
        ReviewKind::CellCount,
        ReviewKind::TableCell,
        ReviewKind::TableHeader,
        ReviewKind::LinkedRow,
        ReviewKind::Unplaced,
        ReviewKind::AnnexNotHeld,
    ];

    /// How the summary names it, in the plural.
    pub fn describe(self) -> &'static str {
        match self {
            ReviewKind::Metadata => "metadata guessed",
            ReviewKind::UnclassifiedBound => "unclassified bounds",
            ReviewKind::NoDeadline => "targets without a stated year",
            ReviewKind::UnknownUnit => "figures with an unknown unit",
            ReviewKind::NoMeasure => "figures without a measure",
            ReviewKind::PartOrOwnTarget => "其中 clauses read as targets of their own",
            ReviewKind::UnknownUnitKind => "units of unknown kind",
            ReviewKind::PossibleAlias => "possible aliases",
            ReviewKind::MissingOwners => "items without responsible units",
            ReviewKind::CellCount => "table rows with a cell count that does not match",
            ReviewKind::TableCell => "table cells read from wrapped text",
            ReviewKind::TableHeader => "table headers guessed",
            ReviewKind::LinkedRow => "annex rows tied to a main goal",
            ReviewKind::Unplaced => "passages not placed",
            ReviewKind::AnnexNotHeld => "annexes not imported",
        }
    }
}

/// An imported draft: the plan, and what to review in it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub plan: Plan,
    pub reviews: Vec<Review>,
}

impl Imported {
    /// `(kind, how many)` for each kind that occurs, in a fixed order.
    pub fn counts(&self) -> Vec<(ReviewKind, usize)> {
        ReviewKind::ALL
            .into_iter()
            .map(|k| (k, self.reviews.iter().filter(|r| r.kind == k).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// What was found, counted (the command line words it in the interface language).
    pub fn tally(&self) -> Tally {
        let plan = &self.plan;
        let targets = crate::model::PlanIndex::build(plan)
            .entries
            .iter()
            .filter(|e| matches!(e.path.resolve(plan), Some(crate::model::Node::Target(_))))
            .count();
        Tally {
            programmes: plan.programmes.len(),
            tasks: plan.programmes.iter().map(|p| p.tasks.len()).sum(),
            items: plan
                .programmes
                .iter()
                .flat_map(|p| &p.tasks)
                .map(|t| t.items.len())
                .sum(),
            safeguards: plan.safeguards.len(),
            targets,
            units: plan.owners.len(),
            annexes: usize::from(plan.district_table.is_some())
                + usize::from(plan.department_table.is_some()),
        }
    }
}

/// How many of each part an imported plan has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub programmes: usize,
    pub tasks: usize,
    pub items: usize,
    pub safeguards: usize,
    pub targets: usize,
    pub units: usize,
    pub annexes: usize,
}

/// Why a document could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not text the importer reads (not UTF-8, a PDF, an old .doc).
    Format(String),
    /// A .docx that could not be read.
    Docx(String),
    /// Readable, but no plan: no numbered sections, no tasks.
    NotAPlan(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Format(m) | ImportError::Docx(m) => f.write_str(m),
            ImportError::NotAPlan(m) => write!(f, "not a plan document: {m}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// A step of the import, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Structure,
    Owners,
    Targets,
    Annexes,
    Done,
}

impl Stage {
    /// Position out of [`Stage::COUNT`].
    pub fn position(self) -> u64 {
        self as u64
    }

    pub const COUNT: u64 = 5;

    pub fn describe(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Structure => "numbering and sections",
            Stage::Owners => "responsible units",
            Stage::Targets => "targets",
            Stage::Annexes => "annex tables",
            Stage::Done => "done",
        }
    }
}

/// Imports plain text (as extracted from a PDF).
pub fn import_text(text: &str) -> Result<Imported, ImportError> {
    import_text_with(text, &mut |_| {})
}

/// [`import_text`], reporting each stage to `progress`.
pub fn import_text_with(
    text: &str,
    progress: &mut dyn FnMut(Stage),
) -> Result<Imported, ImportError> {
    progress(Stage::Reading);
    let document = source::from_text(text)?;
    build::build(&document, progress)
}

/// Imports a .docx (its paragraphs and tables).
pub fn import_docx(bytes: &[u8]) -> Result<Imported, ImportError> {
    import_bytes(bytes, &mut |_| {})
}

/// Imports a document whatever its format: a .docx (a zip), else UTF-8 text. Refuses,
/// with a message that says what to do, a PDF, an old binary .doc or text in another
/// encoding.
pub fn import_bytes(
    bytes: &[u8],
    progress: &mut dyn FnMut(Stage),
) -> Result<Imported, ImportError> {
    progress(Stage::Reading);
    let document = source::from_bytes(bytes)?;
    build::build(&document, progress)
}

/// Renders an import as a draft plan file.
pub fn render(imported: &Imported, source_name: &str) -> String {
    let english = crate::i18n::Strings::shared(crate::i18n::Lang::En);
    render_in(imported, source_name, english)
}

/// [`render`] with the review notes in the language of `strings`.
pub fn render_in(imported: &Imported, source_name: &str, strings: &crate::i18n::Strings) -> String {
    writer::render(&imported.plan, &imported.reviews, source_name, strings)
}
