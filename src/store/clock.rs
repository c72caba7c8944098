//! The system's clock and random ids for the app (see [`Clock`]).

use jiff::civil::Date;

use super::status_file::{new_record_id, now, now_or_env, today};
use crate::model::annotation::Stamp;
use crate::model::clock::Clock;

/// The wall clock (or `PLANMEET_NOW`, which tests use to make changes at a known time).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Stamp {
        now_or_env().unwrap_or_else(|_| now())
    }

    fn today(&self) -> Date {
        today()
    }

    fn fresh_id(&self) -> String {
        new_record_id()
    }
}
