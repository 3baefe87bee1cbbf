//! Go's text/template, reimplemented: lexer, parser, executor and the value model.
pub mod exec;
pub mod lex;
pub mod parse;
pub mod value;
