//! What the soak benchmark reads off each computer while the shop's day runs: once a second
//! its daemon's CPU time, memory, open files and log lines, and every 10 seconds the size of
//! its copy's `.kundreg/` and `done/`; then the figures the goals are stated in.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One reading of one computer's daemon.
#[derive(Clone, Copy)]
struct Sample {
    /// Seconds since the run started.
    at: f64,
    pid: u32,
    cpu: f64,
    rss_mib: f64,
    peak_mib: f64,
    fds: usize,
    log_lines: usize,
    /// Whether the shop was idle when it was taken.
    idle: bool,
}

/// The sizes of one copy's folders, in bytes.
#[derive(Clone, Copy, Default)]
struct Sizes {
    kundreg: u64,
    done: u64,
}

/// What is measured of one computer: where its daemon's log and its copy are, and its
/// daemon's process while it runs.
pub struct Watched {
    pub name: String,
    pub log: PathBuf,
    pub copy: PathBuf,
    pub pid: Mutex<Option<u32>>,
    samples: Mutex<Vec<Sample>>,
    sizes: Mutex<Vec<Sizes>>,
}

impl Watched {
    pub fn new(name: &str, log: PathBuf, copy: PathBuf) -> Arc<Watched> {
        Arc::new(Watched {
            name: name.to_string(),
            log,
            copy,
            pid: Mutex::new(None),
            samples: Mutex::new(Vec::new()),
            sizes: Mutex::new(Vec::new()),
        })
    }
}

/// Reads every computer once a second until stopped.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    pub idle: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Sampler {
    pub fn start(computers: Vec<Arc<Watched>>) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let idle = Arc::new(AtomicBool::new(false));
        let (stopping, idling) = (stop.clone(), idle.clone());
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let ticks = ticks_per_second();
            let mut round = 0u64;
            while !stopping.load(Ordering::SeqCst) {
                for computer in &computers {
                    let pid = *computer.pid.lock().unwrap();
                    let at = start.elapsed().as_secs_f64();
                    let idle = idling.load(Ordering::SeqCst);
                    if let Some(sample) = pid.and_then(|pid| sample(computer, pid, at, idle, ticks))
                    {
                        computer.samples.lock().unwrap().push(sample);
                    }
                    if round.is_multiple_of(10) {
                        let sizes = Sizes {
                            kundreg: size(&computer.copy.join(".kundreg")),
                            done: size(&computer.copy.join("done")),
                        };
                        computer.sizes.lock().unwrap().push(sizes);
                    }
                }
                round += 1;
                std::thread::sleep(Duration::from_secs(1));
            }
        });
        Sampler {
            stop,
            idle,
            thread: Some(thread),
        }
    }

    pub fn finish(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100.0)
}

/// One reading of `pid`, or none if it has just exited.
fn sample(computer: &Watched, pid: u32, at: f64, idle: bool, ticks: f64) -> Option<Sample> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let cpu_ticks: f64 =
        fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib = |key: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<f64>()
            .ok()
    };
    Some(Sample {
        at,
        pid,
        cpu: cpu_ticks / ticks,
        rss_mib: kib("VmRSS:")? / 1024.0,
        peak_mib: kib("VmHWM:")? / 1024.0,
        fds: fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count(),
        log_lines: fs::read_to_string(&computer.log).map_or(0, |t| t.lines().count()),
        idle,
    })
}

/// The bytes of every file under `folder`.
fn size(folder: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.metadata() {
                Ok(meta) if meta.is_dir() => stack.push(entry.path()),
                Ok(meta) => total += meta.len(),
                Err(_) => {}
            }
        }
    }
    total
}

/// The figures of one computer over the run.
pub struct Figures {
    pub name: String,
    /// % of one core while the shop was idle, and over the whole run.
    pub idle_cpu: f64,
    pub total_cpu: f64,
    pub idle_seconds: f64,
    pub peak_mib: f64,
    /// Resident memory: the first minute of its last daemon's life against the last minute.
    pub growth_mib: f64,
    pub growth_since: f64,
    pub fds: (usize, usize, usize),
    pub idle_log_lines: usize,
    /// `.kundreg/` and `done/` in KiB: at the start, largest, at the end.
    pub kundreg_kib: (u64, u64, u64),
    pub done_kib: (u64, u64, u64),
}

impl Figures {
    pub fn of(computer: &Watched) -> Figures {
        let samples = computer.samples.lock().unwrap().clone();
        let sizes = computer.sizes.lock().unwrap().clone();
        let (mut idle_cpu, mut idle_time, mut total_cpu, mut idle_log_lines) = (0.0, 0.0, 0.0, 0);
        for pair in samples.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.pid != b.pid {
                continue;
            }
            total_cpu += b.cpu - a.cpu;
            if a.idle && b.idle {
                idle_cpu += b.cpu - a.cpu;
                idle_time += b.at - a.at;
                idle_log_lines += b.log_lines.saturating_sub(a.log_lines);
            }
        }
        let first_at = samples.first().map_or(0.0, |s| s.at);
        let last_at = samples.last().map_or(0.0, |s| s.at);
        let last_pid = samples.last().map(|s| s.pid);
        let life: Vec<&Sample> = samples.iter().filter(|s| Some(s.pid) == last_pid).collect();
        let born = life.first().map_or(0.0, |s| s.at);
        let mean = |part: Vec<&&Sample>| {
            part.iter().map(|s| s.rss_mib).sum::<f64>() / part.len().max(1) as f64
        };
        let first_minute = mean(life.iter().filter(|s| s.at < born + 60.0).collect());
        let last_minute = mean(life.iter().filter(|s| s.at > last_at - 60.0).collect());
        let kib = |f: fn(&Sizes) -> u64| {
            let all: Vec<u64> = sizes.iter().map(|s| f(s) / 1024).collect();
            (
                all.first().copied().unwrap_or(0),
                all.iter().copied().max().unwrap_or(0),
                all.last().copied().unwrap_or(0),
            )
        };
        Figures {
            name: computer.name.clone(),
            idle_cpu: 100.0 * idle_cpu / idle_time.max(1.0),
            total_cpu: 100.0 * total_cpu / (last_at - first_at).max(1.0),
            idle_seconds: idle_time,
            peak_mib: samples.iter().map(|s| s.peak_mib).fold(0.0, f64::max),
            growth_mib: last_minute - first_minute,
            growth_since: born,
            fds: (
                life.first().map_or(0, |s| s.fds),
                life.iter().map(|s| s.fds).max().unwrap_or(0),
                life.last().map_or(0, |s| s.fds),
            ),
            idle_log_lines,
            kundreg_kib: kib(|s| s.kundreg),
            done_kib: kib(|s| s.done),
        }
    }
}
