//! The isolated worker process: how the server runs the `klarefi` binary as a child that reads
//! untrusted bytes (`klarefi worker pdf`, `klarefi worker render`), and how that child caps
//! itself. One piece for every kind of worker (`sandbox` reads text layers, `render` draws
//! pages); each of those only says what to run and what its answer means.
//!
//! The child gets an empty environment but for what it needs (the search path, tesseract's
//! data, its limits), so the process that reads untrusted bytes never holds the server's
//! secrets. It leads its own process group, and the parent kills the whole group (tesseract
//! included) at the wall-clock deadline or when the read is abandoned. The child caps its
//! address space and CPU time before it reads anything.

use std::io::Read as _;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// What a worker child is started with.
#[derive(Debug, Clone)]
pub struct Spawn<'a> {
    /// The arguments after the executable (`["worker", "pdf"]`).
    pub args: Vec<String>,
    /// Address space of the child.
    pub memory_bytes: u64,
    /// CPU seconds of the child.
    pub cpu_seconds: u64,
    /// The tesseract the child runs (`KLAREFI_TESSERACT`), if set.
    pub tesseract: Option<&'a Path>,
    /// Wall-clock deadline of the whole run.
    pub deadline: Duration,
    /// Largest answer read from stdout; one byte more is read, so a caller can tell.
    pub max_output: usize,
}

/// How a worker child ended.
#[derive(Debug)]
pub struct Exit {
    pub status: ExitStatus,
    /// Its stdout, up to `max_output + 1` bytes.
    pub out: Vec<u8>,
    /// Its stderr, up to 64 KiB.
    pub err: Vec<u8>,
}

/// Why no [`Exit`] came back.
#[derive(Debug)]
pub enum RunError {
    /// The child could not be started (or waited for).
    Unavailable(String),
    /// The deadline passed; the child's process group was killed.
    Timeout,
}

/// Kills a worker's process group when dropped while armed: at the deadline, or when the read
/// is abandoned (a job's lease was lost), so tesseract never outlives its worker.
struct GroupKill(Option<rustix::process::Pid>);

impl Drop for GroupKill {
    fn drop(&mut self) {
        if let Some(group) = self.0.take() {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
    }
}

/// Runs `exe` as a worker child on `input` (written to its stdin) and collects its answer.
pub async fn run(exe: &Path, spawn: &Spawn<'_>, input: &[u8]) -> Result<Exit, RunError> {
    let mut command = tokio::process::Command::new(exe);
    command.env_clear();
    for name in ["PATH", "TESSDATA_PREFIX"] {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    // The allocator (mimalloc) reserves address space in 1 GiB arenas by default, which
    // alone would fill the child's address-space limit: reserve in small steps, commit on
    // use and return freed memory at once. Peak RSS over the corpus is then what it was
    // with glibc's allocator (BENCHMARKS.md).
    for (name, value) in [
        ("MIMALLOC_ARENA_RESERVE", "16MiB"),
        ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
        ("MIMALLOC_PURGE_DELAY", "0"),
    ] {
        command.env(name, value);
    }
    if let Some(tesseract) = spawn.tesseract {
        command.env("KLAREFI_TESSERACT", tesseract);
    }
    let mut child = command
        .env(MEMORY_VAR, spawn.memory_bytes.to_string())
        .env(CPU_VAR, spawn.cpu_seconds.to_string())
        .env("RUST_BACKTRACE", "0")
        .args(&spawn.args)
        // Its own process group, so tesseract goes down with it.
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| RunError::Unavailable(e.to_string()))?;
    let group = child
        .id()
        .and_then(|id| rustix::process::Pid::from_raw(i32::try_from(id).ok()?));
    let mut group = GroupKill(group);
    let missing = |what: &str| RunError::Unavailable(format!("no {what}"));
    let mut stdin = child.stdin.take().ok_or_else(|| missing("stdin"))?;
    let mut stdout = child.stdout.take().ok_or_else(|| missing("stdout"))?;
    let mut stderr = child.stderr.take().ok_or_else(|| missing("stderr"))?;
    let max_output = spawn.max_output as u64 + 1;

    let run = async move {
        let feed = async move {
            // A child that dies early closes the pipe: that is its answer, not our error.
            let _ = stdin.write_all(input).await;
            drop(stdin);
        };
        let read_out = async move {
            let mut out = Vec::new();
            let _ = (&mut stdout).take(max_output).read_to_end(&mut out).await;
            out
        };
        let read_err = async move {
            let mut err = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut err).await;
            err
        };
        let ((), out, err) = tokio::join!(feed, read_out, read_err);
        (child.wait().await, out, err)
    };
    let Ok((status, out, err)) = tokio::time::timeout(spawn.deadline, run).await else {
        // The child is not reaped yet, so its group id is still ours to kill.
        drop(group);
        return Err(RunError::Timeout);
    };
    // Reaped: the group id is no longer ours.
    group.0 = None;
    let status = status.map_err(|e| RunError::Unavailable(e.to_string()))?;
    Ok(Exit { status, out, err })
}

const MEMORY_VAR: &str = "KLAREFI_WORKER_MEMORY";
const CPU_VAR: &str = "KLAREFI_WORKER_CPU";

/// The child side, first thing: caps its own address space and CPU time at what the parent
/// passed (or the defaults) and turns core dumps off. False when a limit could not be set.
pub fn cap_self(default_memory: u64, default_cpu: u64) -> bool {
    let limit = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let memory = limit(MEMORY_VAR, default_memory);
    let cpu = limit(CPU_VAR, default_cpu);
    rlimit::setrlimit(rlimit::Resource::AS, memory, memory).is_ok()
        && rlimit::setrlimit(rlimit::Resource::CPU, cpu, cpu.saturating_add(1)).is_ok()
        && rlimit::setrlimit(rlimit::Resource::CORE, 0, 0).is_ok()
}

/// The child side: reads stdin up to `max` bytes (one more, so a caller can tell).
pub fn read_input(max: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().take(max + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}
