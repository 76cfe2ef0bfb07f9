//! What the benchmarks measure with: percentiles of latencies, the CPU
//! time of named threads of this process and its resident memory, read
//! from `/proc` (Linux).
#![allow(dead_code)]

use std::time::Duration;

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Prints the p50, p95 and max of `samples`, each one of `unit`.
pub fn report(what: &str, unit: &str, mut samples: Vec<Duration>) {
    samples.sort();
    if samples.is_empty() {
        println!("{what}: no samples");
        return;
    }
    println!(
        "{what}: {} {unit}, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

/// CPU time (user and system, in clock ticks of 1/100 s) used by this
/// process's threads with these names ("" is the main thread's name here).
pub fn thread_ticks(names: &[&str]) -> u64 {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if names.iter().any(|n| comm.trim() == *n) {
            total += ticks_of(&task.path());
        }
    }
    total
}

/// CPU time (as [`thread_ticks`]) of the process's main thread alone,
/// whatever other threads are called.
pub fn main_thread_ticks() -> u64 {
    ticks_of(&std::path::Path::new("/proc/self/task").join(std::process::id().to_string()))
}

fn ticks_of(task: &std::path::Path) -> u64 {
    let stat = std::fs::read_to_string(task.join("stat")).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields.get(11).and_then(|u| u.parse::<u64>().ok()).unwrap_or(0)
        + fields.get(12).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
}

/// The name of the thread that calls this (the main thread's is the
/// binary's, cut to fifteen bytes).
pub fn main_thread_name() -> String {
    std::fs::read_to_string("/proc/thread-self/comm").unwrap_or_default().trim().to_string()
}

/// This process's resident memory, in KiB.
pub fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
