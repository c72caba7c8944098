//! The plan cache's encoding: serde's data model in a compact binary form that keeps all
//! its text apart, in one table checked as UTF-8 once.
//!
//! MessagePack (`rmp-serde`, what the cache was before) spent 60% of decoding a cached
//! 10,000 sub-task plan checking the UTF-8 of each string one by one, struct field names
//! included (the plan's optional fields, `skip_serializing_if`, need fields by name:
//! postcard and bincode, positional, cannot read back what they wrote of such a struct).
//! Here every string's bytes go, one after another, into one text, checked whole when the
//! cache is read (`simdutf8`); a string is then a length, and taking it is a slice of that
//! text whose ends are checked to be character boundaries. A struct's fields are written by
//! name, as MessagePack did, but each name is in the text once and written as its number.
//!
//! The layout, every number LEB128 unless said otherwise:
//! - the text's length (8 bytes, little-endian) and the text: the field names, then every
//!   string in the order written;
//! - the number of field names and each one's length;
//! - the values, as serde's data model walks them, types known from the reader's:
//!   `bool` a byte 0 or 1; unsigned integers as numbers, signed ones zigzagged; `f32`/`f64`
//!   their bits (little-endian); `char` its scalar value; a string its length in bytes (its
//!   bytes are the text's next ones); bytes their length and themselves; `Option` a byte 0
//!   (none) or 1 and the value; a sequence or map its length and its elements; a tuple its
//!   elements; a struct its fields as (name's number from 1, value), then 0; an enum
//!   variant its index, then what the variant holds as above.
//!
//! Reading never trusts the bytes: any length, number, name or index out of place is an
//! error, the text must be used up exactly and so must the values. Nothing is
//! self-describing: a reader that asks for "anything" (`deserialize_any`) is refused,
//! which no type of the plan does.

use std::collections::HashMap;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, U32Deserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::{Deserialize, Serialize, ser};

/// What went wrong writing or reading: for the cache, only whether.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn error(what: &str) -> Error {
    Error(what.to_owned())
}

/// How deep values may nest when read: the plan's types nest a handful of levels; a
/// cache that says more is not one of ours.
const MAX_DEPTH: usize = 64;

/// `value` encoded.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut encoder = Encoder::default();
    value.serialize(&mut encoder)?;
    let names_length: usize = encoder.names.iter().map(|n| n.len()).sum();
    let text_length = names_length + encoder.strings.len();
    let mut out = Vec::with_capacity(8 + text_length + encoder.values.len() + 16);
    out.extend_from_slice(&(text_length as u64).to_le_bytes());
    for name in &encoder.names {
        out.extend_from_slice(name.as_bytes());
    }
    out.extend_from_slice(&encoder.strings);
    write_number(&mut out, encoder.names.len() as u64);
    for name in &encoder.names {
        write_number(&mut out, name.len() as u64);
    }
    out.extend_from_slice(&encoder.values);
    Ok(out)
}

/// A value decoded from `bytes`, which must hold exactly one.
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, Error> {
    let length: [u8; 8] = bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| error("no text length"))?;
    let length = usize::try_from(u64::from_le_bytes(length)).map_err(|_| error("text length"))?;
    let end = 8usize
        .checked_add(length)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| error("text longer than the data"))?;
    let text = simdutf8::basic::from_utf8(&bytes[8..end]).map_err(|_| error("text not UTF-8"))?;
    let mut decoder = Decoder {
        text,
        at: 0,
        data: &bytes[end..],
        names: Vec::new(),
        depth: 0,
    };
    let count = decoder.length()?;
    // Each name takes at least a byte of the data: a count beyond it is not ours.
    if count > decoder.data.len() {
        return Err(error("names"));
    }
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        let length = decoder.length()?;
        names.push(decoder.take_text(length)?);
    }
    decoder.names = names;
    let value = T::deserialize(&mut decoder)?;
    if !decoder.data.is_empty() || decoder.at != decoder.text.len() {
        return Err(error("trailing data"));
    }
    Ok(value)
}

fn write_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

// ---- writing ------------------------------------------------------------------------

#[derive(Default)]
struct Encoder {
    values: Vec<u8>,
    strings: Vec<u8>,
    /// Field names in the order first written; a name's number is its place plus one.
    names: Vec<&'static str>,
    numbers: HashMap<&'static str, u64>,
}

impl Encoder {
    fn number(&mut self, n: u64) {
        write_number(&mut self.values, n);
    }

    fn length(&mut self, length: Option<usize>) -> Result<(), Error> {
        let length = length.ok_or_else(|| error("a sequence of unknown length"))?;
        self.number(length as u64);
        Ok(())
    }

    fn field_name(&mut self, name: &'static str) {
        let next = self.names.len() as u64 + 1;
        let number = *self.numbers.entry(name).or_insert(next);
        if number == next {
            self.names.push(name);
        }
        self.number(number);
    }
}

impl ser::Serializer for &mut Encoder {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.values.push(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(zigzag(v));
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.values.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.values.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.values.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.values.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.number(v.len() as u64);
        self.strings.extend_from_slice(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.number(v.len() as u64);
        self.values.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.values.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.values.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Result<(), Error> {
        self.number(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.number(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.length(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.number(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Error> {
        self.length(len)?;
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.number(index.into());
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field_name(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        self.number(0);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Encoder {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field_name(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        self.number(0);
        Ok(())
    }
}

// ---- reading ------------------------------------------------------------------------

struct Decoder<'de> {
    /// Every string's bytes, checked as UTF-8 once.
    text: &'de str,
    /// Where the next string starts in `text`.
    at: usize,
    /// The values not yet read.
    data: &'de [u8],
    names: Vec<&'de str>,
    depth: usize,
}

impl<'de> Decoder<'de> {
    fn byte(&mut self) -> Result<u8, Error> {
        let (&first, rest) = self
            .data
            .split_first()
            .ok_or_else(|| error("end of data"))?;
        self.data = rest;
        Ok(first)
    }

    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let (head, rest) = self
            .data
            .split_first_chunk::<N>()
            .ok_or_else(|| error("end of data"))?;
        self.data = rest;
        Ok(*head)
    }

    fn number(&mut self) -> Result<u64, Error> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            // The tenth byte may carry only the top bit.
            if shift == 63 && bits > 1 {
                return Err(error("number too large"));
            }
            n |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(error("number too long"))
    }

    fn length(&mut self) -> Result<usize, Error> {
        usize::try_from(self.number()?).map_err(|_| error("length"))
    }

    /// The next `length` bytes of the text, which must end on a character boundary.
    fn take_text(&mut self, length: usize) -> Result<&'de str, Error> {
        let end = self
            .at
            .checked_add(length)
            .ok_or_else(|| error("string length"))?;
        let text: &'de str = self.text;
        let taken = text
            .get(self.at..end)
            .ok_or_else(|| error("string outside the text"))?;
        self.at = end;
        Ok(taken)
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error("nested too deep"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn seq<V: Visitor<'de>>(&mut self, left: usize, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let mut access = Elements { de: self, left };
        let value = visitor.visit_seq(&mut access)?;
        if access.left != 0 {
            return Err(error("elements left over"));
        }
        self.leave();
        Ok(value)
    }

    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let mut access = Fields {
            de: self,
            ended: false,
        };
        let value = visitor.visit_map(&mut access)?;
        if !access.ended {
            return Err(error("fields left over"));
        }
        self.leave();
        Ok(value)
    }
}

macro_rules! unsigned {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_u64(self.number()?)
        }
    )*};
}

macro_rules! signed {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_i64(unzigzag(self.number()?))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Decoder<'de> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(error("the cache's encoding is not self-describing"))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            _ => Err(error("bool")),
        }
    }

    unsigned!(
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64
    );
    signed!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64
    );

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i128(i128::from_le_bytes(self.bytes()?))
    }
    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u128(u128::from_le_bytes(self.bytes()?))
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f32(f32::from_bits(u32::from_le_bytes(self.bytes()?)))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(f64::from_bits(u64::from_le_bytes(self.bytes()?)))
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let scalar = u32::try_from(self.number()?).map_err(|_| error("char"))?;
        visitor.visit_char(char::from_u32(scalar).ok_or_else(|| error("char"))?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let length = self.length()?;
        visitor.visit_borrowed_str(self.take_text(length)?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let length = self.length()?;
        if length > self.data.len() {
            return Err(error("bytes past the end"));
        }
        let (bytes, rest) = self.data.split_at(length);
        self.data = rest;
        visitor.visit_borrowed_bytes(bytes)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0 => visitor.visit_none(),
            1 => {
                self.enter()?;
                let value = visitor.visit_some(&mut *self)?;
                self.leave();
                Ok(value)
            }
            _ => Err(error("option")),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.enter()?;
        let value = visitor.visit_newtype_struct(&mut *self)?;
        self.leave();
        Ok(value)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let length = self.length()?;
        self.seq(length, visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.seq(len, visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.seq(len, visitor)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let left = self.length()?;
        self.enter()?;
        let mut access = Entries { de: self, left };
        let value = visitor.visit_map(&mut access)?;
        if access.left != 0 {
            return Err(error("entries left over"));
        }
        self.leave();
        Ok(value)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.fields(visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.enter()?;
        let value = visitor.visit_enum(&mut *self)?;
        self.leave();
        Ok(value)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(error("an identifier outside a struct or enum"))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(error("nothing is written to be skipped"))
    }
}

struct Elements<'a, 'de> {
    de: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        // Every element takes at least one byte, except a unit's: no more is promised
        // than the data could hold (serde caps what it reserves from this too).
        Some(self.left.min(self.de.data.len()))
    }
}

struct Entries<'a, 'de> {
    de: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(self.de.data.len()))
    }
}

/// A struct's fields: (name's number, value) until a 0.
struct Fields<'a, 'de> {
    de: &'a mut Decoder<'de>,
    ended: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let number = self.de.length()?;
        if number == 0 {
            self.ended = true;
            return Ok(None);
        }
        let name = *self
            .de
            .names
            .get(number - 1)
            .ok_or_else(|| error("field name"))?;
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Decoder<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let index = u32::try_from(self.number()?).map_err(|_| error("variant"))?;
        let deserializer: U32Deserializer<Error> = index.into_deserializer();
        Ok((seed.deserialize(deserializer)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Decoder<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.seq(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.fields(visitor)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maybe: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        list: Vec<Inner>,
        figure: f64,
        small: i8,
        big: u64,
        flag: bool,
        letter: char,
        pair: (u16, String),
        shape: Shape,
        map: std::collections::BTreeMap<String, i32>,
        nothing: (),
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Inner {
        #[serde(default = "seven")]
        n: u32,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text: String,
    }

    fn seven() -> u32 {
        7
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Shape {
        Dot,
        Line(f64),
        Pair(i32, i32),
        Box { wide: u8, high: u8 },
    }

    fn sample(shape: Shape) -> Sample {
        Sample {
            name: "柳州 “推进” 𝄞".into(),
            maybe: None,
            list: vec![
                Inner {
                    n: 1,
                    text: String::new(),
                },
                Inner {
                    n: u32::MAX,
                    text: "第二".into(),
                },
            ],
            figure: -0.1,
            small: i8::MIN,
            big: u64::MAX,
            flag: true,
            letter: '市',
            pair: (65535, String::new()),
            shape,
            map: [("a".to_owned(), -1), ("名".to_owned(), i32::MAX)].into(),
            nothing: (),
        }
    }

    #[test]
    fn what_is_written_reads_back() {
        for shape in [
            Shape::Dot,
            Shape::Line(f64::NAN.copysign(-1.0)),
            Shape::Pair(-3, 4),
            Shape::Box { wide: 2, high: 255 },
        ] {
            let value = sample(shape);
            let bytes = to_vec(&value).unwrap();
            let back: Sample = from_slice(&bytes).unwrap();
            if let (Shape::Line(a), Shape::Line(b)) = (&value.shape, &back.shape) {
                assert_eq!(a.to_bits(), b.to_bits());
            } else {
                assert_eq!(back, value);
            }
        }
        let mut value = sample(Shape::Dot);
        value.maybe = Some(String::new());
        value.list.clear();
        let back: Sample = from_slice(&to_vec(&value).unwrap()).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn each_field_name_is_in_the_text_once() {
        let value = vec![sample(Shape::Dot), sample(Shape::Dot), sample(Shape::Dot)];
        let bytes = to_vec(&value).unwrap();
        let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
        assert_eq!(count(b"figure"), 1);
        assert_eq!(count("柳州".as_bytes()), 3);
    }

    #[test]
    fn damage_is_an_error_never_a_panic() {
        let bytes = to_vec(&vec![
            sample(Shape::Box { wide: 1, high: 2 }),
            sample(Shape::Dot),
        ])
        .unwrap();
        assert!(from_slice::<Vec<Sample>>(&bytes).is_ok());
        // Cut anywhere, or one more byte: an error.
        for end in 0..bytes.len() {
            assert!(
                from_slice::<Vec<Sample>>(&bytes[..end]).is_err(),
                "cut at {end}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(from_slice::<Vec<Sample>>(&longer).is_err());
        // Any byte changed to any value: an error or some value, never a panic.
        for at in 0..bytes.len() {
            for value in [0u8, 1, 0x7f, 0x80, 0xc3, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = from_slice::<Vec<Sample>>(&damaged);
            }
        }
        // A string cut inside a character: the text is not UTF-8, or a slice's end is
        // not a character boundary.
        let text = to_vec(&"柳".to_owned()).unwrap();
        let mut inside = text.clone();
        let last = inside.len() - 1;
        inside[last] = 1;
        assert!(from_slice::<String>(&inside).is_err());
        let mut lying = text.clone();
        lying[..8].copy_from_slice(&2u64.to_le_bytes());
        assert!(from_slice::<String>(&lying).is_err());
    }

    #[test]
    fn a_reader_that_needs_self_description_is_refused() {
        let bytes = to_vec(&1u32).unwrap();
        assert!(from_slice::<serde_json::Value>(&bytes).is_err());
    }
}
