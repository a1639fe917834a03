//! A Rust program using std the way ordinary programs do — args and environment, stdout and
//! stderr, stdin, std::fs in a preopened directory, collections, clocks and sleeping — and ending
//! with std::process::exit(7). Everything it prints is deterministic: for clocks it prints only
//! facts that must hold (e.g. that time went forwards), never the times themselves.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const ROOT: &str = "/sandbox";

fn check(cond: bool, what: &str) {
    if !cond {
        eprintln!("FAILED: {}", what);
        process::exit(1);
    }
}

fn args_and_env() {
    let args: Vec<String> = env::args().collect();
    println!("argc={}", args.len());
    for (i, arg) in args.iter().enumerate() {
        println!("argv[{}]={:?} ({} bytes, {} chars)", i, arg, arg.len(), arg.chars().count());
    }
    let greeting = env::var("GREETING").unwrap_or_else(|_| "(unset)".to_string());
    println!("GREETING={}", greeting);
    match env::var("MISSING") {
        Err(env::VarError::NotPresent) => println!("MISSING is not present"),
        other => println!("MISSING unexpectedly {:?}", other),
    }
    let mut vars: Vec<(String, String)> = env::vars().collect();
    vars.sort();
    println!("{} environment variables:", vars.len());
    for (k, v) in &vars {
        println!("  {}={}", k, v);
    }
    let n: i64 = env::var("COUNT").ok().and_then(|s| s.parse().ok()).unwrap_or(-1);
    println!("COUNT parsed as {}", n);
}

fn read_stdin() -> String {
    let stdin = io::stdin();
    let mut first = String::new();
    let n = stdin.lock().read_line(&mut first).expect("read_line");
    println!("stdin first line ({} bytes): {:?}", n, first);
    let mut rest = String::new();
    stdin.lock().read_to_string(&mut rest).expect("read_to_string");
    println!("stdin rest: {} bytes, {} lines", rest.len(), rest.lines().count());
    let mut again = String::new();
    check(stdin.lock().read_line(&mut again).expect("read_line at eof") == 0, "stdin at end of file");
    first + &rest
}

fn word_counts(text: &str) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    let mut sorted: Vec<(&String, &usize)> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("{} distinct words; top 5:", counts.len());
    for (word, count) in sorted.iter().take(5) {
        println!("  {:>8} {}", word, count);
    }
}

fn workload() {
    // Sieve of Eratosthenes.
    let limit = 10_000;
    let mut composite = vec![false; limit + 1];
    let mut primes = Vec::new();
    for i in 2..=limit {
        if !composite[i] {
            primes.push(i);
            let mut j = i * i;
            while j <= limit {
                composite[j] = true;
                j += i;
            }
        }
    }
    let sum: u64 = primes.iter().map(|&p| p as u64).sum();
    println!("{} primes below {}, sum {}, last {:?}", primes.len(), limit, sum, primes.last());

    // A HashMap under churn: insert, overwrite, remove, then check against a BTreeMap.
    let mut hm: HashMap<u32, String> = HashMap::new();
    let mut bt: BTreeMap<u32, String> = BTreeMap::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let key = (x >> 16) % 5000;
        if x & 3 == 0 {
            hm.remove(&key);
            bt.remove(&key);
        } else {
            let value = format!("v{}-{}", key, x % 97);
            hm.insert(key, value.clone());
            bt.insert(key, value);
        }
    }
    let agree = hm.len() == bt.len() && bt.iter().all(|(k, v)| hm.get(k) == Some(v));
    let checksum: u64 = bt.iter().map(|(k, v)| *k as u64 * v.len() as u64).sum();
    println!("map: {} entries, HashMap agrees with BTreeMap: {}, checksum {}", bt.len(), agree, checksum);

    let set: HashSet<char> = "the quick brown fox jumps over the lazy dog".chars().filter(|c| c.is_alphabetic()).collect();
    println!("pangram: {}", set.len() == 26);

    let mut s = String::new();
    for i in 0..10 {
        s.push_str(&i.to_string());
        s.push(if i % 2 == 0 { 'é' } else { '-' });
    }
    let reversed: String = s.chars().rev().collect();
    println!("string: {} ({} bytes, {} chars), reversed {}", s, s.len(), s.chars().count(), reversed);
    println!("floats: {:.4} {:e} {}", std::f64::consts::PI.sqrt(), 1.5e-7_f64, 0.1_f64 + 0.2);
}

fn files() -> io::Result<()> {
    let root = Path::new(ROOT);
    let input = fs::read_to_string(root.join("input.txt"))?;
    println!("input.txt: {} lines, first {:?}", input.lines().count(), input.lines().next());

    let deep = root.join("out/nested/deep");
    fs::create_dir_all(&deep)?;
    fs::create_dir_all(&deep)?; // again: no error
    println!("created {}: is_dir={}", deep.display(), fs::metadata(&deep)?.is_dir());

    for (name, body) in [("b.txt", "bee\n"), ("a.txt", "ay\n"), ("c.txt", "sea\n")] {
        fs::write(root.join("out").join(name), body)?;
    }
    fs::write(deep.join("leaf.txt"), "leaf")?;

    let mut log = OpenOptions::new().create(true).append(true).open(root.join("out/log.txt"))?;
    writeln!(log, "one")?;
    drop(log);
    let mut log = OpenOptions::new().append(true).open(root.join("out/log.txt"))?;
    writeln!(log, "two")?;
    drop(log);
    println!("log.txt: {:?}", fs::read_to_string(root.join("out/log.txt"))?);

    // Seek and partial reads through a BufReader.
    let mut f = File::open(root.join("input.txt"))?;
    f.seek(SeekFrom::Start(6))?;
    let mut reader = BufReader::new(f);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    println!("from offset 6: {:?}", line);

    let mut names: Vec<String> = fs::read_dir(root.join("out"))?
        .map(|e| {
            let e = e?;
            let kind = if e.file_type()?.is_dir() { "/" } else { "" };
            Ok(format!("{}{}", e.file_name().to_string_lossy(), kind))
        })
        .collect::<io::Result<_>>()?;
    names.sort();
    println!("out/: {}", names.join(" "));

    fs::rename(root.join("out/a.txt"), root.join("out/nested/a-moved.txt"))?;
    fs::remove_file(root.join("out/b.txt"))?;
    let meta = fs::metadata(root.join("out/nested/a-moved.txt"))?;
    println!("a-moved.txt: len={} is_file={}", meta.len(), meta.is_file());
    check(meta.modified().is_ok(), "metadata has a modification time");

    let mut names: Vec<String> = fs::read_dir(root.join("out"))?.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned())).collect::<io::Result<_>>()?;
    names.sort();
    println!("out/ after rename and remove: {}", names.join(" "));

    // Errors come back as the right io::ErrorKind.
    let missing = fs::read_to_string(root.join("missing.txt")).unwrap_err();
    println!("read missing: {:?}", missing.kind());
    let exists = fs::create_dir(root.join("out")).unwrap_err();
    println!("create_dir existing: {:?}", exists.kind());
    let not_empty = fs::remove_dir(root.join("out/nested")).is_err();
    println!("remove_dir non-empty fails: {}", not_empty);
    let outside = fs::read_to_string("/etc/passwd").is_err();
    println!("read outside the preopen fails: {}", outside);

    fs::remove_dir_all(root.join("out/nested"))?;
    println!("nested removed: {}", !root.join("out/nested").exists());
    fs::copy(root.join("out/c.txt"), root.join("copy.txt"))?;
    fs::write(root.join("result.txt"), format!("words={}\n", input.split_whitespace().count()))?;
    Ok(())
}

fn clocks() {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after the epoch");
    println!("system time after 2020: {}", since_epoch.as_secs() > 1_577_836_800);
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    let slept = start.elapsed();
    println!("slept at least 20ms: {}", slept >= Duration::from_millis(20));
    let later = Instant::now();
    println!("instant monotonic: {}", later >= start);
}

fn main() {
    println!("rust std on wasm32-wasi");
    args_and_env();
    let text = read_stdin();
    word_counts(&text);
    workload();
    if let Err(e) = files() {
        eprintln!("file error: {} ({:?})", e, e.kind());
        process::exit(2);
    }
    clocks();
    eprintln!("warning: exiting with code 7 on purpose");
    // Left in stdout's buffer: process::exit must still flush it.
    print!("bye (no newline)");
    process::exit(7);
}
