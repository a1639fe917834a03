/**
 * printWat on hand-written modules, the expected text written out to be read: GC types in a rec
 * group with sub/final and field names, exnref's try_table, stack switching, memory64, a shared
 * memory, multi-memory memargs, SIMD, bulk memory, every kind of segment, floats that must come
 * back bit for bit, and a custom section. Each text also encodes back to the same bytes. And the
 * position map lists the very offsets `wasmListing` (traps, breakpoints) uses.
 */
import { describe, expect, it } from 'vitest';
import { wat2wasm } from '@lantern/wat';
import { decodeModule, printWat, wasmInstructions } from '@lantern/runtime';
import { loadCorpus } from '../src/binary/corpus.ts';

function printed(source: string): string {
  const binary = wat2wasm(source);
  const { text } = printWat(binary);
  expect(wat2wasm(text)).toEqual(binary);
  return text;
}

describe('printWat, golden', () => {
  it('GC types, try_table and stack switching (labels named $B<n>, unnamed types numbered)', () => {
    const source = `(module
  (rec
    (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
    (type $leaf (sub final $node (struct (field $value i32) (field $next (mut (ref null $node))) (field $tag i8)))))
  (type $bytes (array (mut i8)))
  (type $ft (func (param i32) (result i32)))
  (type $ct (cont $ft))
  (tag $yield (param i32) (result i32))
  (tag $oops (param i64))
  (func $make (param $v i32) (result (ref $node))
    local.get $v
    ref.null $node
    struct.new $node)
  (func $sum (param $n (ref null $node)) (result i32) (local $acc i32)
    block $done
      loop $walk
        local.get $n
        br_on_null $done
        local.tee $n
        struct.get $node $value
        local.get $acc
        i32.add
        local.set $acc
        local.get $n
        ref.cast (ref $node)
        struct.get $node $next
        local.set $n
        br $walk
      end
    end
    local.get $acc)
  (func $catching (result i64)
    block $h (result i64)
      try_table (catch $oops $h)
        i64.const -5
        throw $oops
      end
      i64.const 0
    end)
  (func $gen (type $ft) local.get 0 suspend $yield)
  (func $drive (result i32)
    block $on (result i32 (ref $ct))
      i32.const 1
      ref.func $gen
      cont.new $ct
      resume $ct (on $yield $on)
      return
    end
    drop)
  (elem declare func $gen))
`;
    expect(printed(source)).toBe(`(module
  (rec
    (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
    (type $leaf (sub final $node (struct (field $value i32) (field $next (mut (ref null $node))) (field $tag i8)))))
  (type $bytes (array (mut i8)))
  (type $ft (func (param i32) (result i32)))
  (type $ct (cont $ft))
  (type (;5;) (func (param i64)))
  (type (;6;) (func (param i32) (result (ref $node))))
  (type (;7;) (func (param (ref null $node)) (result i32)))
  (type (;8;) (func (result i64)))
  (type (;9;) (func (result i32)))
  (type (;10;) (func (result i32 (ref $ct))))
  (func $make (type 6) (param $v i32) (result (ref $node))
    local.get $v
    ref.null $node
    struct.new $node
  )
  (func $sum (type 7) (param $n (ref null $node)) (result i32)
    (local $acc i32)
    block $B0
      loop $B1
        local.get $n
        br_on_null $B0
        local.tee $n
        struct.get $node $value
        local.get $acc
        i32.add
        local.set $acc
        local.get $n
        ref.cast (ref $node)
        struct.get $node $next
        local.set $n
        br $B1
      end
    end
    local.get $acc
  )
  (func $catching (type 8) (result i64)
    block $B0 (result i64)
      try_table $B1 (catch $oops $B0)
        i64.const -5
        throw $oops
      end
      i64.const 0
    end
  )
  (func $gen (type $ft) (param i32) (result i32)
    local.get 0
    suspend $yield
  )
  (func $drive (type 9) (result i32)
    block $B0 (type 10)
      i32.const 1
      ref.func $gen
      cont.new $ct
      resume $ct (on $yield $B0)
      return
    end
    drop
  )
  (tag $yield (type $ft) (param i32) (result i32))
  (tag $oops (type 5) (param i64))
  (elem (;0;) declare func $gen)
)
`);
  });

  it('memories, tables, globals, segments, SIMD, bulk memory and exact floats', () => {
    const source = `(module $demo
  (import "env" "log" (func $log (param i64)))
  (import "env" "mem" (memory $heap i64 1 100))
  (memory $scratch 1 1 shared)
  (table $fns 2 funcref)
  (table $refs i64 3 10 externref)
  (global $counter (mut i32) (i32.const 0))
  (global $base i64 (i64.add (i64.const 4096) (i64.const 16)))
  (func $numbers (result f64)
    f32.const 0.1
    f32.const -0
    f32.const inf
    f32.const -nan:0x200000
    f32.const 0x1p-149
    f64.const 3.141592653589793
    f64.const 1e300
    f64.const nan
    i32.const -2147483648
    i64.const 9223372036854775807
    drop drop drop drop drop drop drop drop drop)
  (func $memory (param $p i64) (param i32)
    local.get $p
    i64.load $heap offset=8 align=4
    call $log
    i32.const 0
    local.get 1
    i32.store8 $scratch offset=3
    i32.const 0
    v128.load $scratch
    v128.const i32x4 1 2 3 4
    i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
    i32x4.extract_lane 2
    global.set $counter
    i32.const 0 i32.const 16 i32.const 4
    memory.init $scratch $greeting
    data.drop $greeting
    i32.const 0 i32.const 0 i32.const 1
    table.init $fns $e
    i32.const 1
    i32.const 2
    local.get 1
    select
    if $branch
      nop
    else
      unreachable
    end)
  (elem $e func $numbers $memory)
  (elem (table $fns) (i32.const 0) funcref (ref.func $numbers) (ref.null func))
  (data $greeting "hi \\"there\\"\\n")
  (data (memory $heap) (i64.const 64) "\\00\\01\\02")
  (export "numbers" (func $numbers))
  (start $numbers)
  (@custom "note" (after data) "made by hand"))
`;
    expect(printed(source)).toBe(`(module $demo
  (type (;0;) (func (param i64)))
  (type (;1;) (func (result f64)))
  (type (;2;) (func (param i64 i32)))
  (import "env" "log" (func $log (type 0) (param i64)))
  (import "env" "mem" (memory $heap i64 1 100))
  (func $numbers (type 1) (result f64)
    f32.const 0.1
    f32.const -0
    f32.const inf
    f32.const -nan:0x200000
    f32.const 1e-45
    f64.const 3.141592653589793
    f64.const 1e+300
    f64.const nan
    i32.const -2147483648
    i64.const 9223372036854775807
    drop
    drop
    drop
    drop
    drop
    drop
    drop
    drop
    drop
  )
  (func $memory (type 2) (param $p i64) (param i32)
    local.get $p
    i64.load $heap offset=8 align=4
    call $log
    i32.const 0
    local.get 1
    i32.store8 $scratch offset=3
    i32.const 0
    v128.load $scratch
    v128.const i32x4 0x00000001 0x00000002 0x00000003 0x00000004
    i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
    i32x4.extract_lane 2
    global.set $counter
    i32.const 0
    i32.const 16
    i32.const 4
    memory.init $scratch $greeting
    data.drop $greeting
    i32.const 0
    i32.const 0
    i32.const 1
    table.init $fns $e
    i32.const 1
    i32.const 2
    local.get 1
    select
    if $B0
      nop
    else
      unreachable
    end
  )
  (table $fns 2 funcref)
  (table $refs i64 3 10 externref)
  (memory $scratch 1 1 shared)
  (global $counter (mut i32) (i32.const 0))
  (global $base i64 (i64.const 4096) (i64.const 16) (i64.add))
  (export "numbers" (func $numbers))
  (start $numbers)
  (elem $e func $numbers $memory)
  (elem (;1;) (offset (i32.const 0)) funcref (item (ref.func $numbers)) (item (ref.null func)))
  (data $greeting "hi \\22there\\22\\0a")
  (data (;1;) (offset (i64.const 64)) "\\00\\01\\02")
  (@custom "note" (after data) "made by hand")
)
`);
  });

  it('names that are no plain identifiers are quoted; repeated ones become (@name) annotations', () => {
    // $"a b" and the repeated name are written the way @lantern/wat reads them back into the name section.
    const source = '(module (func $"a b") (func $twin) (func (@name "twin")) (func $f (local $"x y" i32) call $"a b"))';
    const text = printed(source);
    expect(text).toContain('(func $"a b" (type 0)');
    expect(text).toContain('(func $twin (type 0)');
    expect(text).toContain('(func (;2;) (@name "twin") (type 0)');
    expect(text).toContain('(local $"x y" i32)');
    expect(text).toContain('call $"a b"');
  });

  it('with names: false, indices only, and the name section kept as bytes', () => {
    const binary = wat2wasm('(module (func $f (param $x i32) local.get $x drop))');
    const { text } = printWat(binary, { names: false });
    expect(text).toContain('(func (;0;) (type 0) (param i32)');
    expect(text).toContain('local.get 0');
    expect(text).toMatch(/\(@custom "name" \(after code\) "/);
    expect(wat2wasm(text)).toEqual(binary);
  });

  it('customSections: omit leaves them out and says so at the top', () => {
    const binary = wat2wasm('(module (@custom "dwarf-ish" "0123456789"))');
    expect(printWat(binary, { customSections: 'omit' }).text).toBe(';; custom sections left out: "dwarf-ish" (10 bytes)\n(module\n)\n');
  });
});

describe('the position map', () => {
  it('maps every instruction wasmListing lists (the offsets of traps and breakpoints) to the line printing it', () => {
    const bytes = loadCorpus(['fixtures']).find((s) => s.name.endsWith('lz/lz.wasm'))!.bytes;
    const info = decodeModule(bytes);
    const watText = printWat(info);
    const lines = watText.text.split('\n');
    let checked = 0;
    for (let f = info.importedFuncs; f < info.importedFuncs + info.bodies.length; f++) {
      const range = watText.functionLines(f)!;
      const instructions = wasmInstructions(info, f);
      instructions.forEach((ins, i) => {
        const at = watText.positionOfOffset(ins.offset)!;
        expect(at.line).toBeGreaterThan(range.first);
        expect(at.line).toBeLessThanOrEqual(range.last);
        expect(watText.offsetsOfLine(at.line)).toEqual([ins.offset]);
        const printedHere = lines[at.line - 1].slice(at.column - 1);
        // The body's final end is the function's closing parenthesis, on the range's last line.
        if (i === instructions.length - 1) expect([printedHere, at.line]).toEqual([')', range.last]);
        else expect(printedHere.split(' ')[0]).toBe(ins.mnemonic);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('places constant expressions on their definition\'s line, and says nothing of offsets no instruction starts at', () => {
    const binary = wat2wasm('(module (global i32 (i32.const 7)) (global i64 (i64.const 1) (i64.const 2) (i64.add)))');
    const watText = printWat(binary);
    const line = watText.text.split('\n').findIndex((l) => l.includes('i64.add')) + 1;
    const offsets = watText.offsetsOfLine(line);
    expect(offsets.length).toBe(3);
    expect(offsets.map((o) => binary[o])).toEqual([0x42, 0x42, 0x7c]); // i64.const, i64.const, i64.add
    expect(watText.lineOfOffset(offsets[0] + 1)).toBeUndefined();
    expect(watText.functionLines(0)).toBeUndefined();
  });
});
