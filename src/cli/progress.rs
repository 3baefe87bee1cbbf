//! A progress indicator on stderr for long scans: nothing for the first second (a
//! pre-commit run must stay silent), then a spinner with the elapsed time, erased when the
//! scan ends. Only started when stderr is a terminal.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Progress {
    done: Arc<AtomicBool>,
    thread: JoinHandle<bool>,
}

const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

impl Progress {
    pub fn start() -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let mut shown = false;
            let mut frame = 0;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let elapsed = start.elapsed();
                if elapsed >= Duration::from_secs(1) && frame % 2 == 0 {
                    let mut e = std::io::stderr().lock();
                    let _ =
                        write!(e, "\r{} scanning… {:.0}s", FRAMES[(frame / 2) % 4], elapsed.as_secs_f64());
                    let _ = e.flush();
                    shown = true;
                }
                frame += 1;
            }
            shown
        });
        Progress { done, thread }
    }

    /// Stop and erase the indicator.
    pub fn finish(self) {
        self.done.store(true, Ordering::Relaxed);
        if self.thread.join().unwrap_or(false) {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
