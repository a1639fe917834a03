// The `dprintf` formatter against C's printf: each expected line is what glibc's printf prints for
// the same format and arguments (a wasm32 program's int and long are 32 bits, long long 64).
import { describe, expect, it } from 'vitest';
import { formatPrintf, parsePrintfCall } from '../src/debug/printf.ts';

/** Formats with numbers and strings given by position. */
function printf(format: string, ...args: (number | bigint | string)[]): string {
  return formatPrintf(format, {
    number: (i) => args[i] as number | bigint,
    cString: (i) => args[i] as string,
  });
}

describe('dprintf formats as C printf does', () => {
  it('integers: flags, width, precision, length modifiers', () => {
    expect(printf('[%d|%5d|%-5d|%05d|%+d|% d|%i]', 42, 42, 42, -42, 42, 42, -7)).toBe('[42|   42|42   |-0042|+42| 42|-7]');
    expect(printf('[%u|%x|%X|%#x|%o|%#o|%8.3x|%lld|%llx]', -1, 255, 255, 255, 8, 8, 10, -5n, -1n)).toBe('[4294967295|ff|FF|0xff|10|010|     00a|-5|ffffffffffffffff]');
    expect(printf('[%p|%hhd|%hd]', 0x1234, 300, 70000)).toBe('[0x1234|44|4464]');
  });

  it('characters, strings and %%', () => {
    expect(printf('[%c|%s|%.2s|%6s|%-6s|%%]', 65, 'hello', 'hello', 'ab', 'ab')).toBe('[A|hello|he|    ab|ab    |%]');
  });

  it('floating point: %f %e %g and their upper-case forms', () => {
    expect(printf('[%f|%.2f|%8.3f|%e|%.2E|%g|%g|%g|%g|%#g|%G]', 3.14159, 2.5, -1.0, 12345.678, 0.000123, 100000.0, 1000000.0, 0.0001, 1.5, 2.0, 1e-5)).toBe(
      '[3.141590|2.50|  -1.000|1.234568e+04|1.23E-04|100000|1e+06|0.0001|1.5|2.00000|1E-05]',
    );
    expect(printf('[%08.3f|%+.1e|%010.2g]', -1.5, 2.26, 12345.0)).toBe('[-001.500|+2.3e+00|0001.2e+04]');
  });

  it('parses "FORMAT", ARGS with escapes, and rejects what C would not take', () => {
    expect(parsePrintfCall(' "%d x %d\\n", p.x, f(a, b)[1]')).toEqual({ format: '%d x %d\n', args: ['p.x', 'f(a, b)[1]'] });
    expect(parsePrintfCall('"100%%\\t\\"done\\""')).toEqual({ format: '100%%\t"done"', args: [] });
    expect(() => parsePrintfCall('"%d %d", x')).toThrow('Wrong number of arguments for specified format-string: it takes 2, 1 given.');
    expect(() => parsePrintfCall('%d, x')).toThrow('Bad format string');
    expect(() => parsePrintfCall('"%y", x')).toThrow('has a % that is no conversion');
    expect(() => parsePrintfCall('"\\q"')).toThrow('Unrecognized escape character \\q');
  });
});
