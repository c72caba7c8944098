//! Shared support for the end-to-end tests: the release binary in a real terminal (tmux).
#![allow(dead_code)]

pub mod tmux;
