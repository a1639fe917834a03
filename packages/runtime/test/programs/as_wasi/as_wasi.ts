// @ts-nocheck  (AssemblyScript: asc checks it, not tsc.) Built by ../build.sh.
// An AssemblyScript program built with @assemblyscript/wasi-shim: console.log, process.argv,
// process.env, process.stdin/stdout/stderr, Date.now, performance.now, process.hrtime,
// crypto.getRandomValues and Math.random through the shim's APIs, and — since the shim has no
// file API — files in the preopened directory through the WASI calls it declares (its
// bindings module), as an AssemblyScript program with files has to. Ends with process.exit(5).
// Everything printed is deterministic: of clocks and randomness only facts that must hold.
import {
  errno,
  errnoToString,
  fd,
  fd_close,
  fd_filestat_get,
  fd_prestat_dir_name,
  fd_prestat_get,
  fd_read,
  fd_readdir,
  fd_seek,
  fd_write,
  filestat,
  filetype,
  iovec,
  oflags,
  path_create_directory,
  path_filestat_get,
  path_open,
  path_remove_directory,
  path_rename,
  path_unlink_file,
  prestat,
  rights,
  whence,
} from "bindings/wasi_snapshot_preview1";

// Scratch space for out-parameters (an iovec, a count, an fd, a filestat...).
const scratch = memory.data(128);

function check(err: errno, what: string): void {
  if (err != errno.SUCCESS) {
    process.stderr.write("FAILED: " + what + ": " + errnoToString(err) + "\n");
    process.exit(1);
  }
}

function utf8(s: string): ArrayBuffer {
  return String.UTF8.encode(s);
}

// --- args, environment, stdio -------------------------------------------------------------

function argsAndEnv(): void {
  const argv = process.argv;
  console.log("argc=" + argv.length.toString());
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    console.log("argv[" + i.toString() + "]=" + arg + " (" + String.UTF8.byteLength(arg).toString() + " bytes, " + arg.length.toString() + " UTF-16 units)");
  }
  const env = process.env;
  console.log("GREETING=" + (env.has("GREETING") ? env.get("GREETING") : "(unset)"));
  console.log("MISSING " + (env.has("MISSING") ? "is set" : "is not set"));
  const keys = env.keys();
  keys.sort();
  console.log(keys.length.toString() + " environment variables:");
  for (let i = 0; i < keys.length; i++) console.log("  " + keys[i] + "=" + env.get(keys[i]));
  console.log("COUNT parsed as " + I32.parseInt(env.get("COUNT")).toString());
  process.stdout.write("written with process.stdout.write\n");
  process.stderr.write("written with process.stderr.write\n");
  console.error("console.error output");
}

function readStdin(): string {
  const chunks = new Array<ArrayBuffer>();
  let total = 0;
  let reads = 0;
  while (true) {
    const buf = new ArrayBuffer(64);
    const n = process.stdin.read(buf);
    if (n == 0) break;
    reads++;
    chunks.push(buf.slice(0, n));
    total += n;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    all.set(Uint8Array.wrap(chunks[i]), at);
    at += chunks[i].byteLength;
  }
  const text = String.UTF8.decode(all.buffer);
  console.log("stdin: " + total.toString() + " bytes in " + (reads > 1 ? "several reads" : "one read") + ", " + text.split("\n").length.toString() + " lines");
  return text;
}

// --- a workload ---------------------------------------------------------------------------

function wordCounts(text: string): void {
  const counts = new Map<string, i32>();
  const words = text.toLowerCase().replaceAll(",", " ").replaceAll(";", " ").replaceAll("\n", " ").split(" ");
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.length == 0) continue;
    counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
  }
  const keys = counts.keys();
  keys.sort((a: string, b: string): i32 => a < b ? -1 : a > b ? 1 : 0);
  let top = "";
  for (let i = 0; i < keys.length; i++) {
    if (counts.get(keys[i]) > 1) top += " " + keys[i] + "=" + counts.get(keys[i]).toString();
  }
  console.log(counts.size.toString() + " distinct words; repeated:" + top);
}

function workload(): void {
  const limit = 10000;
  const composite = new StaticArray<bool>(limit + 1);
  const primes = new Array<i32>();
  for (let i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    primes.push(i);
    for (let j = i * i; j <= limit; j += i) composite[j] = true;
  }
  let sum: i64 = 0;
  for (let i = 0; i < primes.length; i++) sum += primes[i];
  console.log(primes.length.toString() + " primes below " + limit.toString() + ", sum " + sum.toString() + ", last " + primes[primes.length - 1].toString());
  const squares = primes.slice(0, 10).map<i32>((p: i32): i32 => p * p).filter((q: i32): bool => q % 3 != 0);
  console.log("squares of the first primes, not divisible by 3: " + squares.join(","));
  let s = "";
  for (let i = 0; i < 5; i++) s += "é" + i.toString();
  console.log("string: " + s + " (" + s.length.toString() + " units, " + String.UTF8.byteLength(s).toString() + " UTF-8 bytes), upper " + s.toUpperCase());
  // AssemblyScript's own dtoa: not always the shortest round-trip form JavaScript prints.
  console.log("floats: " + Math.sqrt(2).toString() + " " + (0.1 + 0.2).toString() + " " + (Math.round(1e4 / 3.0) / 1e4).toString());
}

function clocksAndRandomness(): void {
  console.log("Date.now after 2020: " + (Date.now() > 1577836800000 ? "true" : "false"));
  const t0 = process.hrtime();
  const p0 = performance.now();
  let x: u32 = 1;
  for (let i = 0; i < 100000; i++) x = x * 1664525 + 1013904223;
  const t1 = process.hrtime();
  const p1 = performance.now();
  console.log("hrtime monotonic: " + (t1 >= t0 ? "true" : "false") + ", performance.now monotonic: " + (p1 >= p0 ? "true" : "false") + " (" + (x != 0 ? "ok" : "?") + ")");
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let nonzero = false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] != 0) nonzero = true;
  console.log("getRandomValues filled 32 bytes: " + (nonzero ? "true" : "false"));
  const r = Math.random();
  console.log("Math.random in [0, 1): " + (r >= 0 && r < 1 ? "true" : "false"));
}

// --- files through the WASI calls ---------------------------------------------------------

/** The preopened directory named `name`, found as wasi-libc finds its preopens: fds from 3 up. */
function findPreopen(name: string): fd {
  for (let dir: fd = 3; ; dir++) {
    const err = fd_prestat_get(dir, changetype<prestat>(scratch));
    if (err == errno.BADF) break;
    check(err, "fd_prestat_get");
    const len = load<u32>(scratch, 4);
    const buf = new ArrayBuffer(len);
    check(fd_prestat_dir_name(dir, changetype<usize>(buf), len), "fd_prestat_dir_name");
    const found = String.UTF8.decode(buf);
    if (found == name) return dir;
  }
  process.stderr.write("no preopen " + name + "\n");
  process.exit(1);
  return 0;
}

function open(dir: fd, path: string, flags: u16, write: bool): fd {
  const p = utf8(path);
  let base = rights.FD_READ | rights.FD_SEEK | rights.FD_TELL | rights.FD_FILESTAT_GET | rights.FD_READDIR;
  if (write) base |= rights.FD_WRITE;
  check(path_open(dir, 0, changetype<usize>(p), p.byteLength, flags, base, base, 0, scratch), "path_open " + path);
  return load<u32>(scratch);
}

function tryOpen(dir: fd, path: string): errno {
  const p = utf8(path);
  return path_open(dir, 0, changetype<usize>(p), p.byteLength, 0, rights.FD_READ, 0, 0, scratch);
}

function writeAll(file: fd, text: string): void {
  const data = utf8(text);
  const iov = changetype<iovec>(scratch);
  iov.buf = changetype<usize>(data);
  iov.buf_len = data.byteLength;
  check(fd_write(file, scratch, 1, scratch + 16), "fd_write");
  if (load<u32>(scratch, 16) != <u32>data.byteLength) {
    process.stderr.write("short write\n");
    process.exit(1);
  }
}

function readAll(file: fd): string {
  let text = "";
  const buf = new ArrayBuffer(5); // small, so reads come in pieces
  while (true) {
    const iov = changetype<iovec>(scratch);
    iov.buf = changetype<usize>(buf);
    iov.buf_len = buf.byteLength;
    check(fd_read(file, scratch, 1, scratch + 16), "fd_read");
    const n = load<u32>(scratch, 16);
    if (n == 0) return text;
    text += String.UTF8.decode(buf.slice(0, n));
  }
}

function readFile(dir: fd, path: string): string {
  const file = open(dir, path, 0, false);
  const text = readAll(file);
  check(fd_close(file), "fd_close");
  return text;
}

function sizeOf(dir: fd, path: string): u64 {
  const p = utf8(path);
  check(path_filestat_get(dir, 0, changetype<usize>(p), p.byteLength, changetype<filestat>(scratch)), "path_filestat_get " + path);
  return changetype<filestat>(scratch).size;
}

function listDir(dir: fd, path: string): string {
  const d = open(dir, path, oflags.DIRECTORY, false);
  const names = new Array<string>();
  const buf = new ArrayBuffer(256);
  let cookie: u64 = 0;
  while (true) {
    check(fd_readdir(d, changetype<usize>(buf), buf.byteLength, cookie, scratch), "fd_readdir");
    const used = load<u32>(scratch);
    let at: u32 = 0;
    while (at + 24 <= used) {
      const entry = changetype<usize>(buf) + at;
      const namlen = load<u32>(entry, 16);
      if (at + 24 + namlen > used) break; // cut off: read again from this entry's cookie
      const type = load<u8>(entry, 20);
      const name = String.UTF8.decodeUnsafe(entry + 24, namlen);
      if (name != "." && name != "..") names.push(name + (type == filetype.DIRECTORY ? "/" : ""));
      cookie = load<u64>(entry);
      at += 24 + namlen;
    }
    if (used < <u32>buf.byteLength) break;
  }
  check(fd_close(d), "fd_close dir");
  names.sort();
  return names.join(" ");
}

function files(): void {
  const root = findPreopen("/sandbox");
  console.log("found preopen /sandbox");
  const input = readFile(root, "input.txt");
  console.log("input.txt: " + input.split("\n").length.toString() + " parts, " + sizeOf(root, "input.txt").toString() + " bytes");

  const dir = utf8("out");
  check(path_create_directory(root, changetype<usize>(dir), dir.byteLength), "path_create_directory");
  const again = path_create_directory(root, changetype<usize>(dir), dir.byteLength);
  console.log("mkdir out again: " + errnoToString(again));

  const file = open(root, "out/data.txt", oflags.CREAT | oflags.TRUNC, true);
  for (let i = 0; i < 3; i++) writeAll(file, "record " + i.toString() + "\n");
  check(fd_seek(file, 7, whence.SET, scratch), "fd_seek");
  console.log("seek to 7, read: " + JSON_quote(readAll(file)));
  check(fd_filestat_get(file, changetype<filestat>(scratch)), "fd_filestat_get");
  console.log("data.txt size " + changetype<filestat>(scratch).size.toString() + ", regular file: " + (changetype<filestat>(scratch).filetype == filetype.REGULAR_FILE ? "true" : "false"));
  check(fd_close(file), "fd_close");

  const scratchFile = open(root, "out/tmp.txt", oflags.CREAT, true);
  writeAll(scratchFile, "temporary");
  check(fd_close(scratchFile), "fd_close");
  const sub = utf8("out/sub");
  check(path_create_directory(root, changetype<usize>(sub), sub.byteLength), "mkdir out/sub");
  console.log("out/: " + listDir(root, "out"));

  const from = utf8("out/data.txt");
  const to = utf8("out/renamed.txt");
  check(path_rename(root, changetype<usize>(from), from.byteLength, root, changetype<usize>(to), to.byteLength), "path_rename");
  const tmp = utf8("out/tmp.txt");
  check(path_unlink_file(root, changetype<usize>(tmp), tmp.byteLength), "path_unlink_file");
  check(path_remove_directory(root, changetype<usize>(sub), sub.byteLength), "path_remove_directory");
  console.log("out/ after rename, unlink, rmdir: " + listDir(root, "out"));
  console.log("renamed.txt: " + JSON_quote(readFile(root, "out/renamed.txt")));

  console.log("open missing.txt: " + errnoToString(tryOpen(root, "missing.txt")));
  console.log("open ../escape.txt: " + errnoToString(tryOpen(root, "../escape.txt")));
  const outDir = utf8("out");
  console.log("rmdir non-empty out: " + errnoToString(path_remove_directory(root, changetype<usize>(outDir), outDir.byteLength)));

  const result = open(root, "result.txt", oflags.CREAT | oflags.TRUNC, true);
  writeAll(result, "lines=" + input.split("\n").length.toString() + "\n");
  check(fd_close(result), "fd_close");
}

function JSON_quote(s: string): string {
  return "\"" + s.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\"", "\\\"") + "\"";
}

console.log("hello from AssemblyScript on " + process.platform + "/" + process.arch);
argsAndEnv();
const text = readStdin();
wordCounts(text);
workload();
clocksAndRandomness();
files();
process.stderr.write("exiting with code 5 on purpose\n");
process.exit(5);
