//! Why a record, an event or a time could not be taken: what the model's checks find.

/// A record or event that breaks a rule the types cannot express; a line of the status
/// file that fails is treated as damaged, a change that fails is refused with this reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("id {0:?} contains spaces or control characters")]
    BadId(String),
    #[error("progress {0} is more than 100")]
    ProgressOver(u8),
    #[error("actual value is not a finite number")]
    ActualNotFinite,
    #[error("{0} is both set and cleared")]
    SetAndCleared(&'static str),
    #[error("the record changes nothing")]
    RecordChangesNothing,
    #[error("the decision record changes nothing")]
    DecisionChangesNothing,
}

/// The status file's line checks report in messages (with the line they are about).
impl From<CheckError> for String {
    fn from(error: CheckError) -> String {
        error.to_string()
    }
}

/// A time that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad time {text:?}: {why}")]
pub struct BadTime {
    pub text: String,
    pub why: String,
}

/// A name-like field (`what`): not blank, at most `max` characters.
pub(crate) fn check_name(what: &'static str, value: &str, max: usize) -> Result<(), CheckError> {
    // Stops at the first character that is not a space.
    if value.chars().all(char::is_whitespace) {
        return Err(CheckError::Empty(what));
    }
    if value.len() > max && value.chars().count() > max {
        return Err(CheckError::TooLong { field: what, max });
    }
    Ok(())
}

impl From<BadTime> for String {
    fn from(error: BadTime) -> String {
        error.to_string()
    }
}
