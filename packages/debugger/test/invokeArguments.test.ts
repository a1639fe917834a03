// An export's arguments given as text, typed by its parameters: what every client (CLI, DAP, web) calls.
import { describe, expect, it } from 'vitest';
import { decodeModule, F32, F64, I32, I64, V128 } from '@lantern/runtime';
import { wat2wasm } from '@lantern/wat';
import { exportedFunctionType, parseArgument, parseInvokeArguments, UserError } from '../src/index.ts';

const info = decodeModule(
  wat2wasm(`(module
    (import "env" "log" (func $log (param f64)))
    (func $mix (param i32 i64 f32 f64))
    (memory 1)
    (export "mix" (func $mix))
    (export "log" (func $log))
    (export "mem" (memory 0)))`),
);

describe('invoke arguments', () => {
  it('types each text by the parameter it fills', () => {
    expect(parseInvokeArguments(info, 'mix', ['-7', '0x10', '1.5', 'nan'])).toEqual([-7, 16n, 1.5, NaN]);
    expect(parseInvokeArguments(info, 'log', ['-inf'])).toEqual([-Infinity]);
  });

  it('wraps unsigned integers into the signed range and keeps 64-bit precision', () => {
    expect(parseArgument('4294967295', I32, 0)).toBe(-1);
    expect(parseArgument('-0x10', I32, 0)).toBe(-16);
    expect(parseArgument('18446744073709551615', I64, 0)).toBe(-1n);
    expect(parseArgument('+9007199254740993', I64, 0)).toBe(9007199254740993n);
    expect(parseArgument(' 2.5e3 ', F64, 0)).toBe(2500);
    expect(parseArgument('inf', F32, 0)).toBe(Infinity);
  });

  it('names the argument and its type when a text does not fit', () => {
    expect(() => parseArgument('x', I32, 0)).toThrow(new UserError('argument 1 "x" is not a valid i32'));
    expect(() => parseArgument('1.5', I64, 2)).toThrow('argument 3 "1.5" is not a valid i64');
    expect(() => parseArgument('4294967296', I32, 0)).toThrow('argument 1 "4294967296" is not a valid i32');
    expect(() => parseArgument('-9223372036854775809', I64, 0)).toThrow('is not a valid i64');
    expect(() => parseArgument('one', F64, 1)).toThrow('argument 2 "one" is not a valid f64');
    expect(() => parseArgument('', F32, 0)).toThrow('argument 1 "" is not a valid f32');
    expect(() => parseArgument('0', V128, 0)).toThrow('argument 1: a v128 cannot be given as text');
  });

  it('names the export when it is missing, not a function, or given the wrong number of arguments', () => {
    expect(exportedFunctionType(info, 'log').params).toEqual([F64]);
    expect(() => parseInvokeArguments(info, 'nope', [])).toThrow('no exported function "nope" (exported functions: mix, log)');
    expect(() => parseInvokeArguments(info, 'mem', [])).toThrow('export "mem" is a memory, not a function');
    expect(() => parseInvokeArguments(info, 'mix', ['1'])).toThrow('"mix" takes 4 arguments, got 1');
    expect(() => parseInvokeArguments(info, 'log', [])).toThrow('"log" takes 1 argument, got 0');
  });
});
