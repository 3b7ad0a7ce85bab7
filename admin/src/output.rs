//! Standard output that tolerates a closed pipe (`careerhub-admin doctor | head`): the reader has
//! seen what it wanted, so we stop quietly instead of panicking like `println!` does.

use std::io::{ErrorKind, Write};

pub fn write(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && err.kind() != ErrorKind::BrokenPipe
    {
        eprintln!("cannot write to standard output: {err}");
    }
}

/// `println!` that tolerates a closed pipe.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::write(&format!("{}\n", format_args!($($arg)*)))
    };
}
