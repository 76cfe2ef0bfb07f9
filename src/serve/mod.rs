//! Serving the room over SSH: each table types `ssh -p 2222 red@LAPTOP`
//! and gives the room code as its password.

mod code;

pub use self::code::RoomCode;
