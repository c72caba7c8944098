//! Time and fresh ids, as a trait, so that the app reads no clock of its own: the runtime
//! gives it the system's ([`SystemClock`](crate::store::clock::SystemClock)), tests a fixed one.

use jiff::civil::Date;

use super::annotation::Stamp;

pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The time of a change made now.
    fn now(&self) -> Stamp;
    /// Today's date where the user is.
    fn today(&self) -> Date;
    /// A new record id, unique across processes and machines.
    fn fresh_id(&self) -> String;
}
